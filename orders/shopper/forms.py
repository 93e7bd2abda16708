"""What the shopper sends from their order page: a confirmed cancellation, a slot to move to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.services import REASON_MAX_LENGTH


class CancelForm(forms.Form):
    """Cancelling takes an explicit confirmation; the reason is optional and goes to the shop as written."""

    confirm = forms.BooleanField(required=True)
    reason = forms.CharField(
        label=_("Un mot pour la boutique (facultatif)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SlotForm(forms.Form):
    """The slot key picked in the day picker; the service checks it against the shop's rules and places."""

    # Empty, garbage or too long keys are the service's to refuse, with its own words.
    slot = forms.CharField(required=False, strip=True)
