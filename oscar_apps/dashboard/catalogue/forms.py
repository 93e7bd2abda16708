from oscar.apps.dashboard.catalogue import forms

from shops.html import sanitize_html
from shops.images import image_clean_upload
from shops.validators import validate_clean_text, validate_name_text

# Oscar's product description field is a TextField; a shop's whole presentation fits in this.
DESCRIPTION_MAX_LENGTH = 20_000


class ProductForm(forms.ProductForm):
    """Oscar's product form, with the shopkeeper's text checked and the description made safe.

    Oscar's product page prints the description with |safe: unsanitised, a shopkeeper could run
    script in every shopper's browser.
    """

    def clean_title(self):
        value = self.cleaned_data.get("title") or ""
        validate_clean_text(value, max_length=255)
        validate_name_text(value)
        return value

    def clean_slug(self):
        value = self.cleaned_data.get("slug")
        validate_name_text(value or "")
        return value

    def clean_description(self):
        value = self.cleaned_data.get("description") or ""
        validate_clean_text(value, max_length=DESCRIPTION_MAX_LENGTH)
        return sanitize_html(value)


class ProductImageForm(forms.ProductImageForm):
    """Oscar's product photo form, through the one image pipeline (decoded, re-encoded, EXIF gone)."""

    def clean_original(self):
        uploaded = self.files.get(self.add_prefix("original"))
        if not uploaded:
            return self.cleaned_data.get("original")
        return image_clean_upload(uploaded=uploaded)
