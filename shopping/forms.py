"""Forms of the shopper's pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.widgets import FastSelect
from shops.models import ShopCategory
from shops.territory import TOWNS, town_find


class DirectoryForm(forms.Form):
    """The directory's filters; every field is optional and lives in the URL so a result can be shared."""

    q = forms.CharField(label=_("Nom ou description"), required=False, max_length=100)
    town = forms.ChoiceField(label=_("Commune"), required=False, widget=FastSelect)
    category = forms.ChoiceField(label=_("Catégorie"), required=False, widget=FastSelect)
    open_now = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    pickup_today = forms.BooleanField(label=_("Retrait aujourd'hui"), required=False)
    near = forms.ChoiceField(label=_("Près de"), required=False, widget=FastSelect)
    lat = forms.DecimalField(required=False, min_value=Decimal("41"), max_value=Decimal("52"), widget=forms.HiddenInput)
    lng = forms.DecimalField(required=False, min_value=Decimal("-6"), max_value=Decimal("10"), widget=forms.HiddenInput)

    def __init__(self, *args, towns: list[str], categories: list[ShopCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = [("", _("Toutes"))] + [(t, t) for t in towns]
        self.fields["category"].choices = [("", _("Toutes"))] + [(c.slug, c.name) for c in categories]
        self.fields["near"].choices = [("", _("—"))] + [(t.name, t.name) for t in sorted(TOWNS, key=lambda t: t.name)]

    def origin(self) -> tuple[float, float] | None:
        """The point distances are measured from: the shopper's position, else the chosen town."""
        data = self.cleaned_data
        if data.get("lat") is not None and data.get("lng") is not None:
            return float(data["lat"]), float(data["lng"])
        if data.get("near"):
            town = town_find(name=data["near"])
            if town:
                return float(town.latitude), float(town.longitude)
        return None
