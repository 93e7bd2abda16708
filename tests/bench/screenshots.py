"""Screenshots of the shopper pages at 375 px and 1280 px, for a person to compare before and after a change.

    .venv/bin/python tests/bench/screenshots.py http://127.0.0.1:8800 var/screenshots/phone-after

The site must hold the demo data (`manage.py seed_demo`). Besides the pictures it prints what a shopper
relies on and a picture cannot prove: the map drew its tiles and markers, the search suggestions opened,
the basket count in the header, the QR scanner's button on the board. Debian's Chromium, never a
downloaded browser.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIDTHS = {"375": {"width": 375, "height": 812}, "1280": {"width": 1280, "height": 900}}
PAGES = [
    ("home", "/"),
    ("directory", "/boutiques/"),
    ("directory-map", "/boutiques/?view=map"),
    ("storefront", "/boutiques/au-pain-dore/"),
    ("product", "/catalogue/saint-marcellin-igp_27/"),
    ("catalogue", "/catalogue/"),
    ("category", "/catalogue/category/boulangerie_1/"),
    ("search", "/recherche/?q=pain"),
    ("signup-landing", "/commercants/"),
    ("signup-step-1", "/commercants/inscription/etape-1/"),
    ("login", "/accounts/login/"),
]
TWO_SHOPS = ["/catalogue/baguette-tradition_1/", "/catalogue/saint-marcellin-igp_27/"]


def _fill_basket(page, base: str) -> None:
    for path in TWO_SHOPS:
        page.goto(base + path)
        page.locator("#add_to_basket_form button[type=submit]").click()
        page.wait_for_load_state()


def _checks(page, base: str) -> list[str]:
    found = []
    page.goto(base + "/boutiques/?view=map")
    page.wait_for_timeout(1500)
    found.append(f"directory map markers: {page.locator('.leaflet-marker-icon').count()}")
    page.goto(base + "/boutiques/au-pain-dore/")
    page.locator("[data-shops-map]").scroll_into_view_if_needed()  # Leaflet comes when the map is near
    page.wait_for_timeout(1500)
    found.append(f"storefront map markers: {page.locator('.leaflet-marker-icon').count()}")
    page.goto(base + "/")
    page.locator("#site-search-q").fill("pai")
    page.wait_for_timeout(1500)
    found.append(f"search suggestions shown: {page.locator('[role=option]').count()}")
    found.append(f"basket count in header: {page.locator('[data-basket-count]').first.inner_text()}")
    return found


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for label, viewport in WIDTHS.items():
            context = browser.new_context(viewport=viewport, locale="fr-FR")
            page = context.new_page()
            page.on("console", lambda m, page=page: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
            for name, path in PAGES:
                page.goto(base + path)
                page.wait_for_timeout(700)
                page.screenshot(path=out / f"{name}-{label}.png", full_page=True)
            _fill_basket(page, base)
            for name, path in [("basket", "/basket/"), ("checkout", "/commande/")]:
                page.goto(base + path)
                page.wait_for_timeout(500)
                page.screenshot(path=out / f"{name}-{label}.png", full_page=True)
            if label == "375":
                print("\n".join(_checks(page, base)))
            context.close()
        browser.close()
    # Map tiles come from the internet, which this machine has not: those failures are expected here.
    errors = [e for e in errors if "ERR_NAME_NOT_RESOLVED" not in e]
    print("console errors:", len(errors))
    for line in errors:
        print("  ", line)


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
