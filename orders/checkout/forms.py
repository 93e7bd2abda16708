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


class SlotChoiceForm(forms.Form):
    """The pickup slot chosen for each shop of the basket: one `slot-<shop id>` field per shop section.

    Only parsed here; whether the slot exists, is still offered and has a place left is decided by
    order_place_for_basket under its locks, which also says when a shop has no slot chosen.
    """

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        for section in sections:
            self.fields[self.field_name(section.shop.pk)] = forms.CharField(required=False, strip=True)

    @staticmethod
    def field_name(shop_id: int) -> str:
        return f"slot-{shop_id}"

    def choices(self) -> dict[int, str]:
        """{shop id: slot key} for the shops whose slot was chosen."""
        if not self.is_valid():
            return {}
        return {
            int(name.removeprefix("slot-")): key
            for name, key in self.cleaned_data.items()
            if name.startswith("slot-") and key
        }
