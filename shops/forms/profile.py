from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from shops.forms.fields import CleanTextField
from shops.images import image_clean_upload
from shops.models import Shop
from shops.phone import phone_normalize

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
        # Control characters and over-long text are refused with a clear message, whatever the field.
        field_classes = {name: CleanTextField for name in ["name", "address", "town", "phone", "description"]}
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
        # A TextField has no length of its own: the presentation's is set here.
        self.fields["description"].max_length = MAX_DESCRIPTION

    def clean_phone(self):
        return phone_normalize(self.cleaned_data["phone"])

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
