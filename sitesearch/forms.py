import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .text import query_terms

QUERY_MAX_LENGTH = 200
# Control characters other than tab and line breaks (pasted text brings those; they become spaces):
# nobody types them, and PostgreSQL refuses NUL outright.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SearchForm(forms.Form):
    """The search box: one free-text field, checked before anything reaches the database."""

    # A plain Field: CharField's own validators would answer a NUL byte or a pasted page in English
    # developer terms; clean_q says it in the shopper's words instead.
    q = forms.Field(label=_("Rechercher"), required=False)

    def clean_q(self) -> str:
        value = self.cleaned_data["q"] or ""
        if len(value) > QUERY_MAX_LENGTH:
            raise forms.ValidationError(
                _("Votre recherche est trop longue : %(max)s caractères au plus."),
                code="too_long",
                params={"max": QUERY_MAX_LENGTH},
            )
        if _CONTROL_CHARACTERS.search(value):
            raise forms.ValidationError(
                _("Votre recherche contient des caractères non autorisés."), code="forbidden_characters"
            )
        return " ".join(value.split())

    def terms(self) -> list[str]:
        """The search keys of a valid query (text.query_terms); empty when invalid or blank."""
        if not self.is_valid():
            return []
        return query_terms(self.cleaned_data["q"])
