"""Forms of the shopkeeper's space; the rules themselves live in shops.services.space."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from shops.forms.fields import CleanTextField, new_password_check
from shops.services import space


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        # ISO is what <input type="date"> sends and expects, whatever the page's language.
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ClosureForm(forms.Form):
    """One exceptional closure: first and last day (both included) and an optional reason."""

    starts_on = forms.DateField(label=_("Du"), widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    ends_on = forms.DateField(label=_("Au (inclus)"), widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    reason = CleanTextField(
        label=_("Motif (affiché aux clients)"),
        required=False,
        max_length=space.CLOSURE_REASON_MAX,
        strip=True,
        help_text=_("Par exemple : congés d'été, inventaire."),
    )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La date de fin doit être le même jour que la date de début ou après."))
        return cleaned


class PickupSettingsForm(forms.Form):
    """How the shop's pickup slots are built; each bound mirrors the service's own check."""

    slot_minutes = forms.TypedChoiceField(
        label=_("Durée d'un créneau"),
        coerce=int,
        choices=[(minutes, format_lazy(_("{} minutes"), minutes)) for minutes in space.SLOT_MINUTES_CHOICES],
    )
    slot_capacity = forms.IntegerField(
        label=_("Commandes par créneau"),
        min_value=space.SLOT_CAPACITY_RANGE[0],
        max_value=space.SLOT_CAPACITY_RANGE[1],
        help_text=_("Combien de clients vous pouvez servir dans un même créneau (1 à 50)."),
    )
    preparation_minutes = forms.IntegerField(
        label=_("Délai de préparation (minutes)"),
        min_value=space.PREPARATION_MINUTES_RANGE[0],
        max_value=space.PREPARATION_MINUTES_RANGE[1],
        help_text=_("Temps minimum entre la commande et le premier créneau proposé (0 à 2880 minutes)."),
    )
    days_ahead = forms.IntegerField(
        label=_("Réservable jusqu'à (jours)"),
        min_value=space.DAYS_AHEAD_RANGE[0],
        max_value=space.DAYS_AHEAD_RANGE[1],
        help_text=_("Combien de jours à l'avance un client peut choisir son créneau (1 à 30)."),
    )
    same_day_cutoff = forms.TimeField(
        label=_("Heure limite pour un retrait le jour même"),
        required=False,
        widget=TimeInput(),
        input_formats=["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"],
        help_text=_("Après cette heure, les commandes sont proposées à partir du lendemain. Vide : pas de limite."),
    )
    acceptance_minutes = forms.IntegerField(
        label=_("Délai pour accepter une commande (minutes d'ouverture)"),
        min_value=space.ACCEPTANCE_MINUTES_RANGE[0],
        max_value=space.ACCEPTANCE_MINUTES_RANGE[1],
        initial=120,
        help_text=_(
            "Une commande pas encore acceptée après ce temps d'ouverture est signalée en rouge et vous recevez "
            "un rappel par email (15 à 2880 minutes)."
        ),
    )
    no_show_grace_hours = forms.IntegerField(
        label=_("Délai avant « non retirée » (heures)"),
        min_value=space.NO_SHOW_GRACE_HOURS_RANGE[0],
        max_value=space.NO_SHOW_GRACE_HOURS_RANGE[1],
        initial=24,
        help_text=_(
            "Une commande prête que personne n'est venu chercher passe en « non retirée » à la fin du jour de "
            "retrait plus ce délai ; les produits reviennent en stock (0 à 336 heures)."
        ),
    )
    pickup_instructions = CleanTextField(
        label=_("Instructions de retrait"),
        required=False,
        max_length=space.PICKUP_INSTRUCTIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Envoyées au client avec sa confirmation : où se présenter, quoi apporter…"),
    )

    @classmethod
    def initial_for(cls, shop) -> dict:
        return {name: getattr(shop, name) for name in space.PICKUP_FIELDS}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email de la personne à inviter"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "placeholder": _("prenom.nom@exemple.fr")}),
    )


class InvitationAccountForm(forms.Form):
    """The few things an invited colleague types to open their account."""

    first_name = CleanTextField(label=_("Prénom"), max_length=150)
    last_name = CleanTextField(label=_("Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Mot de passe (encore)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)
        # Built per request, in the visitor's language.
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        cleaned = super().clean()
        new_password_check(
            self,
            fields=("password1", "password2"),
            email=self.email,
            first_name=cleaned.get("first_name"),
            last_name=cleaned.get("last_name"),
        )
        return cleaned
