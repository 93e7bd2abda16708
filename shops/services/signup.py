"""Writes of the shopkeeper sign-up wizard: account, email confirmation, business, shop, hours, submission."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from kernel.emails import email_send
from shops.models import Shop, ShopCategory, ShopDecision
from shops.phone import phone_normalize
from shops.selectors.signup import signup_siret_taken
from shops.services.hours import RangeSpec, opening_hours_replace
from shops.services.profile import shop_profile_update
from shops.validators import normalize_siret, validate_clean_text, validate_siret

CONFIRM_SALT = "shops.signup.email-confirm"
CONFIRM_MAX_AGE = timedelta(days=3)
STEP_SHOP = 3
STEP_HOURS = 4

MESSAGE_EMAIL_TAKEN = _(
    "Un compte existe déjà avec cette adresse email. Connectez-vous, ou utilisez « mot de passe oublié »."
)
MESSAGE_SIRET_TAKEN = _(
    "Une boutique est déjà inscrite avec ce numéro SIRET. S'il s'agit de la vôtre, contactez la CCI Nord-Isère."
)
MESSAGE_LINK_EXPIRED = _("Ce lien de confirmation a expiré : demandez-en un nouveau depuis votre inscription.")
MESSAGE_LINK_INVALID = _("Ce lien de confirmation n'est pas valide : vérifiez qu'il a été copié en entier.")
MESSAGE_EMAIL_NOT_CONFIRMED = _(
    "Confirmez d'abord votre adresse email : cliquez sur le lien que nous vous avons envoyé, "
    "ou demandez un nouvel email."
)
MESSAGE_NOT_EDITABLE = _(
    "Cette boutique est en cours de validation ou déjà validée : elle ne peut plus être modifiée ici."
)
MESSAGE_REQUIRED = _("Ce champ est obligatoire.")
MESSAGE_ALREADY_IN_A_SHOP = _(
    "Votre compte gère déjà une boutique : une autre boutique s'inscrit avec un autre compte."
)


def _required_text(value: str, *, max_length: int) -> str:
    value = (value or "").strip()
    validate_clean_text(value, max_length=max_length)
    if not value:
        raise ValidationError(MESSAGE_REQUIRED, code="required")
    return value


def _optional_text(value: str, *, max_length: int) -> str:
    value = (value or "").strip()
    validate_clean_text(value, max_length=max_length)
    return value


def _editable_check(shop: Shop) -> None:
    # Once submitted, what the CCI reviews must not change under their eyes; a refused shop is open again.
    if shop.status not in (Shop.Status.DRAFT, Shop.Status.REJECTED):
        raise ValidationError(MESSAGE_NOT_EDITABLE, code="not_editable")


def _slug_unique(*, name: str, exclude_pk: int | None) -> str:
    base = slugify(name)[:130].strip("-") or "boutique"
    taken = set(Shop.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- Step 1: the account ---------------------------------------------------------------------------


def signup_confirmation_token(*, user) -> str:
    """A signed token naming the user and the address it confirms; changing the address voids it."""
    return signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=CONFIRM_SALT, compress=True)


def signup_confirmation_send(*, user) -> None:
    """Email the user a link confirming their address, valid CONFIRM_MAX_AGE; nothing if already confirmed."""
    if user.email_confirmed_at is not None:
        return
    path = reverse("signup:confirm-email", kwargs={"token": signup_confirmation_token(user=user)})
    email_send(
        to=[user.email],
        template="signup_confirm_email",
        context={"first_name": user.first_name, "confirm_path": path, "valid_days": CONFIRM_MAX_AGE.days},
    )


@transaction.atomic
def signup_account_create(*, email: str, password: str, first_name: str, last_name: str, phone: str):
    """Create a plain (non-staff, group-less) user and email them a confirmation link; one account per email."""
    User = get_user_model()
    email = User.objects.normalize_email((email or "").strip())
    errors: dict[str, list] = {}
    try:
        validate_email(email)
        validate_clean_text(email, max_length=254)
    except ValidationError as error:
        errors["email"] = error.error_list
    else:
        if User.objects.filter(email__iexact=email).exists():
            errors["email"] = [ValidationError(MESSAGE_EMAIL_TAKEN, code="email_taken")]
    names = {}
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        try:
            names[field] = _required_text(value, max_length=150)
        except ValidationError as error:
            errors[field] = error.error_list
    try:
        phone = phone_normalize(_required_text(phone, max_length=32))
    except ValidationError as error:
        errors["phone"] = error.error_list
    try:
        # The similarity validator compares the password with the name and email, so it gets them.
        validate_password(password, user=User(email=email, **names))
    except ValidationError as error:
        errors["password"] = error.error_list
    if errors:
        raise ValidationError(errors)
    try:
        # A savepoint: the case-insensitive unique constraint settles two sign-ups racing for one address.
        with transaction.atomic():
            user = User.objects.create_user(email, password, phone=phone, **names)
    except IntegrityError as error:
        raise ValidationError({"email": [ValidationError(MESSAGE_EMAIL_TAKEN, code="email_taken")]}) from error
    # Enqueued inside the transaction: with the database task backend the email exists only if the account does.
    signup_confirmation_send(user=user)
    return user


@transaction.atomic
def signup_email_confirm(*, token: str):
    """Mark the address named by a valid, unexpired token as confirmed; a second use changes nothing."""
    User = get_user_model()
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(MESSAGE_LINK_EXPIRED, code="expired") from error
    except signing.BadSignature as error:
        raise ValidationError(MESSAGE_LINK_INVALID, code="invalid") from error
    if not (
        isinstance(payload, dict) and isinstance(payload.get("user"), int) and isinstance(payload.get("email"), str)
    ):
        raise ValidationError(MESSAGE_LINK_INVALID, code="invalid")
    user = (
        User.objects.select_for_update()
        .filter(pk=payload["user"], email__iexact=payload["email"], is_active=True)
        .first()
    )
    if user is None:
        raise ValidationError(MESSAGE_LINK_INVALID, code="invalid")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user


# --- Step 2: the business --------------------------------------------------------------------------


@transaction.atomic
def signup_business_save(*, user, siret: str, name: str, legal_name: str, category: ShopCategory) -> Shop:
    """Create (with its Oscar partner) or update the user's own draft shop; SIRET valid and unique, all or nothing."""
    User = get_user_model()
    # Locking the user serialises two submissions of this step (double click, two tabs): one shop, not two.
    User.objects.select_for_update().filter(pk=user.pk).first()
    shop = Shop.objects.select_for_update().filter(owner=user).order_by("pk").first()
    if shop is not None:
        _editable_check(shop)
    elif Shop.objects.filter(partner__users=user).exists():
        # An invited colleague already works for a shop: one person, one shop.
        raise ValidationError(MESSAGE_ALREADY_IN_A_SHOP, code="already_in_a_shop")
    errors: dict[str, list] = {}
    number = normalize_siret((siret or "").strip())
    try:
        validate_siret(number)
    except ValidationError as error:
        errors["siret"] = error.error_list
    else:
        if signup_siret_taken(siret=number, shop=shop):
            errors["siret"] = [ValidationError(MESSAGE_SIRET_TAKEN, code="siret_taken")]
    try:
        name = _required_text(name, max_length=120)
    except ValidationError as error:
        errors["name"] = error.error_list
    try:
        legal_name = _optional_text(legal_name, max_length=160)
    except ValidationError as error:
        errors["legal_name"] = error.error_list
    if not isinstance(category, ShopCategory) or category.pk is None:
        errors["category"] = [ValidationError(MESSAGE_REQUIRED, code="required")]
    if errors:
        raise ValidationError(errors)
    Partner = get_model("partner", "Partner")
    try:
        with transaction.atomic():
            if shop is None:
                partner = Partner.objects.create(name=name)
                partner.users.add(user)
                shop = Shop(partner=partner, owner=user, status=Shop.Status.DRAFT, address="", postcode="", town="")
                shop.slug = _slug_unique(name=name, exclude_pk=None)
            else:
                # The storefront address follows the name until the shop has been public once.
                if name != shop.name and shop.approved_at is None:
                    shop.slug = _slug_unique(name=name, exclude_pk=shop.pk)
                if shop.partner.name != name:
                    shop.partner.name = name
                    shop.partner.save(update_fields=["name"])
            shop.name = name
            shop.legal_name = legal_name
            shop.siret = number
            shop.category = category
            shop.signup_step = max(shop.signup_step, STEP_SHOP)
            shop.save()
    except IntegrityError as error:
        # Another shop took this SIRET between the check above and the insert.
        if signup_siret_taken(siret=number, shop=shop if shop is not None and shop.pk else None):
            raise ValidationError({"siret": [ValidationError(MESSAGE_SIRET_TAKEN, code="siret_taken")]}) from error
        raise
    return shop


# --- Steps 3 and 4: the shop and its hours ---------------------------------------------------------


@transaction.atomic
def signup_shop_save(
    *, shop: Shop, data: dict, logo: ContentFile | None = None, cover: ContentFile | None = None
) -> Shop:
    """Save the public profile of a draft or refused shop (as shop_profile_update does) and open step 4."""
    _editable_check(shop)
    shop.signup_step = max(shop.signup_step, STEP_HOURS)
    return shop_profile_update(shop=shop, data=data, logo=logo, cover=cover)


@transaction.atomic
def signup_hours_save(*, shop: Shop, ranges: list[RangeSpec]) -> Shop:
    """Replace the weekly hours of a draft or refused shop; nothing changes if any range is invalid."""
    _editable_check(shop)
    opening_hours_replace(shop=shop, ranges=ranges)
    return shop


def shop_missing_fields(*, shop: Shop, include_hours: bool = True) -> list[str]:
    """The labels of what a shop still lacks before it can be submitted, in wizard order."""
    missing = []
    for field in ("siret", "name", "category", "address", "postcode", "town"):
        value = getattr(shop, f"{field}_id" if field == "category" else field)
        if not value:
            missing.append(str(Shop._meta.get_field(field).verbose_name))
    if include_hours and not shop.opening_ranges.exists():
        missing.append(str(_("horaires d'ouverture")))
    return missing


@transaction.atomic
def shop_submit(*, shop: Shop, user) -> Shop:
    """Send the owner's complete draft or refused shop for validation: PENDING, terms accepted, audited, emailed."""
    User = get_user_model()
    shop = Shop.objects.select_for_update().get(pk=shop.pk)
    if shop.owner_id != user.pk:
        raise ValidationError(_("Seul le titulaire de la boutique peut la soumettre."), code="not_owner")
    _editable_check(shop)
    # Read again: the address may have been confirmed from another device since this request began.
    confirmed_at = User.objects.filter(pk=user.pk).values_list("email_confirmed_at", flat=True).first()
    if confirmed_at is None:
        raise ValidationError(MESSAGE_EMAIL_NOT_CONFIRMED, code="email_not_confirmed")
    missing = shop_missing_fields(shop=shop)
    if missing:
        raise ValidationError(
            _("Votre boutique n'est pas complète ; il manque : %(fields)s."),
            code="incomplete",
            params={"fields": ", ".join(missing)},
        )
    now = timezone.now()
    shop.status = Shop.Status.PENDING
    shop.submitted_at = now
    shop.terms_accepted_at = now
    shop.save(update_fields=["status", "submitted_at", "terms_accepted_at", "updated_at"])
    ShopDecision.objects.create(shop=shop, action=ShopDecision.Action.SUBMITTED, actor=user)
    email_send(
        to=[user.email],
        template="shop_submitted",
        context={"first_name": user.first_name, "shop_name": shop.name, "status_path": reverse("signup:done")},
    )
    return shop
