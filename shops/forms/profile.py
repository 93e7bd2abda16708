from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from shops.images import image_clean_upload
from shops.models import Shop
from shops.phone import phone_normalize
from shops.validators import validate_clean_text

POSTCODE = RegexValidator(r"^[0-9]{5}\Z", _("Le code postal compte 5 chiffres."))
MAX_DESCRIPTION = 5000


class ShopProfileForm(forms.ModelForm):
    """What shoppers see of a shop: address, position, contact, presentation and pictures."""

    # Images are checked by decoding them (shops.images), never by name or type.
    logo = forms.FileField(label=_("Logo"), required=False)
    cover = forms.FileField(label=_("Photo de couverture"), required=False)

    class Meta:
        model = Shop
        fields = [
            "name",
            "address",
            "postcode",
            "town",
            "latitude",
            "longitude",
            "phone",
            "email",
            "description",
            "logo",
            "cover",
        ]
        widgets = {
            "latitude": forms.HiddenInput,
            "longitude": forms.HiddenInput,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["address", "postcode", "town"]:
            self.fields[name].required = True
        self.fields["postcode"].validators.append(POSTCODE)
        self.fields["latitude"].required = False
        self.fields["longitude"].required = False

    def _clean_text(self, name: str, max_length: int) -> str:
        value = self.cleaned_data.get(name) or ""
        validate_clean_text(value, max_length=max_length)
        return value.strip()

    def clean_name(self):
        return self._clean_text("name", 120)

    def clean_address(self):
        return self._clean_text("address", 200)

    def clean_town(self):
        return self._clean_text("town", 80)

    def clean_description(self):
        return self._clean_text("description", MAX_DESCRIPTION)

    def clean_phone(self):
        return phone_normalize(self._clean_text("phone", 32))

    def clean_latitude(self):
        return self._clean_coordinate("latitude", Decimal("41"), Decimal("52"))

    def clean_longitude(self):
        return self._clean_coordinate("longitude", Decimal("-6"), Decimal("10"))

    def _clean_coordinate(self, name, low, high):
        value = self.cleaned_data.get(name)
        if value is not None and not (low <= value <= high):
            raise forms.ValidationError(_("Position hors de France : replacez le repère sur la carte."))
        return value

    def clean_logo(self):
        return self._clean_image("logo")

    def clean_cover(self):
        return self._clean_image("cover")

    def _clean_image(self, name):
        uploaded = self.files.get(self.add_prefix(name))
        if not uploaded:
            return None
        return image_clean_upload(uploaded=uploaded)

    def _post_clean(self):
        # The service applies the images and the sanitised description; keep the
        # model instance untouched by ModelForm's own construct_instance.
        pass
