"""The storefront says why the first pickup is not today while the shop still opens today: the same-day
cut-off has passed, today's slots are full, or the preparation time leaves none."""

import re
from datetime import datetime, time, timedelta
from html import unescape

import pytest
from django.utils import timezone

from orders.models import PickupSlot
from shops.schedule import PARIS
from tests.orders.builders import shop_open

pytestmark = pytest.mark.django_db

TUESDAY = datetime(2030, 6, 4, tzinfo=PARIS).date()
CUTOFF_RULE = "Commandez avant 11:00 pour un retrait le jour même."


def at(monkeypatch, hour: int, minute: int = 0):
    moment = datetime.combine(TUESDAY, time(hour, minute), tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def storefront(client, shop) -> str:
    response = client.get(shop.get_absolute_url())
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_after_the_cut_off_the_storefront_gives_it_as_the_reason_for_tomorrow(client, monkeypatch):
    # The case: at noon, closed until 15:00, and orders for today close at 11:00.
    shop = shop_open(opens=time(15), closes=time(19), same_day_cutoff=time(11))
    at(monkeypatch, 12)

    text = storefront(client, shop)

    assert "Fermé ouvre aujourd'hui à 15:00" in text
    assert "Retrait possible demain dès 15:00" in text
    assert CUTOFF_RULE in text


def test_before_the_cut_off_the_storefront_tells_the_rule(client, monkeypatch):
    shop = shop_open(opens=time(8), closes=time(19), same_day_cutoff=time(11))
    at(monkeypatch, 9)

    text = storefront(client, shop)

    assert "Retrait possible aujourd'hui dès 10:00" in text
    assert CUTOFF_RULE in text
    assert "complets" not in text


def test_full_slots_today_are_given_as_the_reason(client, monkeypatch):
    shop = shop_open(opens=time(15), closes=time(16), slot_minutes=30, capacity=1)
    at(monkeypatch, 12)
    for minute in (0, 30):
        starts_at = datetime.combine(TUESDAY, time(15, minute), tzinfo=PARIS)
        PickupSlot.objects.create(
            shop=shop, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=30), capacity=1, booked=1
        )

    text = storefront(client, shop)

    assert "Retrait possible demain dès 15:00" in text
    assert "Les créneaux de retrait d'aujourd'hui sont complets." in text
    assert "avant" not in text.split("Retrait en boutique", 1)[1].split("Horaires", 1)[0]


def test_the_preparation_time_is_given_when_it_leaves_no_slot_today(client, monkeypatch):
    shop = shop_open(opens=time(8), closes=time(15), preparation_minutes=90)
    at(monkeypatch, 14)

    text = storefront(client, shop)

    assert "Ouvert jusqu'à 15:00" in text
    assert "Retrait possible demain dès 08:00" in text
    assert "La boutique a besoin de 90 minutes pour préparer une commande : plus de créneau aujourd'hui." in text


def test_no_reason_when_the_shops_day_is_over(client, monkeypatch):
    shop = shop_open(opens=time(8), closes=time(12))
    at(monkeypatch, 13)

    text = storefront(client, shop)

    assert "Retrait possible demain" in text
    assert "complets" not in text and "préparer une commande" not in text


def test_the_reason_is_in_english_on_the_english_storefront(client, monkeypatch, settings):
    shop = shop_open(opens=time(15), closes=time(19), same_day_cutoff=time(11))
    at(monkeypatch, 12)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"

    text = storefront(client, shop)

    assert "Order before 11:00 for same-day pickup." in text
    assert "Commandez" not in text
