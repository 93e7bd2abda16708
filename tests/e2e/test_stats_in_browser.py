"""The statistics and "Mes données" in a browser (issue 18): a shopkeeper's page on a 375 px phone, the
staff's tables at 1280 px, the shopper's data page on a phone; nothing wider than the screen."""

import pytest

from .conftest import screenshot
from .test_dashboard_in_browser import _signed_in

pytestmark = pytest.mark.django_db

KEEPER = ("boulangerie@demo.enbasdemarue.fr", "commercant-demo")
STAFF = ("equipe@demo.enbasdemarue.fr", "equipe-demo")
SHOPPER = ("client@demo.enbasdemarue.fr", "client-demo")


def _context(browser, e2e_server, width):
    return browser.new_context(base_url=e2e_server, viewport={"width": width, "height": 900}, locale="fr-FR")


def test_statistics_and_my_data_fit_a_phone_and_a_desk(browser, e2e_server):
    phone = _context(browser, e2e_server, 375)
    page = phone.new_page()
    _signed_in(page, *KEEPER)
    page.goto("/dashboard/ma-boutique/")
    page.get_by_role("link", name="Statistiques", exact=True).first.click()
    page.wait_for_url("**/ma-boutique/statistiques/")
    assert page.locator("#figure-orders").is_visible()
    assert page.locator("#weeks tbody tr").count() >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter les commandes (CSV)").click()
    assert download.value.suggested_filename.startswith("commandes-")
    screenshot(page, "stats_shop_375")
    phone.close()

    desk = _context(browser, e2e_server, 1280)
    page = desk.new_page()
    _signed_in(page, *STAFF)
    for path, shown, name in (
        ("/dashboard/statistiques/", "form.filters", "stats_staff_revenue_1280"),
        ("/dashboard/statistiques/sans-commande/", "#dormant tbody tr", "stats_staff_dormant_1280"),
        ("/dashboard/statistiques/inscriptions/?par=category", "#funnel", "stats_staff_funnel_1280"),
    ):
        assert page.goto(path).status == 200
        assert page.locator(shown).first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        screenshot(page, name)
    desk.close()

    phone = _context(browser, e2e_server, 375)
    page = phone.new_page()
    page.goto("/accounts/login/")
    page.locator("#id_login-username").fill(SHOPPER[0])
    page.locator("#id_login-password").fill(SHOPPER[1])
    page.locator("[name=login_submit]").click()
    page.wait_for_load_state()
    assert page.goto("/accounts/mes-donnees/").status == 200
    assert page.get_by_role("button", name="Supprimer mon compte").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "my_data_375")
    phone.close()
