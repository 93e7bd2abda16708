"""Form pieces shared by the shopkeeper's forms (sign-up, storefront, shop space)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from shops.validators import validate_clean_text


class CleanTextField(forms.CharField):
    """A text field that refuses control characters and over-long text with a clear message (validate_clean_text)."""

    def run_validators(self, value):
        # After Django's own (length, NUL byte), whose messages say more.
        super().run_validators(value)
        if value:
            # No max_length (a TextField's form field): the control characters are still refused.
            validate_clean_text(value, max_length=self.max_length if self.max_length is not None else len(value))


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
