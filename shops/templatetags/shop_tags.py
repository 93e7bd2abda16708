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
