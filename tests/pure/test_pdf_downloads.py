"""PDF downloads of PURE: the invoice of a business order (with the buyer's SIRET) and the restart diagnosis."""

import re
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from oscar.core.loading import get_model

from demo.pure_equipment import BUYER_EMAIL, SUPPLIER_SLUG
from orders.services import Customer, order_place_for_basket
from pure.models import Checklist
from shops.models import Shop
from shops.schedule import slots_offered
from shops.selectors.public import shop_hours
from shops.selectors.visibility import business_identity

Product = get_model("catalogue", "Product")


def pdf_text(content: bytes) -> str:
    """The text drawn in a PDF made by kernel.pdf (FlateDecode streams, Windows-1252 strings)."""
    assert content.startswith(b"%PDF-")
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, flags=re.S)
    text = b""
    for stream in streams:
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            text += stream
    return text.decode("cp1252", errors="replace")


@pytest.fixture
def buyer(db):
    return get_user_model().objects.get(email=BUYER_EMAIL)


@pytest.fixture
def order(buyer):
    from django.utils import timezone

    from tests.orders.builders import basket_with_lines

    supplier = Shop.objects.prefetch_related("opening_ranges").get(slug=SUPPLIER_SLUG)
    masks = Product.objects.get(upc="pure-masques-iir-50").stockrecords.get()
    now = timezone.now()
    slot = slots_offered(
        hours=shop_hours(shop=supplier),
        now=now,
        slot_minutes=supplier.slot_minutes,
        preparation_minutes=supplier.preparation_minutes,
        days_ahead=supplier.days_ahead,
        same_day_cutoff=supplier.same_day_cutoff,
    )[0]
    basket = basket_with_lines((masks, 4), owner=buyer)
    (placed,) = order_place_for_basket(
        basket=basket, customer=Customer(user=buyer), choices={supplier.pk: slot.key}, now=now
    )
    return placed


def test_the_buyer_downloads_an_invoice_with_its_siret_and_prices_ht_and_ttc(buyer, order):
    client = Client()
    client.force_login(buyer)
    equipment = client.get("/pure/equipements/").content.decode()
    assert f"/pure/equipements/factures/{order.number}.pdf" in equipment
    response = client.get(f"/pure/equipements/factures/{order.number}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert business_identity(user=buyer).siret in text
    assert "Garage du Centre SARL" in text and "Protections Nord-Isère" in text
    # 4 boxes at 9,50 € TTC, 5,5 % TVA: 36,00 € HT, 38,00 € TTC.
    assert "36,00" in text and "38,00" in text and "5,5 %" in text


def test_nobody_else_gets_the_invoice(order, demo_users):
    url = f"/pure/equipements/factures/{order.number}.pdf"
    assert Client().get(url).status_code == 302
    for role in ("shopper", "staff", "shopkeeper_a"):
        client = Client()
        client.force_login(demo_users[role])
        assert client.get(url).status_code == 404


def test_the_diagnosis_downloads_as_a_pdf_for_a_visitor_and_a_saved_answer(db, demo_users):
    checklist = Checklist.objects.filter(live=True).order_by("pk").first()
    posted = Client().post(f"/pure/check-list/{checklist.slug}/diagnostic.pdf", {"item": ["nonsense"]})
    assert posted.status_code == 200 and posted["Content-Type"] == "application/pdf"
    text = pdf_text(posted.content)
    assert checklist.title in text and "Score global : 0 %" in text

    owner = Client()
    owner.force_login(demo_users["shopper"])
    diagnosis = owner.post(f"/pure/check-list/{checklist.slug}/", {"item": []})
    answer_url = diagnosis["Location"]
    page = owner.get(answer_url).content.decode()
    assert "Télécharger le diagnostic (PDF)" in page
    saved = owner.get(answer_url + "pdf/")
    assert saved.status_code == 200 and "Score global" in pdf_text(saved.content)
    # Another person's saved diagnosis does not exist for them.
    other = Client()
    other.force_login(demo_users["shopkeeper_b"])
    assert other.get(answer_url + "pdf/").status_code == 404
