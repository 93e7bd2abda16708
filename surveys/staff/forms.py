from django import forms
from django.utils.translation import gettext_lazy as _

# A 22,000-line member list is about 2 MB; a file ten times that is a mistake.
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV des adhérents"),
        help_text=_("Colonnes : siret ; entreprise ; email ; commune ; secteur (séparateur « ; » ou « , »)."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Fichier trop gros (20 Mo au plus)."))
        return file


class BouncesForm(forms.Form):
    emails = forms.CharField(
        label=_("Adresses en échec"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=200_000,
        help_text=_("Une adresse par ligne, telles que la messagerie les a rendues."),
    )
