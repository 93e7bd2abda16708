"""A shopkeeper connects their own Stripe account from "Ma boutique"; "Paiement en ligne" appears for that shop
only once Stripe says the account can charge (on return from Stripe, or by the account.updated webhook)."""

import pytest
import requests
from django.urls import reverse

from payments.models import ConnectedAccount
from shops.access import shop_of_user

INDEX = "/dashboard/ma-boutique/paiement/"

pytestmark = pytest.mark.django_db


def _storefront(client, shop):
    return client.get(reverse("shops:storefront", kwargs={"slug": shop.slug})).content.decode()


def test_hidden_without_stripe_keys(client, demo_users, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    client.force_login(demo_users["shopkeeper_a"])
    assert client.get(INDEX).status_code == 404
    assert "Paiement en ligne" not in client.get(reverse("my-shop:index")).content.decode()


def test_onboarding_to_charges_enabled(client, demo_users, stripe_on, page_cache_off):
    bakery = shop_of_user(demo_users["shopkeeper_a"])
    cheese = shop_of_user(demo_users["shopkeeper_b"])
    client.force_login(demo_users["shopkeeper_a"])
    page = client.get(INDEX).content.decode()
    assert "Connecter mon compte Stripe" in page
    assert 'href="/dashboard/ma-boutique/paiement/"' in client.get(reverse("my-shop:index")).content.decode()

    answer = client.post(reverse("shop-payment:connect"))
    assert answer.status_code == 302 and answer["Location"].startswith(stripe_on.url + "/connect/onboarding/")
    account = ConnectedAccount.objects.get(shop=bakery)
    assert not account.charges_enabled
    # Two clicks make one account.
    client.post(reverse("shop-payment:connect"))
    assert ConnectedAccount.objects.filter(shop=bakery).count() == 1
    assert ConnectedAccount.objects.get(shop=bakery).stripe_id == account.stripe_id
    assert "Paiement en ligne" not in _storefront(client, bakery)

    # At Stripe: the shopkeeper completes the onboarding and comes back.
    link = client.post(reverse("shop-payment:connect"))["Location"]
    back = requests.post(link, data={"action": "complete"}, allow_redirects=False, timeout=5)
    assert back.headers["Location"] == "http://testserver/dashboard/ma-boutique/paiement/retour/"
    page = client.get("/dashboard/ma-boutique/paiement/retour/", follow=True).content.decode()
    assert "vos clients peuvent payer en ligne" in page
    assert "Paiement en ligne activé." in page
    assert ConnectedAccount.objects.get(shop=bakery).charges_enabled

    client.logout()
    assert "Paiement en ligne ou au retrait" in _storefront(client, bakery)
    assert "Paiement en ligne ou au retrait" not in _storefront(client, cheese)


def test_coming_back_without_finishing(client, demo_users, stripe_on):
    client.force_login(demo_users["shopkeeper_a"])
    link = client.post(reverse("shop-payment:connect"))["Location"]
    requests.post(link, data={"action": "later"}, allow_redirects=False, timeout=5)
    page = client.get(reverse("shop-payment:return"), follow=True).content.decode()
    assert "pas encore activé les paiements" in page
    assert "Reprendre l'inscription chez Stripe" in page
    # Stripe's refresh_url: a fresh link to the same account.
    again = client.get(reverse("shop-payment:refresh"))
    assert again["Location"].startswith(stripe_on.url + "/connect/onboarding/") and again["Location"] != link


def test_stripe_unreachable_says_so(client, demo_users, stripe_on, settings):
    from tests.fake_stripe import free_port

    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    client.force_login(demo_users["shopkeeper_a"])
    page = client.post(reverse("shop-payment:connect"), follow=True).content.decode()
    assert "Stripe ne répond pas pour le moment" in page
    assert not ConnectedAccount.objects.exists()


def test_a_colleague_cannot_connect_the_account(client, demo_users, stripe_on):
    from tests.factories import UserFactory

    bakery = shop_of_user(demo_users["shopkeeper_a"])
    colleague = UserFactory(email="vendeur@example.fr")
    bakery.partner.users.add(colleague)
    client.force_login(colleague)
    page = client.post(reverse("shop-payment:connect"), follow=True).content.decode()
    assert "Seul le titulaire de la boutique" in page
    assert not ConnectedAccount.objects.exists()
