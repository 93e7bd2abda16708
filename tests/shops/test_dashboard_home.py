"""The dashboard's home as each person meets it: a shopkeeper waiting for the CCI learns where their shop
stands, a new shop sees its first steps, the staff keep Oscar's statistics, and signing in leads there."""

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from oscar.core.loading import get_model

from shops.models import OpeningRange, Shop
from shops.services.review import shop_approve, shop_reject, shop_suspend
from tests.factories import shop_pending_create

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

DASHBOARD = "/dashboard/"
LOGIN = reverse("customer:login")
HOTLINE_LINK = 'href="tel:+33474952400"'


def _html(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def staff(demo_users):
    return demo_users["staff"]


@pytest.fixture
def pending():
    return shop_pending_create(name="Épicerie Lumière")


# --- A shop waiting for the CCI, refused or suspended ---------------------------------------------


def test_a_pending_shopkeeper_sees_where_their_application_stands(client, pending):
    client.force_login(pending.owner)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    html = _html(response)
    assert "Permission refusée" not in html
    assert "Votre boutique est en attente de validation" in html
    assert "Épicerie Lumière" in html
    assert "En attente de validation" in html
    assert "Demande envoyée le" in html
    assert date_format(timezone.localtime(pending.submitted_at), "DATETIME_FORMAT") in html
    assert "48 heures ouvrées" in html
    assert pending.owner.email in html
    assert HOTLINE_LINK in html and "04 74 95 24 00" in html
    # Not the dashboard: its menu would lead only to pages this person may not open.
    assert "Boutiques à valider" not in html


def test_a_rejected_shopkeeper_reads_the_reason_and_how_to_resubmit(client, pending, staff):
    shop_reject(shop=pending, actor=staff, reason="Le SIRET ne correspond pas à l'adresse indiquée.")
    client.force_login(pending.owner)

    html = _html(client.get(DASHBOARD))

    assert "Votre inscription a été refusée" in html
    assert "Le SIRET ne correspond pas à l'adresse indiquée." in html
    assert reverse("signup:start") in html
    assert HOTLINE_LINK in html


def test_a_draft_shopkeeper_is_invited_to_finish_signing_up(client, pending):
    Shop.objects.filter(pk=pending.pk).update(status=Shop.Status.DRAFT, submitted_at=None)
    client.force_login(pending.owner)

    html = _html(client.get(DASHBOARD))

    assert "Votre inscription n'est pas terminée" in html
    assert "pas encore envoyée" in html
    assert "Reprendre mon inscription" in html


def test_a_suspended_shop_without_dashboard_rights_is_told_why(client, pending, staff):
    shop_approve(shop=pending, actor=staff)
    shop_suspend(shop=pending, actor=staff, reason="Produits non conformes signalés.")
    colleague = shop_pending_create(owner_email="collegue-suspendu@example.com").owner
    # Added to the shop after its suspension: never given the shopkeepers' rights.
    pending.partner.users.add(colleague)
    client.force_login(colleague)

    html = _html(client.get(DASHBOARD))

    assert "Votre boutique est suspendue" in html
    assert "Produits non conformes signalés." in html
    assert HOTLINE_LINK in html


def test_a_suspended_shopkeeper_sees_the_reason_on_their_dashboard_home(client, pending, staff):
    shop_approve(shop=pending, actor=staff)
    shop_suspend(shop=pending, actor=staff, reason="Produits non conformes signalés.")
    client.force_login(pending.owner)

    html = _html(client.get(DASHBOARD))

    assert "Votre boutique est suspendue" in html
    assert "Produits non conformes signalés." in html
    assert HOTLINE_LINK in html
    assert "Premiers pas" in html


def test_a_shopper_still_gets_no_dashboard(client, demo_users):
    client.force_login(demo_users["shopper"])

    assert client.get(DASHBOARD).status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboard:login"))


def test_the_other_dashboard_pages_stay_closed_to_a_pending_shopkeeper(client, pending):
    client.force_login(pending.owner)

    for name in ["dashboard:catalogue-product-list", "dashboard:order-list", "dashboard:reports-index"]:
        assert client.get(reverse(name)).status_code == 403, name


# --- A new shop's first steps ---------------------------------------------------------------------


def _steps(response) -> dict[str, bool]:
    return {step.key: step.done for step in response.context["steps"]}


def test_a_new_shops_home_lists_its_first_steps_all_left(client, pending, staff):
    pending.pickup_instructions = ""
    pending.description = ""
    pending.save(update_fields=["pickup_instructions", "description"])
    shop_approve(shop=pending, actor=staff)
    client.force_login(pending.owner)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert [template.name for template in response.templates][0] == "shops/dashboard/home.html"
    assert _steps(response) == {"products": False, "pickup": False, "storefront": False}
    html = _html(response)
    assert "Premiers pas" in html
    assert "Étapes faites : 0 sur 3" in html
    assert "Ajoutez vos produits" in html and "Aucun produit en vente" in html
    assert "vos horaires d'ouverture" in html
    assert "une photo de couverture ou un logo" in html
    # Oscar's statistics of the whole marketplace are not a shop's business.
    assert "total_orders" not in response.context
    assert 'http-equiv="refresh"' not in html


def test_each_step_is_done_when_the_shops_data_says_so(client, pending, staff):
    shop_approve(shop=pending, actor=staff)
    client.force_login(pending.owner)
    product_class = ProductClass.objects.first()
    product = Product.objects.create(
        title="Riz basmati", product_class=product_class, structure=Product.STANDALONE, is_public=True
    )
    StockRecord.objects.create(
        product=product, partner=pending.partner, partner_sku="riz-1", price=Decimal("3.20"), num_in_stock=8
    )
    OpeningRange.objects.create(shop=pending, weekday=1, opens="09:00", closes="19:00")
    pending.pickup_instructions = "À la caisse, en donnant votre nom."
    pending.description = "<p>Une épicerie.</p>"
    pending.logo.name = "shops/logos/test.jpg"
    pending.save(update_fields=["pickup_instructions", "description", "logo"])

    response = client.get(DASHBOARD)

    assert _steps(response) == {"products": True, "pickup": True, "storefront": True}
    html = _html(response)
    assert "Étapes faites : 3 sur 3" in html
    assert "1 produit en vente." in html
    assert pending.get_absolute_url() in html


def test_a_hidden_product_does_not_count_as_on_sale(client, pending, staff):
    shop_approve(shop=pending, actor=staff)
    client.force_login(pending.owner)
    product = Product.objects.create(
        title="Brouillon", product_class=ProductClass.objects.first(), structure=Product.STANDALONE, is_public=False
    )
    StockRecord.objects.create(product=product, partner=pending.partner, partner_sku="b-1", price=Decimal("1.00"))

    assert _steps(client.get(DASHBOARD))["products"] is False


def test_the_staff_keep_oscars_statistics(client, staff):
    client.force_login(staff)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert "total_orders" in response.context
    assert "steps" not in response.context


# --- Where signing in leads -----------------------------------------------------------------------


def _sign_in(client, email, password, next_url=None):
    url = LOGIN if next_url is None else f"{LOGIN}?next={next_url}"
    data = {"login-username": email, "login-password": password, "login_submit": "1"}
    if next_url is not None:
        data["login-redirect_url"] = next_url
    return client.post(url, data, follow=True)


def test_a_shopkeeper_lands_on_their_dashboard_after_signing_in(client, demo_users):
    response = _sign_in(client, "boulangerie@demo.enbasdemarue.fr", "commercant-demo")

    assert response.redirect_chain[-1][0] == DASHBOARD
    assert response.status_code == 200
    assert "Premiers pas" in _html(response)


def test_a_pending_shopkeeper_lands_on_where_their_shop_stands(client, pending):
    response = _sign_in(client, pending.owner.email, "commercant-test")

    assert response.redirect_chain[-1][0] == DASHBOARD
    assert "Votre boutique est en attente de validation" in _html(response)


def test_the_staff_land_on_the_dashboard(client, demo_users):
    response = _sign_in(client, "equipe@demo.enbasdemarue.fr", "equipe-demo")

    assert response.redirect_chain[-1][0] == DASHBOARD


def test_a_shopper_keeps_landing_on_their_account(client, demo_users):
    response = _sign_in(client, "client@demo.enbasdemarue.fr", "client-demo")

    assert response.redirect_chain[-1][0] == reverse("customer:profile-view")


def test_a_safe_next_still_wins_for_a_shopkeeper(client, demo_users):
    response = _sign_in(client, "boulangerie@demo.enbasdemarue.fr", "commercant-demo", next_url="/commandes/")

    assert response.redirect_chain[0][0] == "/commandes/"


def test_an_unsafe_next_is_ignored(client, demo_users):
    response = _sign_in(client, "boulangerie@demo.enbasdemarue.fr", "commercant-demo", next_url="https://evil.example/")

    assert response.redirect_chain[-1][0] == DASHBOARD


def test_a_signed_in_shopkeeper_opening_the_login_page_goes_to_the_dashboard(client, demo_users):
    client.force_login(demo_users["shopkeeper_a"])

    response = client.get(LOGIN, follow=True)

    assert response.redirect_chain[-1][0] == DASHBOARD


def test_the_pages_speak_english_to_an_english_browser(client, pending, staff):
    client.force_login(pending.owner)
    html = _html(client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en-gb"))
    assert "Your shop is awaiting approval" in html
    assert "Where your application stands" in html and "What happens next?" in html
    assert "Awaiting approval" in html and "Application sent on" in html
    assert "attente" not in html and "Demande envoyée" not in html

    shop_approve(shop=pending, actor=staff)
    client.force_login(pending.owner)
    html = _html(client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en-gb"))
    assert "First steps" in html and "Add your products" in html and "Check your storefront" in html
    assert "Premiers pas" not in html
