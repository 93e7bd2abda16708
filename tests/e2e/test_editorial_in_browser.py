"""The editorial site in a real browser, on a phone (375 px) and a desktop (1280 px): the home, a news
article and the campaign fit the screen, show their live blocks, and fold the FAQ's answers."""

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "article": "/actualites/fromagerie-des-roches-dix-ans/",
    "campaign": "/noel-dans-ma-rue/",
}


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_editorial_page_fits_the_screen(browser, e2e_server, name, width):
    context = browser.new_context(base_url=e2e_server, viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    assert page.goto(PAGES[name]).status == 200
    # Nothing wider than the screen, and every picture loaded (the lazy ones once scrolled to).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.mouse.wheel(0, 20000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("[...document.images].every(img => img.complete && img.naturalWidth > 0)")
    if name == "home":
        assert page.get_by_role("heading", name="Actualités").is_visible()
        assert page.locator(".news-card").count() == 3
        assert page.locator(".campaign-banner").is_visible()
    elif name == "article":
        assert page.get_by_role("link", name="Commander chez Fromagerie des Roches").is_visible()
    else:
        assert page.locator(".live-shop").count() == 2
        assert page.locator(".live-products .product-card").count() >= 2
        page.locator(".live-products .product-card button[type=submit]").first.click()
        page.wait_for_load_state()
        assert page.locator("[data-basket-count]").first.inner_text().strip() == "1"
    screenshot(page, f"editorial_{name}_{width}")
    context.close()


def test_faq_answers_open_on_a_tap(phone):
    phone.goto("/questions-frequentes/")
    second = phone.locator("details.faq__item").nth(1)
    assert second.get_attribute("open") is None
    second.locator("summary").click()
    assert second.get_attribute("open") is not None
    expect(second.locator(".faq__answer")).to_be_visible()
