"""The filters of the statistics pages (a period, a town, a category), read from the URL."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from shops.models import ShopCategory

from ..selectors.stats import PERIOD_MAX_DAYS, Period, period_default

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        # ISO is what <input type="date"> sends and expects, whatever the page's language.
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.Form):
    """A period of whole days, both ends included, at most PERIOD_MAX_DAYS long; the last weeks by default."""

    du = forms.DateField(label=_("Du"), required=False, widget=DateInput(), input_formats=DATE_FORMATS)
    au = forms.DateField(label=_("Au (inclus)"), required=False, widget=DateInput(), input_formats=DATE_FORMATS)

    def __init__(self, data=None, *, today: date, **kwargs):
        self.today = today
        self.default = period_default(today=today)
        # An unbound form shows the default period in its fields.
        kwargs.setdefault("initial", {"du": self.default.start, "au": self.default.end})
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("du") or self.default.start
        end = cleaned.get("au") or self.today
        if start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
        if (end - start).days + 1 > PERIOD_MAX_DAYS:
            raise forms.ValidationError(
                _("Choisissez une période d'au plus %(days)s jours.") % {"days": PERIOD_MAX_DAYS}
            )
        cleaned["period"] = Period(start=start, end=end)
        return cleaned

    @property
    def period(self) -> Period:
        """The period asked for, or the default one when the filters were not valid (the errors are shown)."""
        if self.is_valid():
            return self.cleaned_data["period"]
        return self.default


class StaffFilterForm(PeriodForm):
    """The period, and optionally one town and one category of shops."""

    commune = forms.ChoiceField(label=_("Commune"), required=False)
    categorie = forms.ModelChoiceField(
        label=_("Catégorie"), required=False, queryset=ShopCategory.objects.order_by("position", "name")
    )

    def __init__(self, data=None, *, today: date, towns: list[str], **kwargs):
        super().__init__(data, today=today, **kwargs)
        self.fields["commune"].choices = [("", _("Toutes"))] + [(town, town) for town in towns]
        self.fields["categorie"].empty_label = _("Toutes")

    def filters(self) -> dict:
        """The town and category to keep (blank and None: all), only when the whole form is valid."""
        if not self.is_valid():
            return {"town": "", "category_id": None}
        category = self.cleaned_data.get("categorie")
        return {"town": self.cleaned_data.get("commune") or "", "category_id": category.pk if category else None}


class FunnelForm(PeriodForm):
    par = forms.ChoiceField(
        label=_("Regrouper par"),
        required=False,
        choices=[("town", _("commune")), ("category", _("catégorie"))],
    )

    def group_by(self) -> str:
        return (self.cleaned_data.get("par") or "town") if self.is_valid() else "town"
