"""Who places an order: a signed-in shopper, or a guest who leaves an email, a phone number and a name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext_lazy as _

from shops.phone import phone_normalize
from shops.validators import validate_clean_text

from ..exceptions import PlacementProblem

NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254


@dataclass(frozen=True)
class Customer:
    """What the checkout collected about the shopper; for a signed-in user, name and phone may be left blank."""

    user: Any = None
    email: str = ""
    phone: str = ""
    name: str = ""
    # The language of the page they ordered on (blank: the site's); their emails speak it.
    language: str = ""


@dataclass(frozen=True)
class Contact:
    """A checked customer: the user (None for a guest) and who the shop will see at the counter."""

    user: Any
    email: str
    phone: str
    name: str
    language: str = ""

    @property
    def guest_email(self) -> str:
        return "" if self.user is not None else self.email


def customer_check(*, customer: Customer, basket) -> tuple[Contact | None, list[PlacementProblem]]:
    """The customer as a Contact, or the problems that stop them ordering (nothing is written)."""
    user = customer.user if customer.user is not None and customer.user.is_authenticated else None
    problems: list[PlacementProblem] = []

    def refuse(code: str, message) -> None:
        problems.append(PlacementProblem(code=code, message=str(message)))

    if basket.owner_id is not None and (user is None or user.pk != basket.owner_id):
        refuse("basket_not_yours", _("Ce panier appartient à un autre compte : reconnectez-vous pour le valider."))
    if user is not None:
        if not user.is_active:
            refuse("customer_inactive", _("Ce compte est désactivé."))
        email = user.email
        name = _text(customer.name) or user.get_full_name() or user.email
        # A phone number typed at checkout wins; a stale one on the account is better left out than refused.
        phone = _phone(customer.phone, refuse) if _text(customer.phone) else _phone(user.phone or "", None)
    else:
        if not settings.OSCAR_ALLOW_ANON_CHECKOUT:
            refuse("customer_sign_in", _("Connectez-vous pour commander."))
        email = _email(customer.email, refuse)
        name = _name(customer.name, refuse)
        phone = _phone(customer.phone, refuse)
        if not phone and not any(p.code == "customer_phone" for p in problems):
            refuse("customer_phone", _("Indiquez un numéro de téléphone : la boutique pourra vous joindre."))
    if problems:
        return None, problems
    return (
        Contact(
            user=user, email=email, phone=phone, name=name[:NAME_MAX_LENGTH], language=_language(customer.language)
        ),
        [],
    )


def _language(value) -> str:
    # One of settings.LANGUAGES ("en-gb" for "en"), else the site's: never a code the emails cannot speak.
    try:
        return get_supported_language_variant(_text(value) or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _email(value, refuse) -> str:
    email = _text(value)
    try:
        if not email or len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError("invalid")
        validate_email(email)
    except ValidationError:
        refuse("customer_email", _("Indiquez une adresse email valide : la confirmation y sera envoyée."))
        return ""
    return email


def _name(value, refuse) -> str:
    name = " ".join(_text(value).split())
    if not name:
        refuse("customer_name", _("Indiquez votre nom : la boutique le demandera au retrait."))
        return ""
    try:
        validate_clean_text(name, max_length=NAME_MAX_LENGTH)
    except ValidationError:
        refuse("customer_name", _("Ce nom contient des caractères non admis ou est trop long."))
        return ""
    return name


def _phone(value, refuse) -> str:
    raw = _text(value)
    if len(raw) > 32:
        raw = "x"  # far too long to be a number: refused below like any other bad input
    try:
        return phone_normalize(raw)
    except ValidationError:
        if refuse is not None:
            refuse("customer_phone", _("Ce numéro de téléphone n'est pas valide."))
        return ""
