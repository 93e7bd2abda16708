"""sitemap.xml lists the live pages, the approved shops and their products; storefronts carry LocalBusiness."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from editorial.models import ContentPage, NewsPage
from shops.models import Shop
from shops.selectors.visibility import shop_public_q
from tests.storefront import bakery

from .helpers import home, html_of, json_ld, xml_of

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(client, section: str) -> set[str]:
    root = xml_of(client.get(reverse("sitemap-section", kwargs={"section": section})))
    return {node.text for node in root.findall("sm:url/sm:loc", NS)}


def test_sitemap_index_names_the_three_sections(client):
    root = xml_of(client.get("/sitemap.xml"))
    assert {node.text for node in root.findall("sm:sitemap/sm:loc", NS)} == {
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-boutiques.xml",
        "http://testserver/sitemap-produits.xml",
    }


def test_sitemap_lists_live_pages_only(client):
    draft = home().add_child(instance=ContentPage(title="Brouillon", slug="brouillon-sitemap", live=False))
    pages = _locations(client, "pages")
    assert "http://testserver/" in pages
    assert f"http://testserver{NewsPage.objects.live().first().url}" in pages
    assert "http://testserver/questions-frequentes/" in pages
    assert f"http://testserver{draft.url}" not in pages


def test_sitemap_lists_approved_shops_and_their_products_only(client):
    shop = bakery()
    Shop.objects.filter(pk=shop.pk).update(status=Shop.Status.SUSPENDED)
    shops = _locations(client, "boutiques")
    assert f"http://testserver{shop.get_absolute_url()}" not in shops
    approved = Shop.objects.filter(shop_public_q())
    assert shops == {f"http://testserver{other.get_absolute_url()}" for other in approved}

    products = _locations(client, "produits")
    suspended = Product.objects.filter(stockrecords__partner__shop=shop).first()
    sold = Product.objects.filter(shop_public_q("stockrecords__partner__shop__"), is_public=True)
    assert f"http://testserver{suspended.get_absolute_url()}" not in products
    assert len(products) == sold.distinct().count()
    assert f"http://testserver{sold.first().get_absolute_url()}" in products


def test_an_unknown_sitemap_section_is_404(client):
    assert client.get("/sitemap-inconnu.xml").status_code == 404


def test_storefront_describes_a_local_business_with_address_geo_and_hours(client):
    shop = bakery()
    html = html_of(client.get(shop.get_absolute_url()))
    [data] = json_ld(html)
    assert data["@type"] == "LocalBusiness" and data["name"] == shop.name
    assert data["address"]["postalCode"] == shop.postcode and data["address"]["addressLocality"] == shop.town
    assert data["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": float(shop.latitude),
        "longitude": float(shop.longitude),
    }
    assert data["url"] == f"http://testserver{shop.get_absolute_url()}"
    days = {spec["dayOfWeek"] for spec in data["openingHoursSpecification"]}
    # The bakery closes on Mondays (demo hours) and opens on Sundays.
    assert "https://schema.org/Sunday" in days and "https://schema.org/Monday" not in days
    assert len(data["openingHoursSpecification"]) == shop.opening_ranges.count()
