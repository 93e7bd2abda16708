from datetime import datetime, timedelta

from django import template
from django.utils import timezone

from shops.models import Weekday
from shops.schedule import PARIS

register = template.Library()


@register.filter
def relative_day(moment: datetime) -> str:
    """ "today", "tomorrow" or "" for a moment, in Paris time."""
    day = moment.astimezone(PARIS).date()
    today = timezone.now().astimezone(PARIS).date()
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return ""


@register.filter
def week_hours(shop) -> list:
    """[(day label, [(opens, closes), …]), …] Monday to Sunday, from the prefetched ranges."""
    by_day: dict[int, list] = {}
    for opening in shop.opening_ranges.all():
        by_day.setdefault(opening.weekday, []).append((opening.opens, opening.closes))
    return [(day.label, sorted(by_day.get(day.value, []))) for day in Weekday]


@register.simple_tag(takes_context=True)
def shop_json_ld(context, shop) -> str:
    """The storefront's LocalBusiness description as a JSON-LD script (address, geo, hours)."""
    from kernel.structured_data import json_ld_script
    from shops.structured_data import shop_local_business

    request = context["request"]
    image = shop.cover or shop.logo
    return json_ld_script(
        shop_local_business(
            shop=shop,
            url=request.build_absolute_uri(shop.get_absolute_url()),
            image_url=request.build_absolute_uri(image.url) if image else "",
        )
    )
