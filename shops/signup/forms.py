"""Forms of the shopkeeper sign-up wizard; the services check everything again before writing."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from shops.phone import phone_normalize
from shops.selectors.signup import signup_category_list, signup_siret_taken
from shops.services.signup import MESSAGE_EMAIL_TAKEN, MESSAGE_SIRET_TAKEN
from shops.space.forms import NameField, OpeningHoursForm, ShopProfileForm, new_password_check
from shops.territory import TOWN_CHOICES
from shops.validators import normalize_siret, validate_siret

TOWN_LIST_ID = "signup-towns"


class AccountForm(forms.Form):
    """Step 1: who the shopkeeper is and how to sign in."""

    first_name = NameField(label=_("Prénom"), max_length=150, widget=forms.TextInput({"autocomplete": "given-name"}))
    last_name = NameField(label=_("Nom"), max_length=150, widget=forms.TextInput({"autocomplete": "family-name"}))
    email = forms.EmailField(
        label=_("Adresse email"),
        max_length=254,
        help_text=_("Vous vous connecterez avec cette adresse ; nous y enverrons un lien de confirmation."),
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=32,
        help_text=_("Pour que l'équipe de la CCI puisse vous joindre pendant la validation."),
        widget=forms.TextInput({"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        max_length=128,
        help_text=password_validators_help_text_html,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput({"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(MESSAGE_EMAIL_TAKEN, code="email_taken")
        return email

    def clean_phone(self):
        return phone_normalize(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        new_password_check(
            self,
            fields=("password", "password_confirm"),
            email=cleaned.get("email"),
            first_name=cleaned.get("first_name"),
            last_name=cleaned.get("last_name"),
        )
        return cleaned


class BusinessForm(forms.Form):
    """Step 2: the business behind the shop."""

    siret = forms.CharField(
        label=_("Numéro SIRET"),
        max_length=32,
        help_text=_("Les 14 chiffres de votre établissement, tels qu'ils figurent sur votre avis de situation INSEE."),
        widget=forms.TextInput({"inputmode": "numeric", "autocomplete": "off", "placeholder": "732 829 320 00074"}),
    )
    name = NameField(
        label=_("Nom de la boutique"),
        max_length=120,
        help_text=_("Le nom que vos clients connaissent, affiché sur votre vitrine."),
    )
    legal_name = NameField(
        label=_("Raison sociale"),
        max_length=160,
        required=False,
        help_text=_("Si elle diffère du nom de la boutique."),
    )
    category = forms.ModelChoiceField(
        label=_("Catégorie"), queryset=signup_category_list(), empty_label=_("Choisissez…")
    )

    def __init__(self, *args, shop=None, **kwargs):
        self.shop = shop
        if shop is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "siret": shop.siret,
                "name": shop.name,
                "legal_name": shop.legal_name,
                "category": shop.category_id,
            }
        super().__init__(*args, **kwargs)

    def clean_siret(self):
        number = normalize_siret(self.cleaned_data["siret"])
        validate_siret(number)
        if signup_siret_taken(siret=number, shop=self.shop):
            raise forms.ValidationError(MESSAGE_SIRET_TAKEN, code="siret_taken")
        return number


class ShopForm(ShopProfileForm):
    """Step 3: where the shop is and what it looks like; the trade name was given at step 2."""

    class Meta(ShopProfileForm.Meta):
        fields = [field for field in ShopProfileForm.Meta.fields if field != "name"]
        labels = {"town": _("Commune"), "email": _("Email de la boutique (facultatif)")}
        help_texts = {
            "description": _("Quelques lignes sur votre boutique : ce que vous vendez, ce qui vous distingue."),
            "phone": _("Le numéro que vos clients peuvent appeler."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].widget.attrs.update({"list": TOWN_LIST_ID, "autocomplete": "address-level2"})
        self.fields["address"].widget.attrs.update({"autocomplete": "street-address"})
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})
        self.fields["phone"].widget.attrs.update({"type": "tel", "inputmode": "tel"})
        accept = "image/jpeg,image/png,image/webp"
        self.fields["logo"].widget.attrs.update({"accept": accept})
        self.fields["cover"].widget.attrs.update({"accept": accept})
        self.fields["logo"].help_text = _("Facultatif. JPEG, PNG ou WebP, 10 Mo au plus.")
        self.fields["cover"].help_text = _("Facultatif. Une photo de votre devanture ou de vos produits.")

    @property
    def town_choices(self) -> list[str]:
        return TOWN_CHOICES

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        # Without JavaScript the hidden position still holds the old town's centre: a new town whose
        # position was not moved on the map takes its own centre (the service fills it in when empty).
        town_changed = (cleaned.get("town") or "").casefold() != (instance.town or "").casefold()
        position_unmoved = (
            cleaned.get("latitude") == instance.latitude and cleaned.get("longitude") == instance.longitude
        )
        if town_changed and position_unmoved:
            cleaned["latitude"] = cleaned["longitude"] = None
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            cleaned["latitude"] = cleaned["longitude"] = None
        return cleaned


class HoursForm(OpeningHoursForm):
    """Step 4: the weekly hours, and the terms to accept before submitting."""

    terms_accepted = forms.BooleanField(label=_("J'accepte les conditions générales d'utilisation"), required=False)

    def __init__(self, *args, submitting: bool = False, **kwargs):
        self.submitting = submitting
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.submitting and not cleaned.get("terms_accepted"):
            self.add_error(
                "terms_accepted",
                _("Acceptez les conditions générales pour soumettre votre boutique."),
            )
        return cleaned
