"""Forms of the pickup board: the reason of a refusal or a cancellation, the pickup code typed at the counter."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..codes import PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH
from ..services import REASON_MAX_LENGTH
from ..services.handover import HandoverQuantityError

OTHER = ""


class ReasonForm(forms.Form):
    """A reason picked from the common ones, a free text, or both ("Produit indisponible : plus de fraisiers")."""

    reasons: tuple = ()

    reason_choice = forms.ChoiceField(label=_("Motif"), required=False, widget=forms.RadioSelect)
    reason_text = forms.CharField(
        label=_("Précisions pour le client"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_choice"].choices = [*self.reasons, (OTHER, _("Autre motif"))]

    def reason(self) -> str:
        """The sentence sent to the shopper; empty when nothing was given (the service then asks for one)."""
        picked = dict(self.reasons).get(self.cleaned_data.get("reason_choice") or OTHER)
        text = (self.cleaned_data.get("reason_text") or "").strip()
        if picked and text:
            return f"{picked} : {text}"
        return str(picked or text)


class RefuseForm(ReasonForm):
    reasons = (
        ("unavailable", _("Produit indisponible")),
        ("closed", _("Boutique fermée ce jour-là")),
        ("slot", _("Créneau impossible à tenir")),
        ("quantity", _("Quantité trop importante")),
    )


class CancelForm(ReasonForm):
    reasons = (
        ("unavailable", _("Produit finalement indisponible")),
        ("closed", _("Fermeture exceptionnelle de la boutique")),
        ("asked", _("À la demande du client")),
    )


def pickup_code_clean(raw: str) -> str | None:
    """The code as stored (upper case, no spaces or dashes), or None when it cannot be a pickup code."""
    code = "".join((raw or "")[:100].split()).replace("-", "").upper()
    if len(code) != PICKUP_CODE_LENGTH or any(char not in PICKUP_CODE_ALPHABET for char in code):
        return None
    return code


class HandoverForm(forms.Form):
    """The code the shopper reads out or shows; any malformed code is simply unknown (it reveals nothing)."""

    code = forms.CharField(
        label=_("Code de retrait"),
        error_messages={"required": _("Saisissez le code de retrait du client.")},
    )

    def clean_code(self) -> str | None:
        return pickup_code_clean(self.cleaned_data["code"])


QUANTITY_PREFIX = "qty-"
QUANTITY_PATTERN = re.compile(r"-?[0-9]{1,9}")


def handover_quantities_parse(*, data, lines) -> dict[int, int]:
    """The units to hand over typed per line (fields qty-<line id>), as integers; the service checks them
    against the order. Raises HandoverQuantityError for anything that is not a whole number."""
    titles = {str(line.pk): line.title for line in lines}
    quantities = {}
    for name in data:
        if not name.startswith(QUANTITY_PREFIX):
            continue
        line_id = name[len(QUANTITY_PREFIX) :]
        if line_id not in titles:
            raise HandoverQuantityError(
                _("Une des lignes indiquées n'est pas dans cette commande : rien n'a été remis.")
            )
        typed = (data.get(name) or "").strip()
        if not typed:
            raise HandoverQuantityError(
                _("« %(title)s » : indiquez la quantité remise (0 si rien n'est remis).") % {"title": titles[line_id]}
            )
        # ASCII digits only: int() would also take "1_0" or other scripts' digits.
        if not QUANTITY_PATTERN.fullmatch(typed):
            raise HandoverQuantityError(
                _("« %(title)s » : « %(typed)s » n'est pas une quantité ; indiquez un nombre entier d'articles.")
                % {"title": titles[line_id], "typed": typed[:20]}
            )
        quantities[int(line_id)] = int(typed)
    return quantities
