"""Writes to the "Allo CCI" hotline: its number and text, its weekly hours, its closures."""

from datetime import date

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kernel.page_cache import public_pages_changed
from shops.phone import phone_normalize
from shops.services.hours import RangeSpec, opening_ranges_validate
from shops.validators import validate_clean_text

from ..models import Hotline, HotlineClosure, HotlineRange
from ..selectors.hotline import HOTLINE_CACHE_KEY

TEXT_MAX = 600
CLOSURE_REASON_MAX = 120


def _changed() -> None:
    # Every page's footer shows the hotline: the kept copy and the cached pages are stale, now and at commit.
    cache.delete(HOTLINE_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(HOTLINE_CACHE_KEY))
    public_pages_changed()


def hotline_get_or_create() -> Hotline:
    """The hotline's one row, created with the CCI's number the first time it is needed."""
    hotline = Hotline.objects.order_by("pk").first()
    return hotline or Hotline.objects.create()


@transaction.atomic
def hotline_update(*, phone: str, text: str, ranges: list[RangeSpec]) -> Hotline:
    """Replace the hotline's number, text and weekly hours at once; nothing changes if any of them is invalid."""
    errors = {}
    try:
        phone = phone_normalize(phone)
        if not phone:
            raise ValidationError(_("Indiquez le numéro de la ligne."))
    except ValidationError as error:
        errors["phone"] = error.messages
    try:
        validate_clean_text(text, max_length=TEXT_MAX)
    except ValidationError as error:
        errors["text"] = error.messages
    try:
        opening_ranges_validate(ranges=ranges)
    except ValidationError as error:
        errors["__all__"] = error.messages
    if errors:
        raise ValidationError(errors)
    hotline = Hotline.objects.select_for_update().order_by("pk").first() or Hotline()
    hotline.phone, hotline.text = phone, text.strip()
    hotline.save()
    hotline.ranges.all().delete()
    HotlineRange.objects.bulk_create(
        HotlineRange(hotline=hotline, weekday=weekday, opens=opens, closes=closes) for weekday, opens, closes in ranges
    )
    _changed()
    return hotline


@transaction.atomic
def hotline_closure_add(*, starts_on: date, ends_on: date, reason: str = "") -> HotlineClosure:
    """Add days the hotline does not answer (both ends included)."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("La date de fin doit être le même jour que la date de début ou après.")})
    validate_clean_text(reason, max_length=CLOSURE_REASON_MAX)
    closure = HotlineClosure.objects.create(
        hotline=hotline_get_or_create(), starts_on=starts_on, ends_on=ends_on, reason=reason.strip()
    )
    _changed()
    return closure


@transaction.atomic
def hotline_closure_delete(*, closure_id: int) -> bool:
    """Remove one closure; False when there was none with this id."""
    deleted, _count = HotlineClosure.objects.filter(pk=closure_id).delete()
    if deleted:
        _changed()
    return bool(deleted)
