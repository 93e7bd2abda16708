import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.django_db


def test_shopper_filters_by_town_and_opens_a_storefront_on_a_phone(phone):
    phone.goto("/")
    phone.get_by_role("link", name="Boutiques").first.click()
    phone.wait_for_url("**/boutiques/")
    phone.get_by_label("Commune").select_option("Vienne")
    phone.get_by_role("button", name="Filtrer").click()
    phone.wait_for_url("**town=Vienne**")
    towns = phone.locator(".shop-card__town").all_inner_texts()
    assert towns and all(text.startswith("Vienne") for text in towns)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "directory_vienne")

    name = phone.locator(".shop-card__name").first.inner_text()
    phone.locator(".shop-card").first.click()
    expect(phone.locator("h1")).to_have_text(name)
    assert phone.locator(".badge-open, .badge-closed").count() == 1
    assert phone.locator(".next-slot").is_visible()
    assert phone.locator(".product-card").count() >= 20
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "storefront")


def test_shopper_searches_from_the_header_and_opens_a_shop_on_a_phone(phone):
    phone.goto("/")
    box = phone.locator("#site-search-q")
    box.fill("boulangeries")
    box.press("Enter")
    phone.wait_for_url("**/recherche/?q=boulangeries**")
    shops = phone.locator(".shop-grid .shop-card__name").all_inner_texts()
    assert "Au Pain Doré" in shops
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "search_boulangeries")
    phone.locator(".shop-grid .shop-card", has_text="Au Pain Doré").click()
    expect(phone.locator("h1")).to_have_text("Au Pain Doré")
