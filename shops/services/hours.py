from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kernel.page_cache import public_pages_changed
from shops.models import OpeningRange, Shop, Weekday

# (weekday, opens, closes)
RangeSpec = tuple[int, time, time]


def opening_ranges_validate(*, ranges: list[RangeSpec]) -> None:
    """Raise ValidationError unless every range opens before it closes and no two overlap in a day."""
    errors = []
    by_day: dict[int, list[tuple[time, time]]] = {}
    for weekday, opens, closes in ranges:
        if weekday not in Weekday.values:
            errors.append(_("Jour inconnu."))
            continue
        day = Weekday(weekday).label
        if opens >= closes:
            errors.append(
                _("%(day)s : la fermeture (%(closes)s) doit suivre l'ouverture (%(opens)s).")
                % {"day": day, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
            )
            continue
        by_day.setdefault(weekday, []).append((opens, closes))
    for weekday, day_ranges in by_day.items():
        day_ranges.sort()
        for (_o1, c1), (o2, _c2) in zip(day_ranges, day_ranges[1:], strict=False):
            if o2 < c1:
                errors.append(_("%(day)s : deux plages horaires se chevauchent.") % {"day": Weekday(weekday).label})
                break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def opening_hours_replace(*, shop: Shop, ranges: list[RangeSpec]) -> list[OpeningRange]:
    """Replace all of a shop's weekly opening ranges; nothing changes if any range is invalid."""
    opening_ranges_validate(ranges=ranges)
    shop.opening_ranges.all().delete()
    # The new rows come in bulk, which sends no signal.
    public_pages_changed()
    return OpeningRange.objects.bulk_create(
        OpeningRange(shop=shop, weekday=weekday, opens=opens, closes=closes) for weekday, opens, closes in ranges
    )
