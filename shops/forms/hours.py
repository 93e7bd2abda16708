import re
from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

from shops.models import Weekday
from shops.services.hours import RangeSpec, opening_ranges_validate

_TIME = r"(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?"
_RANGE = re.compile(rf"^{_TIME}\s*(?:-|–|—|à|a)\s*{_TIME}$")


def parse_day(text: str) -> list[tuple[time, time]]:
    """Parse "9h-12h30, 14:00-19:00" into [(09:00, 12:30), (14:00, 19:00)]; "" or "fermé" is closed."""
    text = text.strip().lower()
    if text in {"", "fermé", "ferme", "closed", "-"}:
        return []
    ranges = []
    for part in re.split(r"[,;/]|\s+et\s+|\s{2,}", text):
        part = part.strip()
        if not part:
            continue
        match = _RANGE.match(part)
        if not match:
            raise forms.ValidationError(
                _("« %(part)s » n'est pas une plage horaire (exemple : 9h00-12h30, 14h00-19h00).") % {"part": part}
            )
        h1, m1, h2, m2 = (int(g) if g else 0 for g in match.groups())
        try:
            ranges.append((time(h1, m1), time(h2, m2)))
        except ValueError as error:
            raise forms.ValidationError(_("« %(part)s » : heure impossible.") % {"part": part}) from error
    return ranges


class OpeningHoursForm(forms.Form):
    """A week of opening hours typed as text, one field per day, with a weekday shortcut."""

    same_every_weekday = forms.BooleanField(
        label=_("Mêmes horaires du lundi au samedi (recopier ceux du lundi)"), required=False
    )

    def __init__(self, *args, shop=None, **kwargs):
        if shop is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(shop)
        super().__init__(*args, **kwargs)
        for day in Weekday:
            self.fields[f"day_{day.value}"] = forms.CharField(
                label=str(day.label).capitalize(),
                required=False,
                max_length=120,
                help_text=_("Exemple : 9h00-12h30, 14h00-19h00. Vide = fermé.") if day == Weekday.MONDAY else "",
            )

    @staticmethod
    def initial_for(shop) -> dict:
        days: dict[int, list[str]] = {}
        for opening in shop.opening_ranges.all():
            days.setdefault(opening.weekday, []).append(f"{opening.opens:%H:%M}-{opening.closes:%H:%M}")
        return {f"day_{day}": ", ".join(parts) for day, parts in days.items()}

    def clean(self):
        cleaned = super().clean()
        ranges: list[RangeSpec] = []
        for day in Weekday:
            key = f"day_{day.value}"
            source = key
            if cleaned.get("same_every_weekday") and day.value <= Weekday.SATURDAY:
                source = f"day_{Weekday.MONDAY.value}"
            try:
                for opens, closes in parse_day(cleaned.get(source) or ""):
                    ranges.append((day.value, opens, closes))
            except forms.ValidationError as error:
                self.add_error(key, error)
        if not self.errors:
            try:
                opening_ranges_validate(ranges=ranges)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        cleaned["ranges"] = ranges
        return cleaned
