from decimal import Decimal

import pytest
from oscar.core.loading import get_class, get_model

from oscar_apps.partner.tva import split_ttc

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")


def test_split_ttc_sums_back_to_the_price():
    for price in ["0.01", "0.99", "1.20", "12.50", "999.99"]:
        for rate in ["20.00", "10.00", "5.50", "2.10"]:
            net, tax = split_ttc(price_ttc=Decimal(price), rate_percent=Decimal(rate))
            assert net + tax == Decimal(price)
            assert net == net.quantize(Decimal("0.01"))


def test_price_entered_ttc_at_5_5_percent_is_shown_and_split(client):
    stockrecord = StockRecord.objects.select_related("product").first()
    stockrecord.price = Decimal("12.50")
    stockrecord.tva_rate = Decimal("5.50")
    stockrecord.num_in_stock = 10
    stockrecord.save()
    product = stockrecord.product

    info = Selector().strategy().fetch_for_product(product)
    assert info.price.incl_tax == Decimal("12.50")
    assert info.price.excl_tax == Decimal("11.85")
    assert info.price.tax == Decimal("0.65")

    html = client.get(product.get_absolute_url()).content.decode().replace("\xa0", " ").replace("\u202f", " ")
    assert "12,50 €" in html


def test_a_product_is_sold_by_one_shop_only():
    from django.db import IntegrityError, transaction

    Partner = get_model("partner", "Partner")
    stockrecord = StockRecord.objects.first()
    other = Partner.objects.exclude(pk=stockrecord.partner_id).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.create(product=stockrecord.product, partner=other, partner_sku="X-1", price=Decimal("1.00"))


def test_unknown_tva_rate_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.filter(pk=StockRecord.objects.first().pk).update(tva_rate=Decimal("7.00"))


def test_a_suspended_shops_product_cannot_be_bought(client):
    from shops.models import Shop

    stockrecord = StockRecord.objects.select_related("partner__shop", "product").filter(num_in_stock__gt=5).first()
    product = stockrecord.product
    assert Selector().strategy().fetch_for_product(product).availability.is_available_to_buy
    Shop.objects.filter(pk=stockrecord.partner.shop.pk).update(status=Shop.Status.SUSPENDED)
    product = Product.objects.get(pk=product.pk)
    assert not Selector().strategy().fetch_for_product(product).availability.is_available_to_buy
    client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    assert client.get("/basket/").context["basket"].num_items == 0
