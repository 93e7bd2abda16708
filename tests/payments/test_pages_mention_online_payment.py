"""The home page and /rejoindre/ speak of online payment only when the site offers it."""

import pytest

pytestmark = pytest.mark.django_db

HOME = "payer en ligne : votre carte n"
JOIN = "connectez votre propre compte Stripe"


def test_pages_mention_online_payment_only_when_configured(client, settings, page_cache_off):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    assert HOME not in client.get("/").content.decode()
    assert JOIN not in client.get("/rejoindre/").content.decode()
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x", "pk_test_x"
    assert HOME in client.get("/").content.decode()
    assert JOIN in client.get("/rejoindre/").content.decode()
