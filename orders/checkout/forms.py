"""What the checkout asks a guest: who they are, so the shop can recognise and reach them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.services.customer import NAME_MAX_LENGTH
from shops.phone import phone_normalize


class GuestForm(forms.Form):
    """A guest's email (for the confirmation), phone (for the shop) and name (asked at the counter)."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Téléphone"), max_length=32)
    name = forms.CharField(label=_("Nom"), max_length=NAME_MAX_LENGTH)

    def clean_phone(self):
        # phone_normalize raises a French ValidationError the form shows under the field.
        return phone_normalize(self.cleaned_data["phone"])
