"""The maps on a 375 px phone (issue 22): their box holds its place, their controls are big enough to tap,
and the storefront's map fetches Leaflet, and sharp tiles, only once the shopper scrolls to it."""

import io

import pytest

from shops.models import Shop

pytestmark = pytest.mark.django_db

# On a host the page's Content-Security-Policy allows for images (that of MAP_TILES_URL, the test server's).
RETINA = "https://hd.tile.openstreetmap.org/{z}/{x}/{y}@2x.png"
PLAIN = "openstreetmap.org"


def _phone(browser, e2e_server, **options):
    return browser.new_context(
        base_url=e2e_server, viewport={"width": 375, "height": 812}, locale="fr-FR", is_mobile=True, **options
    )


def _storefront():
    return Shop.objects.filter(status=Shop.Status.APPROVED, latitude__isnull=False).order_by("pk").first()


def _tile_png(size: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (size, size), (229, 231, 235)).save(out, "PNG")
    return out.getvalue()


def _box(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} takes no room"
    return box


SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => list.getEntries().forEach((shift) => {
    if (!shift.hadRecentInput) window.layoutShifts.push(shift.value);
})).observe({type: "layout-shift", buffered: true});
"""


def test_map_boxes_hold_their_place_whether_the_map_loads_or_not(browser, e2e_server):
    still = _phone(browser, e2e_server, java_script_enabled=False)
    live = _phone(browser, e2e_server)
    live.add_init_script(SHIFTS)
    for path, height in [("/boutiques/?view=map", 360), (_storefront().get_absolute_url(), 200)]:
        # Without JavaScript the box is there all the same, with its height (it was hidden until the script).
        without = still.new_page()
        without.goto(path)
        assert _box(without, "[data-shops-map]")["height"] >= height - 2, path
        # With it, drawing the map moves nothing (the shops below it moved down by its height: CLS 0.052).
        page = live.new_page()
        page.route(f"**/*{PLAIN}*/**", lambda route: route.abort())
        page.goto(path)
        page.locator("[data-shops-map]").scroll_into_view_if_needed()
        page.locator("[data-shops-map] .leaflet-marker-icon").first.wait_for()
        page.wait_for_timeout(300)
        assert _box(page, "[data-shops-map]")["height"] >= height - 2, path
        shifts = page.evaluate("window.layoutShifts")
        assert sum(shifts) < 0.01, (path, shifts)
    still.close()
    live.close()


def test_map_controls_are_big_enough_to_tap_on_a_phone(browser, e2e_server):
    context = _phone(browser, e2e_server)
    page = context.new_page()
    page.route(f"**/*{PLAIN}*/**", lambda route: route.abort())
    page.goto("/boutiques/?view=map")
    page.locator(".leaflet-marker-icon").first.wait_for()
    targets = page.evaluate(
        """() => Array.from(document.querySelectorAll(['a[href]', 'button', '[role=button]', '[tabindex="0"]']
            .map((what) => '[data-shops-map] ' + what).join(', ')
        )).filter((el) => el.getClientRects().length && !el.closest('.leaflet-control-attribution')).map((el) => {
            const r = el.getBoundingClientRect();
            return {what: el.className || el.tagName, name: el.title || el.textContent.trim(),
                    x: r.left, y: r.top, w: r.width, h: r.height};
        })"""
    )
    # (The credit's links are words in a line of text: WCAG 2.5.8's inline exception.)
    assert [t for t in targets if "zoom" in t["what"]], targets
    assert [t for t in targets if "marker" in t["what"]], targets
    small = [t for t in targets if t["w"] < 24 or t["h"] < 24]
    assert small == [], small
    # No target lies on another one: pins of shops next door were stacked, the first one hiding the next.
    overlapping = [
        (a["name"], b["name"])
        for i, a in enumerate(targets)
        for b in targets[i + 1 :]
        if a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    ]
    assert overlapping == [], overlapping
    context.close()


def test_the_storefront_map_fetches_leaflet_and_retina_tiles_once_scrolled_to(browser, e2e_server):
    # A 375 × 667 phone (an iPhone SE), twice as many pixels as CSS pixels.
    context = browser.new_context(
        base_url=e2e_server,
        viewport={"width": 375, "height": 667},
        locale="fr-FR",
        is_mobile=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    tile = _tile_png(512)
    page.route(f"**/*{PLAIN}*/**", lambda route: route.abort())
    page.route("https://hd.tile.openstreetmap.org/**", lambda route: route.fulfill(body=tile, content_type="image/png"))
    page.goto(_storefront().get_absolute_url())
    page.wait_for_load_state("networkidle")
    # The map is further down than the first screen and the 200 px before it: nothing of Leaflet yet.
    assert page.locator("[data-shops-map]").evaluate("(box) => box.getBoundingClientRect().top") > 667 + 200
    assert not [url for url in fetched if "leaflet" in url], fetched
    assert page.evaluate("typeof window.L") == "undefined"
    # The retina template as MAP_TILES_RETINA_URL would write it (the test server has none).
    page.locator("[data-shops-map]").evaluate(f"(box) => box.dataset.tilesRetinaUrl = {RETINA!r}")
    page.locator("[data-shops-map]").scroll_into_view_if_needed()
    page.locator("[data-shops-map] .leaflet-tile-loaded").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if url.endswith("leaflet.js")], fetched
    tiles = [url for url in fetched if PLAIN in url]
    assert tiles and all(url.startswith("https://hd.tile.") and url.endswith("@2x.png") for url in tiles), tiles
    # A 200 px high box about 345 px wide: 2 × 3 tiles of 256 CSS px at most (Leaflet's detectRetina, 128 px
    # tiles a zoom level further, would ask for about four times as many).
    assert len(set(tiles)) <= 6, tiles
    size = page.locator("[data-shops-map] .leaflet-tile-loaded").first.evaluate(
        "(img) => [img.naturalWidth, img.getBoundingClientRect().width]"
    )
    assert size == [512, 256]
    context.close()
