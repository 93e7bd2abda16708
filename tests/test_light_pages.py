"""The shopper's pages as a browser, a crawler and the W3C checker receive them (issue 22, and issue 21's CSP).

- the Content-Security-Policy forbids inline scripts and styles on the public site, and the pages carry
  none (else the browser would refuse them and the page break); the back offices get a relaxed policy;
- /robots.txt lets crawlers into the public site only and names the sitemap;
- each page type has its own meta description;
- the W3C Nu checker (vnu-jar, run with the machine's Java) finds no error in the pages' HTML.
"""

import html
import json
import posixpath
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from oscar.core.loading import get_model

from shops.models import Shop

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
VALIDITY = Path(__file__).resolve().parent / "validity"
VNU = VALIDITY / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITE_DESCRIPTION = "Commandez chez les commerçants du Nord-Isère et retirez en boutique"


def _shop():
    return Shop.objects.filter(status=Shop.Status.APPROVED).order_by("pk").first()


def _product(shop):
    return StockRecord.objects.filter(partner=shop.partner, num_in_stock__gt=3).order_by("pk").first().product


def _fill_basket(client):
    """A basket with lines from two shops, as the basket and checkout pages are seen."""
    shops = list(Shop.objects.filter(status=Shop.Status.APPROVED).order_by("pk")[:2])
    for shop in shops:
        response = client.post(f"/basket/add/{_product(shop).pk}/", {"quantity": 1})
        assert response.status_code == 302


def _pages(client) -> dict[str, str]:
    shop = _shop()
    product = _product(shop)
    category = get_model("catalogue", "Category").objects.order_by("pk").first()
    paths = {
        "home": "/",
        "directory": "/boutiques/",
        "directory-map": "/boutiques/?view=map",
        "town": f"/boutiques/?town={shop.town}",
        "storefront": shop.get_absolute_url(),
        "product": product.get_absolute_url(),
        "catalogue": "/catalogue/",
        "category": category.get_absolute_url(),
        "search": "/recherche/?q=pain",
        "signup-landing": "/commercants/",
        "signup-step-1": "/commercants/inscription/etape-1/",
        "login": "/accounts/login/",
    }
    pages = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        pages[name] = response.content.decode()
    _fill_basket(client)
    for name, path in {"basket": "/basket/", "checkout": "/commande/"}.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        pages[name] = response.content.decode()
    return pages


@pytest.fixture
def pages(client):
    return _pages(client)


def _description(page: str) -> str:
    found = re.findall(r'<meta name="description" content="([^"]*)"', page)
    assert len(found) == 1
    return html.unescape(found[0])


def test_public_pages_get_a_csp_without_unsafe_inline(client):
    header = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in header


def test_back_offices_keep_inline_scripts_their_templates_need(client, demo_users):
    for path, who in [("/dashboard/", "staff"), ("/cms/", "superuser")]:
        client.force_login(demo_users[who])
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]


INLINE = [
    ("inline script", re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)),
    ("style element", re.compile(r"<style\b", re.I)),
    ("style attribute", re.compile(r"<[a-z][^>]*\sstyle=", re.I)),
    ("event handler attribute", re.compile(r"<[a-z][^>]*\son[a-z]+=", re.I)),
]


def test_shopper_pages_carry_nothing_inline_the_csp_would_block(pages):
    found = [
        (name, what, match.group(0)[:80])
        for name, page in pages.items()
        for what, pattern in INLINE
        for match in pattern.finditer(page)
    ]
    assert found == []


def test_robots_txt_allows_the_public_site_only_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")}
    assert {"/basket/", "/commande/", "/checkout/", "/accounts/", "/dashboard/", "/cms/"} <= disallowed
    assert not disallowed & {"/", "/boutiques/", "/catalogue/", "/recherche/"}
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_each_page_type_has_its_own_description(pages):
    shop = _shop()
    product = _product(shop)
    assert _description(pages["home"])
    storefront = _description(pages["storefront"])
    assert storefront.startswith(f"{shop.name}, {shop.category.name} à {shop.town}")
    assert _description(pages["product"]).startswith(f"{product.get_title()}, chez {shop.name} à {shop.town}")
    assert _description(pages["town"]).startswith(f"Les commerces de {shop.town}")
    category = get_model("catalogue", "Category").objects.order_by("pk").first()
    assert _description(pages["category"]).startswith(f"{category.name} : les produits")
    for name in ["storefront", "product", "town", "directory", "category"]:
        text = _description(pages[name])
        assert SITE_DESCRIPTION not in text, name
        assert text == " ".join(text.split()), f"{name}: stray whitespace in {text!r}"


def test_private_pages_stay_out_of_search_engines(pages):
    for name in ["search", "basket", "checkout", "login"]:
        assert re.search(r'<meta name="robots" content="[^"]*noindex', pages[name]), name
    for name in ["home", "storefront", "product", "town"]:
        assert "noindex" not in pages[name], name


def _vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu checker needs Java (Debian: default-jre-headless)")
    npm = shutil.which("npm")
    if not VNU.exists():
        if npm is None:
            pytest.fail("the Nu checker comes from the npm registry: npm is needed once")
        # vnu-jar from the npm registry, pinned in tests/validity/package-lock.json; its postinstall
        # would download a Java of its own, which this project never does: the machine's is used.
        subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=VALIDITY, check=True)
    return [java, "-Xss8m", "-jar", str(VNU)]


def test_nu_html_checker_finds_no_error(pages, tmp_path):
    command = _vnu()
    files = []
    for name, page in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(page)
        files.append(str(path))
    result = subprocess.run(
        [*command, "--format", "json", "--errors-only", *files], capture_output=True, text=True, timeout=300
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [f"{Path(m['url']).stem}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '')}]" for m in messages]
    assert errors == [], "\n".join(errors)


# --- Photos on a phone (issue 22: the storefront, catalogue, category and search pages were over 300 KiB) ---

LIST_PAGES = ["storefront", "catalogue", "category", "search"]
# A product card's photo is shown about 150 px wide on a 375 px phone (120 px in the catalogue's grid):
# twice that for a 2x screen, and no wider.
CARD_PHOTO_MAX = 320
# The storefront's cover spans the phone (about 345 px at 375 px): a 2x phone needs under 700 px.
COVER_PHONE_MAX = 690
# The storefront's logo is shown 72 px wide: one file, twice that.
LOGO_MAX = 144


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append({name: value or "" for name, value in attrs})


def _images(page: str) -> list[dict[str, str]]:
    parser = _Images()
    parser.feed(page)
    return parser.images


def _candidates(image: dict[str, str]) -> list[tuple[str, int]]:
    candidates = []
    for candidate in image.get("srcset", "").split(","):
        url, _, descriptor = candidate.strip().rpartition(" ")
        assert descriptor.endswith("w"), f"srcset without width descriptors: {image}"
        candidates.append((url, int(descriptor[:-1])))
    return candidates


def _media_file(url: str) -> Path:
    from django.conf import settings

    assert url.startswith(settings.MEDIA_URL), url
    return Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)


def test_list_pages_photos_are_webp_in_the_widths_a_phone_shows(pages):
    from PIL import Image

    for name in LIST_PAGES:
        photos = [image for image in _images(pages[name]) if "/media/" in image["src"]]
        assert len(photos) >= 8, f"{name}: the demo's product photos are missing"
        for image in photos:
            where = f"{name}: {image['src']}"
            assert image.get("width") and image.get("height"), f"{where}: no box reserved"
            if "storefront-logo" in image.get("class", ""):
                with Image.open(_media_file(image["src"])) as file:
                    assert (file.format, file.width) == ("WEBP", LOGO_MAX), where
                continue
            assert image.get("sizes"), f"{where}: no sizes, the browser would take the photo as wide as the screen"
            candidates = _candidates(image)
            assert image["src"] in [url for url, _ in candidates], where
            for url, width in candidates:
                with Image.open(_media_file(url)) as file:
                    assert (file.format, file.width) == ("WEBP", width), f"{where}: {url} is not a {width} px WebP"
            widths = [width for _, width in candidates]
            if "storefront-cover" in image.get("class", ""):
                assert min(widths) <= COVER_PHONE_MAX, f"{where}: no cover for a phone in {widths}"
            else:
                assert max(widths) <= CARD_PHOTO_MAX, f"{where}: a product photo {max(widths)} px wide"


def test_list_pages_fetch_their_first_photo_first_and_the_others_when_scrolled_to(pages):
    # The storefront's logo, beside its name at the top, is small and loads as it is.
    for name in LIST_PAGES:
        photos = [
            image
            for image in _images(pages[name])
            if "/media/" in image["src"] and "storefront-logo" not in image.get("class", "")
        ]
        first, *others = photos
        assert first.get("fetchpriority") == "high" and first.get("loading") != "lazy", f"{name}: {first}"
        late = [image for image in others if image.get("loading") != "lazy" or "fetchpriority" in image]
        assert late == [], f"{name}: photos below the first not lazy: {late}"


def test_the_shop_stylesheet_fetches_only_small_icon_fonts():
    # Font Awesome's whole solid font (111 KiB) was the largest file of the catalogue's pages: the
    # shopper pages' stylesheet names fonts cut down to the icons it uses (tools/shop-css/build.mjs).
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/shop.css")).read_text()
    fonts = re.findall(r'url\("?([^")]+\.woff2)"?\)', css)
    assert len(fonts) == 2
    for font in fonts:
        size = Path(finders.find(posixpath.normpath(f"css/{font}"))).stat().st_size
        assert size < 8 * 1024, f"{font}: {size} bytes"


# The maps (issue 22): sharp tiles on a phone's screen, a box that does not move, Leaflet only when needed.
class _MapBoxes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.maps, self.scripts, self.styles = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-shops-map" in attrs:
            self.maps.append(attrs)
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.styles.append(attrs["href"])


def _maps(page: str) -> _MapBoxes:
    parser = _MapBoxes()
    parser.feed(page)
    return parser


RETINA = "https://tiles.example.org/{z}/{x}/{y}@2x.png"


def test_maps_offer_the_retina_tiles_of_the_setting(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.MAP_TILES_RETINA_URL = RETINA
    for path in [_shop().get_absolute_url(), "/boutiques/?view=map"]:
        (box,) = _maps(client.get(path).content.decode()).maps
        assert box["data-tiles-retina-url"] == RETINA, path
        assert box["data-tiles-url"] == settings.MAP_TILES_URL, path
    settings.MAP_TILES_RETINA_URL = ""
    cache.clear()  # the directory's page is cached
    (box,) = _maps(client.get("/boutiques/?view=map").content.decode()).maps
    assert "data-tiles-retina-url" not in box  # a provider without retina tiles: the plain ones everywhere


def test_the_retina_tiles_origin_is_allowed_for_images(monkeypatch):
    import importlib

    from marketplace.settings import map_tiles

    monkeypatch.setenv("MAP_TILES_URL", "https://tiles.example.org/{z}/{x}/{y}.png")
    monkeypatch.setenv("MAP_TILES_RETINA_URL", "https://hd.example.net/{z}/{x}/{y}@2x.png")
    try:
        assert importlib.reload(map_tiles).MAP_TILES_ORIGINS == ["https://hd.example.net", "https://tiles.example.org"]
    finally:
        monkeypatch.undo()
        importlib.reload(map_tiles)


def test_map_boxes_are_in_the_page_from_the_start_with_their_height(pages):
    # A box the script reveals (hidden until then) pushed the shops below it down: CLS 0.052 on the map view.
    from django.contrib.staticfiles import finders

    for name in ["directory-map", "storefront"]:
        (box,) = _maps(pages[name]).maps
        assert "hidden" not in box, name
    css = Path(finders.find("css/site.css")).read_text()
    assert re.search(r"\.shops-map \{[^}]*height: 360px", css)
    assert re.search(r"\.shops-map--small \{[^}]*height: 200px", css)


def test_the_storefront_fetches_leaflet_only_when_its_map_comes_near(pages):
    # 148 KiB of script (42 KiB compressed) and a render-blocking stylesheet for a map further down the page.
    storefront = _maps(pages["storefront"])
    assert not [src for src in storefront.scripts if "leaflet" in src]
    assert not [href for href in storefront.styles if "leaflet" in href]
    (box,) = storefront.maps
    assert box["data-leaflet-js"].endswith(".js") and "leaflet" in box["data-leaflet-js"]
    assert box["data-leaflet-css"].endswith(".css") and "leaflet" in box["data-leaflet-css"]
    assert any(src.endswith("js/shops-map.js") for src in storefront.scripts)
