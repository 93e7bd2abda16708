"""Names in French sentences take the right "de": elided before a vowel, contracted with "le" and "les"."""

from html import unescape

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from shops.models import Shop
from shops.templatetags.french_tags import french_of
from tests.orders.builders import shop_open


@pytest.mark.parametrize(
    ("name", "after_de"),
    [
        ("Épicerie Martin", "d'Épicerie Martin"),
        ("Atelier Bois", "d'Atelier Bois"),
        ("Boulangerie Roux", "de Boulangerie Roux"),
        ("Le Fournil de l'Isle", "du Fournil de l'Isle"),
        ("Les Mots Passants", "des Mots Passants"),
        ("L'Atelier des Cadeaux", "de L'Atelier des Cadeaux"),
        ("La Cave", "de La Cave"),
        ("Hauteville Primeurs", "de Hauteville Primeurs"),
        ("Leclerc", "de Leclerc"),
    ],
)
def test_de_before_a_name(name, after_de):
    assert french_of(name) == after_de


@pytest.fixture
def pending_shop(db, client):
    owner = get_user_model().objects.create_user(email="epicier@example.fr", password="x")
    shop = shop_open(name="Épicerie du Centre", status=Shop.Status.PENDING)
    shop.owner = owner
    shop.save(update_fields=["owner"])
    client.force_login(owner)
    return shop


def test_the_thank_you_page_elides_de_before_the_shops_name(client, pending_shop):
    html = unescape(client.get("/commercants/inscription/merci/").content.decode())

    assert "la demande d'inscription d'Épicerie du Centre." in html
    assert "de Épicerie" not in html


def test_the_english_thank_you_page_names_the_shop_as_it_is(client, pending_shop):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"

    html = unescape(client.get("/commercants/inscription/merci/").content.decode())

    assert "We have received the sign-up request for Épicerie du Centre." in html
