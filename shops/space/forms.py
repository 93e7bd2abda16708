"""The forms of "Ma boutique" (profile, hours, closures, pickup settings, team), some shared with sign-up.

The sign-up wizard (shops.signup) reuses the profile and hours forms and the text and password fields:
a shop is described the same way when it signs up and when it edits itself later.
"""

import re
from datetime import time
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from shops.images import image_clean_upload
from shops.models import Shop, Weekday
from shops.phone import phone_normalize
from shops.services import space
from shops.services.hours import RangeSpec, opening_ranges_validate
from shops.validators import validate_clean_text, validate_name_text


class CleanTextField(forms.CharField):
    """A text field that refuses control characters and over-long text with a clear message (validate_clean_text)."""

    def run_validators(self, value):
        # After Django's own (length, NUL byte), whose messages say more.
        super().run_validators(value)
        if value:
            # No max_length (a TextField's form field): the control characters are still refused.
            validate_clean_text(value, max_length=self.max_length if self.max_length is not None else len(value))


class NameField(CleanTextField):
    """A name (of a shop, a business, a person): clean text without invisible or text-direction characters."""

    def run_validators(self, value):
        super().run_validators(value)
        if value:
            validate_name_text(value)


def new_password_check(form: forms.Form, *, fields: tuple[str, str], email: str, **names) -> None:
    """Add the form errors of a new password typed twice (`fields`: the password's, the copy's): the copies
    differ, or the validators refuse it for this person."""
    password_field, confirm_field = fields
    password, confirm = form.cleaned_data.get(password_field), form.cleaned_data.get(confirm_field)
    if password and confirm and password != confirm:
        form.add_error(confirm_field, _("Les deux mots de passe ne sont pas identiques."))
    elif password:
        # Judged against the account it will protect (too close to the name or the email…).
        candidate = get_user_model()(email=email or "", **{key: value or "" for key, value in names.items()})
        try:
            validate_password(password, user=candidate)
        except forms.ValidationError as error:
            form.add_error(password_field, error)


_TIME = r"(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?"
_RANGE = re.compile(rf"^{_TIME}\s*(?:-|–|—|à|a)\s*{_TIME}$")


def parse_day(text: str) -> list[tuple[time, time]]:
    """Parse "9h-12h30, 14:00-19:00" into [(09:00, 12:30), (14:00, 19:00)]; "" or "fermé" is closed."""
    text = text.strip().lower()
    if text in {"", "fermé", "ferme", "closed", "-"}:
        return []
    ranges = []
    for part in re.split(r"[,;/]|\s+et\s+|\s{2,}", text):
        part = part.strip()
        if not part:
            continue
        match = _RANGE.match(part)
        if not match:
            raise forms.ValidationError(
                _("« %(part)s » n'est pas une plage horaire (exemple : 9h00-12h30, 14h00-19h00).") % {"part": part}
            )
        h1, m1, h2, m2 = (int(g) if g else 0 for g in match.groups())
        try:
            ranges.append((time(h1, m1), time(h2, m2)))
        except ValueError as error:
            raise forms.ValidationError(_("« %(part)s » : heure impossible.") % {"part": part}) from error
    return ranges


class OpeningHoursForm(forms.Form):
    """A week of opening hours typed as text, one field per day, with a weekday shortcut."""

    same_every_weekday = forms.BooleanField(
        label=_("Mêmes horaires du lundi au samedi (recopier ceux du lundi)"), required=False
    )

    def __init__(self, *args, shop=None, **kwargs):
        if shop is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(shop)
        super().__init__(*args, **kwargs)
        for day in Weekday:
            self.fields[f"day_{day.value}"] = forms.CharField(
                label=str(day.label).capitalize(),
                required=False,
                max_length=120,
                help_text=_("Exemple : 9h00-12h30, 14h00-19h00. Vide = fermé.") if day == Weekday.MONDAY else "",
            )

    @staticmethod
    def initial_for(shop) -> dict:
        days: dict[int, list[str]] = {}
        for opening in shop.opening_ranges.all():
            days.setdefault(opening.weekday, []).append(f"{opening.opens:%H:%M}-{opening.closes:%H:%M}")
        return {f"day_{day}": ", ".join(parts) for day, parts in days.items()}

    def clean(self):
        cleaned = super().clean()
        ranges: list[RangeSpec] = []
        for day in Weekday:
            key = f"day_{day.value}"
            source = key
            if cleaned.get("same_every_weekday") and day.value <= Weekday.SATURDAY:
                source = f"day_{Weekday.MONDAY.value}"
            try:
                for opens, closes in parse_day(cleaned.get(source) or ""):
                    ranges.append((day.value, opens, closes))
            except forms.ValidationError as error:
                self.add_error(key, error)
        if not self.errors:
            try:
                opening_ranges_validate(ranges=ranges)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        cleaned["ranges"] = ranges
        return cleaned


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
        field_classes = {
            **{name: CleanTextField for name in ["address", "town", "phone", "description"]},
            "name": NameField,
        }
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

    first_name = NameField(label=_("Prénom"), max_length=150)
    last_name = NameField(label=_("Nom"), max_length=150)
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


def form_add_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form fields it names, the rest to the whole form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
