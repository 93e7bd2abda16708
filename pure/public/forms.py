"""The business owner's forms: the call-back request."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CallbackRequest, Topic


class CallbackForm(forms.Form):
    """Who to call, about what and when; `website` is the honeypot (hidden, robots fill it)."""

    name = forms.CharField(label=_("Votre nom"), max_length=120)
    company = forms.CharField(label=_("Entreprise"), max_length=160)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=24,
        help_text=_("Les 14 chiffres, sur un extrait Kbis ou sur annuaire-entreprises.data.gouv.fr."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Téléphone où vous rappeler"), max_length=32, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(label=_("Email"), help_text=_("Pour vous envoyer la référence de votre demande."))
    topic = forms.ChoiceField(label=_("Sujet"), choices=Topic.choices, widget=forms.RadioSelect)
    window = forms.ChoiceField(
        label=_("Quand vous rappeler ?"),
        choices=CallbackRequest.Window.choices,
        initial=CallbackRequest.Window.ANY,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Précisions"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    website = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    error_css_class = "has-error"


class BusinessAccountForm(forms.Form):
    """A member's application to order through the business-only channels."""

    legal_name = forms.CharField(label=_("Raison sociale"), max_length=160)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=24,
        help_text=_("Les 14 chiffres, sur un extrait Kbis ou sur annuaire-entreprises.data.gouv.fr."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    error_css_class = "has-error"
