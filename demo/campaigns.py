"""Demo campaign: "Noël dans ma rue", made of live shop and product blocks."""

from __future__ import annotations

from collections import Counter

from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from wagtail.rich_text import RichText

from editorial.models import CampaignPage, HomePage
from shops.models import Shop, ShopCategory

from .pictures import wagtail_image_ensure

Product = get_model("catalogue", "Product")

SLUG = "noel-dans-ma-rue"


def _first_product(shop_slug: str):
    return (
        Product.objects.filter(
            stockrecords__partner__shop__slug=shop_slug, is_public=True, stockrecords__num_in_stock__gt=5
        )
        .order_by("pk")
        .first()
    )


def _body() -> list:
    shops = {
        shop.slug: shop for shop in Shop.objects.filter(slug__in=["fromagerie-des-roches", "l-atelier-des-cadeaux"])
    }
    body = [
        (
            "paragraph",
            RichText(
                "<p>Cette année, les cadeaux se trouvent en bas de chez vous. Commandez chez les commerçants "
                "du Nord-Isère et retirez vos paquets en boutique, au créneau de votre choix, jusqu'au 24 décembre.</p>"
            ),
        ),
        ("heading", "Les boutiques à l'honneur"),
        *(("shop", {"shop": shop}) for shop in shops.values()),
        (
            "product_list",
            {
                "title": "Plateaux de fromages et douceurs",
                "products": [],
                "category": create_from_breadcrumbs("Fromagerie"),
                "count": 4,
            },
        ),
        (
            "shop_list",
            {
                "title": "Les boulangeries pour vos bûches",
                "town": "",
                "category": ShopCategory.objects.filter(slug="boulangerie").first(),
                "count": 4,
                "order": "near",
            },
        ),
        ("category_link", {"category": create_from_breadcrumbs("Cadeaux"), "text": "Toutes les idées cadeaux"}),
    ]
    wine = _first_product("cave-du-temple")
    if wine is not None:
        body.insert(3, ("product", {"product": wine}))
    return body


def campaign_ensure(*, home: HomePage, created: Counter) -> CampaignPage:
    campaign = CampaignPage.objects.child_of(home).filter(slug=SLUG).first()
    if campaign is not None:
        return campaign
    campaign = CampaignPage(
        title="Noël dans ma rue",
        slug=SLUG,
        intro="Des cadeaux choisis chez vos commerçants, prêts à retirer en boutique.",
        image=wagtail_image_ensure(
            title="Noël dans ma rue", slug="campaign-noel", kicker="Campagne", created=created, size=(1200, 400)
        ),
        body=_body(),
    )
    home.add_child(instance=campaign)
    campaign.save_revision().publish()
    created["pages"] += 1
    return campaign
