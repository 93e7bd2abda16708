"""The forms of a shop's review page: the reason a reviewer gives for a decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shops.services.review import REASON_MAX_LENGTH
from shops.validators import validate_clean_text


class _ReasonForm(forms.Form):
    reason_required = True
    reason_label = _("Motif")
    reason_help = ""

    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Indiquez le motif : le commerçant le recevra par email.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = self.reason_required
        field.label = self.reason_label
        field.help_text = self.reason_help

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"]
        validate_clean_text(reason, max_length=REASON_MAX_LENGTH)
        return reason


class ShopRejectForm(_ReasonForm):
    reason_label = _("Motif du refus")
    reason_help = _(
        "Envoyé au commerçant avec un lien pour corriger son inscription : dites-lui précisément quoi changer."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="reject", **kwargs)


class ShopSuspendForm(_ReasonForm):
    reason_label = _("Motif de la suspension")
    reason_help = _("Envoyé au commerçant. La vitrine et les produits quittent le site dès la suspension.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="suspend", **kwargs)


class ShopReinstateForm(_ReasonForm):
    reason_required = False
    reason_label = _("Message au commerçant (facultatif)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="reinstate", **kwargs)


class BusinessRejectForm(forms.Form):
    """Why a business account is refused: the member reads it on their page."""

    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indiquez le motif : le demandeur le lira.")},
    )


class BusinessCapForm(forms.Form):
    """The cap per business of one product of a business-only channel; no quantity removes it."""

    product_id = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Plafond par entreprise"), required=False, min_value=1, max_value=1_000_000)
    period_days = forms.IntegerField(label=_("sur (jours)"), initial=7, min_value=1, max_value=366)
