"""The map's background tiles (issue 22): one provider for every map (directory, storefront, order, sign-up),
so a CCI can use its own tile server and the benchmark a local stand-in. Read from the environment; base.py
imports it and allows the tiles' origins for images in its Content-Security-Policy.
"""

import environ

env = environ.Env()

MAP_TILES_URL = env("MAP_TILES_URL", default="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    default='© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
# Screens of more than one pixel per CSS pixel (most phones) get MAP_TILES_RETINA_URL when the provider has
# one: 512 px tiles shown at 256 CSS px, as many tiles as on any screen (Leaflet's detectRetina would load
# four times as many, a zoom level further). Empty for a provider without them (OpenStreetMap's own);
# a MAP_TILES_URL with Leaflet's {r} ("@2x" on such screens) works too.
MAP_TILES_RETINA_URL = env("MAP_TILES_RETINA_URL", default="")
MAP_TILES_ORIGINS = sorted(
    {"/".join(url.split("/")[:3]).replace("{s}.", "*.") for url in (MAP_TILES_URL, MAP_TILES_RETINA_URL) if url}
)
