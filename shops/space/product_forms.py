"""The product forms of "Ma boutique", in the shopkeeper's words: one screen, a quick add from a photo,
several photos at once, a row of the product list, the bulk actions."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from shops.catalogue_values import price_parse, stock_parse, tva_rates
from shops.models import StockMode
from shops.services.products import (
    DESCRIPTION_MAX_LENGTH,
    MAX_DRAFT_PHOTOS,
    TITLE_MAX_LENGTH,
    ProductData,
    product_photo_clean,
)
from shops.space.forms import CleanTextField

Category = get_model("catalogue", "Category")


class PriceField(forms.CharField):
    """A price TTC typed in euros ("12,50"), read by catalogue_values.price_parse."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)
        self.error_messages["required"] = _("Indiquez le prix TTC.")

    def clean(self, value):
        value = super().clean(value)
        return price_parse(value) if value else None


class StockField(forms.CharField):
    """A number of units in stock, read by catalogue_values.stock_parse."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        return stock_parse(super().clean(value))


class PhotoInput(forms.FileInput):
    """A photo input that opens the phone's camera (capture) and may take several files."""

    allow_multiple_selected = True

    def __init__(self, *, multiple: bool = False, attrs=None):
        attrs = {"accept": "image/jpeg,image/png,image/webp", "capture": "environment", **(attrs or {})}
        if multiple:
            attrs["multiple"] = True
            # One photo from the camera or several from the gallery: capture would hide the gallery.
            attrs.pop("capture")
        super().__init__(attrs=attrs)


class PhotosField(forms.FileField):
    """Zero or more photos, each through the shared image pipeline: [(file name, cleaned file)]."""

    def __init__(self, *, multiple: bool = True, max_files: int = MAX_DRAFT_PHOTOS, **kwargs):
        kwargs.setdefault("required", False)
        self.max_files = max_files
        super().__init__(widget=PhotoInput(multiple=multiple), **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            if self.required:
                raise ValidationError(_("Ajoutez une photo."), code="required")
            return []
        if len(files) > self.max_files:
            raise ValidationError(_("%(max)s photos à la fois au plus.") % {"max": self.max_files})
        cleaned, errors = [], []
        for uploaded in files:
            try:
                cleaned.append((uploaded.name, product_photo_clean(uploaded=uploaded)))
            except ValidationError as error:
                errors.extend(f"{uploaded.name[:60]} : {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def _tva_choices():
    return [(str(rate), label) for rate, label in tva_rates()]


def category_choices():
    """The shared catalogue tree, indented by depth, for a select."""
    return [
        (category.pk, "\u2003" * (category.depth - 1) + category.name)
        for category in Category.objects.order_by("path").only("pk", "name", "depth", "path")
    ]


class ProductForm(forms.Form):
    """The one screen a shopkeeper fills for a product."""

    title = CleanTextField(label=_("Nom du produit"), max_length=TITLE_MAX_LENGTH)
    photos = PhotosField(
        label=_("Photos"), help_text=_("JPEG, PNG ou WebP, 10 Mo au plus chacune. La première est la photo principale.")
    )
    price = PriceField(label=_("Prix TTC (€)"), help_text=_("Le prix payé par le client, par exemple 3,50."))
    tva_rate = forms.TypedChoiceField(label=_("Taux de TVA"), choices=_tva_choices, coerce=str)
    stock_mode = forms.ChoiceField(
        label=_("Stock"), choices=StockMode.Mode.choices, widget=forms.RadioSelect, initial=StockMode.Mode.COUNTED
    )
    num_in_stock = StockField(
        label=_("Quantité en stock"), help_text=_("Seulement pour un stock compté : le produit s'épuise à 0.")
    )
    category = forms.TypedChoiceField(label=_("Catégorie"), choices=(), coerce=int, required=False, empty_value=None)
    description = CleanTextField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_public = forms.BooleanField(label=_("En vente sur ma vitrine"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("— Aucune —")), *category_choices()]
        self.fields["stock_mode"].choices = [
            (StockMode.Mode.COUNTED, _("Je compte mon stock (le produit s'épuise)")),
            (StockMode.Mode.ALWAYS, _("Toujours disponible (pain du jour, fait à la demande)")),
            (StockMode.Mode.ON_REQUEST, _("Sur demande (je confirme en acceptant la commande)")),
        ]

    def clean(self):
        data = super().clean()
        if data.get("stock_mode") == StockMode.Mode.COUNTED and "num_in_stock" in data and data["num_in_stock"] is None:
            self.add_error("num_in_stock", _("Indiquez combien vous en avez, ou choisissez « toujours disponible »."))
        return data

    def clean_category(self):
        pk = self.cleaned_data.get("category")
        return Category.objects.filter(pk=pk).first() if pk else None

    def product_data(self) -> ProductData:
        data = self.cleaned_data
        return ProductData(
            title=data["title"],
            price=data["price"],
            tva_rate=Decimal(data["tva_rate"]),
            stock_mode=data["stock_mode"],
            num_in_stock=data["num_in_stock"],
            category=data["category"],
            description=data["description"],
            is_public=data["is_public"],
        )


class QuickAddForm(forms.Form):
    """A photo, a name and a price TTC: a live product (TVA and stock optional)."""

    photo = PhotosField(label=_("Photo"), multiple=False, max_files=1, required=True)
    title = CleanTextField(label=_("Nom du produit"), max_length=TITLE_MAX_LENGTH)
    price = PriceField(label=_("Prix TTC (€)"))
    tva_rate = forms.TypedChoiceField(label=_("Taux de TVA"), choices=_tva_choices, coerce=str)
    num_in_stock = StockField(
        label=_("Stock (facultatif)"), help_text=_("Laissé vide : toujours disponible. Sinon le produit s'épuise à 0.")
    )

    def product_data(self, *, category) -> ProductData:
        data = self.cleaned_data
        counted = data["num_in_stock"] is not None
        return ProductData(
            title=data["title"],
            price=data["price"],
            tva_rate=Decimal(data["tva_rate"]),
            stock_mode=StockMode.Mode.COUNTED if counted else StockMode.Mode.ALWAYS,
            num_in_stock=data["num_in_stock"],
            category=category,
        )


class DraftPhotosForm(forms.Form):
    """Several photos at once: one draft product each, completed later."""

    photos = PhotosField(label=_("Plusieurs photos"), required=True)


class InlineForm(forms.Form):
    """One row of the product list: price, stock, en vente."""

    price = PriceField(label=_("Prix TTC"), required=False)
    num_in_stock = StockField(label=_("Stock"))
    is_public = forms.BooleanField(label=_("En vente"), required=False)


class IdListField(forms.Field):
    """The ids of the ticked products; whether they are the shop's is the service's to check (404 if not)."""

    widget = forms.MultipleHiddenInput

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        try:
            ids = sorted({int(item) for item in values})
        except (TypeError, ValueError, OverflowError):
            raise ValidationError(_("Sélection invalide.")) from None
        if not ids:
            raise ValidationError(_("Cochez au moins un produit."), code="required")
        if len(ids) > 500 or any(not 0 < pk < 2**63 for pk in ids):
            raise ValidationError(_("Sélection invalide."))
        return ids


class BulkForm(forms.Form):
    """The bulk actions of the product list, on the ticked products."""

    ACTIONS = [
        ("hide", _("Retirer de la vente")),
        ("show", _("Mettre en vente")),
        ("category", _("Changer de catégorie")),
        ("delete", _("Supprimer")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    category = forms.TypedChoiceField(label=_("Catégorie"), choices=(), coerce=int, required=False, empty_value=None)
    products = IdListField(label=_("Produits"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("— Choisir —")), *category_choices()]

    def clean_category(self):
        pk = self.cleaned_data.get("category")
        return Category.objects.filter(pk=pk).first() if pk else None
