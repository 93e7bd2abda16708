from django.core.files.base import ContentFile
from django.db import transaction

from shops import signals
from shops.html import sanitize_html
from shops.models import Shop
from shops.territory import town_find

PROFILE_FIELDS = ["name", "address", "postcode", "town", "latitude", "longitude", "phone", "email", "description"]


@transaction.atomic
def shop_profile_update(
    *, shop: Shop, data: dict, logo: ContentFile | None = None, cover: ContentFile | None = None
) -> Shop:
    """Save a shop's public profile: description sanitised, position defaulting to its town's centre."""
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(shop, field, data[field])
    shop.description = sanitize_html(shop.description or "")
    if shop.latitude is None or shop.longitude is None:
        town = town_find(name=shop.town, postcode=shop.postcode) or town_find(name=shop.town)
        if town is not None:
            shop.latitude, shop.longitude = town.latitude, town.longitude
    if logo is not None:
        shop.logo.save(logo.name, logo, save=False)
    if cover is not None:
        shop.cover.save(cover.name, cover, save=False)
    shop.full_clean(exclude=["partner", "category", "slug", "siret", "owner"])
    shop.save()
    signals.shop_profile_changed.send(sender=Shop, shop=shop)
    return shop
