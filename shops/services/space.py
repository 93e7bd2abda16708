"""Writes of the shopkeeper's own space: closures, pickup settings and the shop's team.

Every writer takes the shop it acts on from the caller, who resolved it from the signed-in user
(never from a URL), and looks any other object up *within* that shop, so that an id belonging to
another shop is simply not found.
"""

from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.accounts import groups
from kernel.emails import email_send
from shops import signals
from shops.models import Closure, Shop, ShopInvitation
from shops.validators import validate_clean_text

User = get_user_model()

# --- Closures --------------------------------------------------------------------------------------

CLOSURE_REASON_MAX = 120
# A shop closed for longer than a year is no longer a shop on the marketplace: the CCI suspends it.
CLOSURE_MAX_DAYS = 366


@transaction.atomic
def closure_add(*, shop: Shop, starts_on: date, ends_on: date, reason: str = "") -> Closure:
    """Add an exceptional closure to the shop; it must end on or after it starts, not be over, nor overlap another."""
    reason = (reason or "").strip()
    errors: dict[str, list] = {}
    if ends_on < starts_on:
        errors.setdefault("ends_on", []).append(
            _("La fermeture ne peut pas se terminer (%(ends)s) avant de commencer (%(starts)s).")
            % {"ends": _format_date(ends_on), "starts": _format_date(starts_on)}
        )
    elif (ends_on - starts_on).days + 1 > CLOSURE_MAX_DAYS:
        errors.setdefault("ends_on", []).append(_("Une fermeture exceptionnelle dure au plus un an."))
    elif ends_on < timezone.localdate():
        errors.setdefault("ends_on", []).append(_("Cette période est déjà passée."))
    try:
        validate_clean_text(reason, max_length=CLOSURE_REASON_MAX)
    except ValidationError as error:
        errors.setdefault("reason", []).extend(error.messages)
    if not errors:
        # Locked so that two tabs adding overlapping closures cannot both pass the check.
        Shop.objects.select_for_update().filter(pk=shop.pk).first()
        overlapping = shop.closures.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
        if overlapping is not None:
            errors.setdefault("starts_on", []).append(
                _("Cette période chevauche la fermeture du %(starts)s au %(ends)s.")
                % {"starts": _format_date(overlapping.starts_on), "ends": _format_date(overlapping.ends_on)}
            )
    if errors:
        raise ValidationError(errors)
    return Closure.objects.create(shop=shop, starts_on=starts_on, ends_on=ends_on, reason=reason)


@transaction.atomic
def closure_remove(*, shop: Shop, closure_id: int) -> None:
    """Delete one of the shop's closures; raises Closure.DoesNotExist for any closure of another shop."""
    deleted, _detail = Closure.objects.filter(shop=shop, pk=closure_id).delete()
    if not deleted:
        raise Closure.DoesNotExist


def _format_date(value: date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "SHORT_DATE_FORMAT")


# --- Pickup settings -------------------------------------------------------------------------------

SLOT_MINUTES_CHOICES = (10, 15, 20, 30, 45, 60)
SLOT_CAPACITY_RANGE = (1, 50)
PREPARATION_MINUTES_RANGE = (0, 2880)
DAYS_AHEAD_RANGE = (1, 30)
# Up to a working week of opening time to accept an order; up to two weeks to collect a ready one.
ACCEPTANCE_MINUTES_RANGE = (15, 2880)
NO_SHOW_GRACE_HOURS_RANGE = (0, 336)
PICKUP_INSTRUCTIONS_MAX = 1000
PICKUP_FIELDS = (
    "slot_minutes",
    "slot_capacity",
    "preparation_minutes",
    "days_ahead",
    "same_day_cutoff",
    "pickup_instructions",
    "acceptance_minutes",
    "no_show_grace_hours",
)


def _number_in(low: int, high: int, message):
    def clean(value):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(message)
        return value

    return clean


def _slot_minutes_clean(value):
    if isinstance(value, bool) or value not in SLOT_MINUTES_CHOICES:
        raise ValidationError(_("Choisissez une durée de créneau parmi 10, 15, 20, 30, 45 ou 60 minutes."))
    return int(value)


def _cutoff_clean(value):
    if value is not None and not isinstance(value, time):
        raise ValidationError(_("Heure limite invalide."))
    return value


def _instructions_clean(value):
    if not isinstance(value, str):
        raise ValidationError(_("Texte invalide."))
    validate_clean_text(value, max_length=PICKUP_INSTRUCTIONS_MAX)
    return value.strip()


# One cleaner per setting: the cleaned value, or a ValidationError in the shopkeeper's words.
_PICKUP_CLEANERS = {
    "slot_minutes": _slot_minutes_clean,
    "slot_capacity": _number_in(*SLOT_CAPACITY_RANGE, _("Entre 1 et 50 commandes par créneau.")),
    "preparation_minutes": _number_in(
        *PREPARATION_MINUTES_RANGE, _("Le délai de préparation va de 0 à 2880 minutes (deux jours).")
    ),
    "days_ahead": _number_in(*DAYS_AHEAD_RANGE, _("On peut réserver de 1 à 30 jours à l'avance.")),
    "same_day_cutoff": _cutoff_clean,
    "pickup_instructions": _instructions_clean,
    "acceptance_minutes": _number_in(
        *ACCEPTANCE_MINUTES_RANGE, _("Le délai pour accepter une commande va de 15 à 2880 minutes d'ouverture.")
    ),
    "no_show_grace_hours": _number_in(
        *NO_SHOW_GRACE_HOURS_RANGE, _("Le délai avant « non retirée » va de 0 à 336 heures (deux semaines).")
    ),
}


def pickup_settings_validate(*, fields: dict) -> dict:
    """Return the pickup settings cleaned, or raise ValidationError naming each bad field."""
    unknown = set(fields) - set(PICKUP_FIELDS)
    if unknown:
        raise TypeError(f"not a pickup setting: {', '.join(sorted(unknown))}")
    errors: dict[str, list] = {}
    cleaned: dict = {}
    # In PICKUP_FIELDS order, as before: the form shows the errors field by field.
    for name in (name for name in PICKUP_FIELDS if name in fields):
        try:
            cleaned[name] = _PICKUP_CLEANERS[name](fields[name])
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def pickup_settings_update(*, shop: Shop, **fields) -> Shop:
    """Save the given pickup settings of the shop; nothing is saved unless every one of them is valid."""
    cleaned = pickup_settings_validate(fields=fields)
    for name, value in cleaned.items():
        setattr(shop, name, value)
    shop.save(update_fields=[*cleaned, "updated_at"])
    if "slot_capacity" in cleaned:
        # Slots already booked keep their row: the orders app gives them the new capacity too.
        signals.pickup_capacity_changed.send(sender=Shop, shop=shop)
    return shop


# --- The shop's team -------------------------------------------------------------------------------

INVITATION_SALT = "shops.space.invitation"
INVITATION_MAX_AGE = timedelta(days=7)
# An owner's mailbox is not a mass-mailing service: a handful of colleagues at a time is plenty.
INVITATIONS_PENDING_MAX = 10


def shop_users(*, shop: Shop):
    """The people who manage the shop, the owner first."""
    return shop.partner.users.order_by("first_name", "last_name", "email")


def invitations_pending(*, shop: Shop):
    """The shop's invitations neither accepted nor expired, newest first."""
    return shop.invitations.filter(
        accepted_at__isnull=True, created_at__gte=timezone.now() - INVITATION_MAX_AGE
    ).order_by("-created_at")


def invitation_token(*, invitation: ShopInvitation) -> str:
    """The signed, expiring token of an invitation's link; it names the invitation and its email."""
    return signing.dumps({"i": invitation.pk, "e": invitation.email.casefold()}, salt=INVITATION_SALT)


def _owner_required(*, shop: Shop, actor) -> None:
    if actor is None or shop.owner_id is None or actor.pk != shop.owner_id:
        raise PermissionDenied(_("Seule la personne titulaire de la boutique peut gérer son équipe."))


@transaction.atomic
def shop_invite(*, shop: Shop, invited_by, email: str) -> ShopInvitation:
    """Invite a colleague by email to manage the shop (owner only); a new invitation voids older ones to that email."""
    _owner_required(shop=shop, actor=invited_by)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Adresse email invalide.")}) from error
    if shop.partner.users.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Cette personne gère déjà la boutique.")})
    # Serialises invitations of one shop, so the cap below holds under concurrent requests.
    Shop.objects.select_for_update().filter(pk=shop.pk).first()
    shop.invitations.filter(email__iexact=email, accepted_at__isnull=True).delete()
    if invitations_pending(shop=shop).count() >= INVITATIONS_PENDING_MAX:
        raise ValidationError(
            {"email": _("Trop d'invitations en attente : attendez qu'elles soient acceptées ou annulez-en.")}
        )
    invitation = ShopInvitation.objects.create(shop=shop, email=email, invited_by=invited_by)
    path = reverse("my-shop:invitation-accept", kwargs={"token": invitation_token(invitation=invitation)})
    context = {
        "shop_name": shop.name,
        "invited_by_name": invited_by.get_full_name() or invited_by.email,
        "accept_path": path,
        "valid_days": INVITATION_MAX_AGE.days,
    }
    # Sent once the invitation exists for good: a rolled-back one must not reach anybody's inbox.
    transaction.on_commit(lambda: email_send(to=[email], template="shop_invitation", context=context))
    return invitation


@transaction.atomic
def invitation_cancel(*, shop: Shop, actor, invitation_id: int) -> None:
    """Withdraw one of the shop's pending invitations (owner only); its link stops working."""
    _owner_required(shop=shop, actor=actor)
    deleted, _detail = shop.invitations.filter(pk=invitation_id, accepted_at__isnull=True).delete()
    if not deleted:
        raise ShopInvitation.DoesNotExist


def invitation_read(*, token: str) -> ShopInvitation:
    """The pending invitation a link's token names, or ValidationError if forged, expired, withdrawn or used."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("Ce lien d'invitation a expiré (il est valable %(days)s jours) : demandez une nouvelle invitation.")
            % {"days": INVITATION_MAX_AGE.days},
            code="expired",
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(_("Ce lien d'invitation n'est pas valide."), code="invalid") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int):
        raise ValidationError(_("Ce lien d'invitation n'est pas valide."), code="invalid")
    invitation = ShopInvitation.objects.select_related("shop__partner").filter(pk=payload["i"]).first()
    if invitation is None or invitation.email.casefold() != payload.get("e"):
        raise ValidationError(_("Cette invitation a été annulée ou remplacée par une plus récente."), code="withdrawn")
    if invitation.accepted_at is not None:
        raise ValidationError(_("Cette invitation a déjà été acceptée."), code="used")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user) -> Shop:
    """Make the invited user one of the shop's managers; the invitation is for its email only and works once."""
    invitation = invitation_read(token=token)
    # Locked and read again, so that a double click accepts once.
    invitation = ShopInvitation.objects.select_for_update().select_related("shop__partner").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Cette invitation a déjà été acceptée."), code="used")
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if (user.email or "").casefold() != invitation.email.casefold():
        raise ValidationError(
            _(
                "Cette invitation est destinée à %(invited)s, or la session ouverte est celle de %(current)s : "
                "déconnectez-vous puis connectez-vous avec la bonne adresse."
            )
            % {"invited": invitation.email, "current": user.email},
            code="wrong_email",
        )
    shop = invitation.shop
    if user.partners.filter(shop__isnull=False).exclude(pk=shop.partner_id).exists():
        # Each person manages a single shop: their dashboard shows "their" shop, never a choice.
        raise ValidationError(
            _("Votre compte gère déjà une autre boutique : utilisez une autre adresse email pour celle-ci."),
            code="other_shop",
        )
    shop.partner.users.add(user)
    if shop.status == Shop.Status.APPROVED:
        # Other statuses: shop approval adds every user of the partner to the group.
        user.groups.add(Group.objects.get(name=groups.SHOPKEEPERS))
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return shop


@transaction.atomic
def invitation_account_create(*, token: str, first_name: str, last_name: str, password: str):
    """Open an account for the invitation's email and accept it; the password must already be validated."""
    invitation = invitation_read(token=token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("Un compte existe déjà pour cette adresse : connectez-vous."), code="exists")
    for value, max_length in ((first_name, 150), (last_name, 150)):
        validate_clean_text(value, max_length=max_length)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                invitation.email,
                password,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                # The link reached this mailbox: the address is confirmed.
                email_confirmed_at=timezone.now(),
            )
    except IntegrityError as error:
        # A double submit, or the same address opened meanwhile (in any case): one account only.
        raise ValidationError(_("Un compte existe déjà pour cette adresse : connectez-vous."), code="exists") from error
    invitation_accept(token=token, user=user)
    return user


@transaction.atomic
def shop_user_remove(*, shop: Shop, actor, user_id: int) -> None:
    """Take a colleague off the shop (owner only, never the owner); raises User.DoesNotExist if not one of its users."""
    _owner_required(shop=shop, actor=actor)
    if user_id == shop.owner_id:
        raise ValidationError(_("La personne titulaire ne peut pas se retirer de sa propre boutique."))
    user = shop.partner.users.get(pk=user_id)
    shop.partner.users.remove(user)
    if not user.partners.exists():
        # No shop left to manage: no more dashboard either.
        user.groups.remove(*Group.objects.filter(name=groups.SHOPKEEPERS))
