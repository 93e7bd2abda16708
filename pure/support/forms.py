"""The support cell's forms: the hotline, a call-back's adviser, status and notes."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shops.space.forms import CleanTextField, ClosureForm, OpeningHoursForm

from ..services.hotline import TEXT_MAX


class HotlineForm(OpeningHoursForm):
    """The hotline's number and text, and its week typed as a shop's is ("8h30-12h, 13h30-17h30")."""

    phone = forms.CharField(label=_("Numéro de la ligne"), max_length=32)
    text = CleanTextField(
        label=_("Présentation"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Quelques phrases : qui répond, pour quelles questions. Affichées sur la page PURE."),
    )
    field_order = ["phone", "text"]

    @staticmethod
    def initial_for_hotline(info) -> dict:
        days: dict[int, list[str]] = {}
        for weekday, opens, closes in sorted(info.hours.ranges):
            days.setdefault(weekday, []).append(f"{opens:%H:%M}-{closes:%H:%M}")
        return {"phone": info.phone, "text": info.text} | {f"day_{d}": ", ".join(p) for d, p in days.items()}


class HotlineClosureForm(ClosureForm):
    """Days the hotline does not answer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Motif (affiché sur le site)")
        self.fields["reason"].help_text = _("Par exemple : jour férié, fermeture de la CCI.")


class AssignForm(forms.Form):
    adviser = forms.ModelChoiceField(label=_("Conseiller"), queryset=None, empty_label=_("— choisir —"))
    note = CleanTextField(
        label=_("Note (facultatif)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers
        self.fields["adviser"].label_from_instance = lambda user: user.get_full_name() or user.email


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("called", _("Rappelée")), ("closed", pgettext_lazy("call-back status", "Close"))],
        widget=forms.HiddenInput,
    )
    note = CleanTextField(
        label=_("Note sur l'appel"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    text = CleanTextField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
