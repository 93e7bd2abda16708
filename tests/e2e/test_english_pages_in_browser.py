"""English versions on a phone (375 px): an English reader gets a translated guide in English, and a page
with no English version in French under a note saying so (issue 16)."""

import pytest

from .a11y import axe_violations, blocking, describe_violations
from .conftest import screenshot

pytestmark = pytest.mark.django_db

NOTE = "This page is not yet available in English; here it is in French."


@pytest.fixture
def english_phone(browser, e2e_server):
    """An English reader's phone: 375 px wide, English browser and language cookie."""
    context = browser.new_context(
        base_url=e2e_server, viewport={"width": 375, "height": 812}, locale="en-GB", is_mobile=True
    )
    context.add_cookies([{"name": "django_language", "value": "en-gb", "url": e2e_server}])
    page = context.new_page()
    yield page
    context.close()


def test_a_translated_guide_reads_in_english_on_a_phone(english_phone):
    assert english_phone.goto("/comment-ca-marche/").status == 200
    assert english_phone.get_by_role("heading", level=1).inner_text() == "How does it work?"
    assert english_phone.get_by_text("Find a shop, fill your basket, pick a slot, collect in the shop.").is_visible()
    assert english_phone.get_by_text(NOTE).count() == 0
    assert english_phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(english_phone, "english_version_375")


def test_a_french_only_page_says_so_on_a_phone(english_phone):
    assert english_phone.goto("/questions-frequentes/").status == 200
    note = english_phone.get_by_role("note")
    assert note.is_visible() and note.inner_text() == NOTE
    assert english_phone.locator("details.faq__item").first.get_attribute("lang") == "fr"
    assert english_phone.evaluate("document.documentElement.scrollWidth") <= 375
    violations = blocking(axe_violations(english_phone))
    assert not violations, describe_violations(violations)
    screenshot(english_phone, "english_fallback_375")


def test_the_english_home_reads_in_english_on_a_phone(english_phone):
    assert english_phone.goto("/").status == 200
    assert english_phone.get_by_text("Your neighbourhood shops: order online, collect in store.").is_visible()
    # The translated article is listed in English among the latest news.
    assert english_phone.get_by_text("The Christmas market is back on Place Carnot in Bourgoin-Jallieu").is_visible()
    assert english_phone.get_by_text(NOTE).count() == 0
    assert english_phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(english_phone, "english_home_375")
