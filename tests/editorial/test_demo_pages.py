"""The demo's pages promise only what the site does, and give the CCI's real hotline."""

from collections import Counter

import pytest
from wagtail.models import Site

from demo.pages import pages_ensure
from editorial.models import ContentPage

pytestmark = pytest.mark.django_db


def test_without_online_payment_the_pages_promise_payment_at_pickup_only(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PUBLISHABLE_KEY = ""
    for path in ("/", "/rejoindre/"):
        html = client.get(path).content.decode()
        assert "en ligne ou sur place" not in html
        assert "paiement en ligne" not in html
        assert "au retrait" in html


def test_allo_cci_gives_the_cci_hotline(client):
    html = client.get("/allo-cci/").content.decode()
    assert "04 74 95 24 00" in html
    assert 'href="tel:+33474952400"' in html
    assert "04 65 71 00 00" not in html


def test_the_seed_corrects_a_demo_page_still_carrying_an_earlier_promise(client):
    join = ContentPage.objects.get(slug="rejoindre")
    body = list(join.body.raw_data)
    paragraph = next(block for block in body if block["type"] == "paragraph")
    paragraph["value"] += "<p>Aucune commission : le paiement en ligne va directement sur votre compte.</p>"
    join.body = body
    join.save_revision().publish()
    assert "paiement en ligne" in client.get("/rejoindre/").content.decode()

    pages_ensure(created=Counter())

    html = client.get("/rejoindre/").content.decode()
    assert "paiement en ligne" not in html
    assert "vos clients vous paient directement, en boutique, au retrait." in html
    assert Site.objects.get(is_default_site=True).root_page.specific.body


def test_english_demo_pages_are_in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    html = client.get("/allo-cci/").content.decode()
    assert "Allo CCI: any questions?" in html
    assert "Call 04 74 95 24 00" in html
