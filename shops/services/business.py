"""Business accounts and business-only channels: a member applies with their SIRET, CCI staff approve or
refuse; staff flag a shop as a business-only channel. Caps and purchases are written at placement (orders)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from kernel.page_cache import public_pages_changed
from shops.access import user_is_shop_reviewer
from shops.models import BusinessAccount, BusinessCap, BusinessPurchase, Shop
from shops.selectors.visibility import business_identity_forget
from shops.validators import normalize_siret, validate_clean_text, validate_siret

Product = get_model("catalogue", "Product")

LEGAL_NAME_MAX_LENGTH = 160
CAP_MAX = 1_000_000
PERIOD_MAX_DAYS = 366
REASON_MAX_LENGTH = 2000
Status = BusinessAccount.Status


@transaction.atomic
def business_account_apply(*, user, siret: str, legal_name: str) -> BusinessAccount:
    """Ask to be a verified business: SIRET checked as at sign-up; pending until CCI staff decide.

    A refused application may be sent again (corrected); an approved or pending one is not replaced.
    """
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    number = normalize_siret(siret or "")
    try:
        validate_siret(number)
    except ValidationError as error:
        raise ValidationError({"siret": error.error_list}) from None
    legal_name = (legal_name or "").strip()
    if not legal_name:
        raise ValidationError({"legal_name": _("Indiquez la raison sociale de votre entreprise.")})
    validate_clean_text(legal_name, max_length=LEGAL_NAME_MAX_LENGTH)
    account = BusinessAccount.objects.select_for_update().filter(user=user).first()
    if account is not None and account.status != Status.REJECTED:
        raise ValidationError(_("Votre demande a déjà été envoyée."), code="already_applied")
    account = account or BusinessAccount(user=user)
    account.siret, account.legal_name, account.status = number, legal_name, Status.PENDING
    account.reason, account.decided_at, account.decided_by = "", None, None
    account.save()
    return account


@transaction.atomic
def business_account_approve(*, account: BusinessAccount, actor) -> BusinessAccount:
    """Verify a pending business: from now on it sees and orders the business-only channels' products."""
    return _decide(account=account, actor=actor, status=Status.APPROVED, reason="")


@transaction.atomic
def business_account_reject(*, account: BusinessAccount, actor, reason: str) -> BusinessAccount:
    """Refuse a pending business with a reason the member reads on their page; they may apply again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif : le demandeur le lira."), code="reason_required")
    validate_clean_text(reason, max_length=REASON_MAX_LENGTH)
    return _decide(account=account, actor=actor, status=Status.REJECTED, reason=reason)


@transaction.atomic
def shop_business_only_set(*, shop: Shop, actor, business_only: bool) -> Shop:
    """Make a shop a business-only channel (or a public shop again): it leaves (or joins) every public listing."""
    if actor is None or not user_is_shop_reviewer(actor):
        raise PermissionDenied
    locked = Shop.objects.select_for_update().get(pk=shop.pk)
    locked.business_only = business_only
    locked.save(update_fields=["business_only", "updated_at"])
    public_pages_changed()
    return locked


def business_purchases_record(*, orders: list, siret: str, legal_name: str, now) -> None:
    """What each order bought from business-only channels, for the caps (called by the placement, in its
    transaction, under the caps' row locks)."""
    rows = [
        BusinessPurchase(
            order=order,
            product_id=line.product_id,
            siret=siret,
            legal_name=legal_name,
            quantity=line.quantity,
            placed_at=now,
        )
        for order in orders
        for line in order.lines.all()
        if line.product_id is not None
    ]
    BusinessPurchase.objects.bulk_create(rows)


def _decide(*, account: BusinessAccount, actor, status: str, reason: str) -> BusinessAccount:
    if actor is None or not user_is_shop_reviewer(actor):
        raise PermissionDenied
    locked = BusinessAccount.objects.select_for_update().get(pk=account.pk)
    if locked.status != Status.PENDING:
        raise ValidationError(
            _("Cette demande n'est plus en attente ; elle est « %(status)s »."),
            code="invalid_transition",
            params={"status": Status(locked.status).label},
        )
    locked.status, locked.reason = status, reason
    locked.decided_at, locked.decided_by = timezone.now(), actor
    locked.save()
    business_identity_forget(user=locked.user)
    return locked


@transaction.atomic
def business_cap_set(*, shop: Shop, product_id: int, actor, quantity: int | None, period_days: int = 7):
    """Set (or, with no quantity, remove) the cap per business of one of a business-only shop's products."""
    if actor is None or not user_is_shop_reviewer(actor):
        raise PermissionDenied
    if not shop.business_only:
        raise ValidationError(_("Les plafonds ne s'appliquent qu'aux canaux réservés aux entreprises."))
    product = Product.objects.filter(pk=product_id, stockrecords__partner_id=shop.partner_id).first()
    if product is None:
        raise ValidationError(_("Ce produit n'est pas vendu par cette boutique."))
    if quantity is None:
        BusinessCap.objects.filter(product=product).delete()
        return None
    if not 1 <= quantity <= CAP_MAX or not 1 <= period_days <= PERIOD_MAX_DAYS:
        raise ValidationError(
            _("Le plafond va de 1 à %(cap)d unités, sur 1 à %(days)d jours."),
            params={"cap": CAP_MAX, "days": PERIOD_MAX_DAYS},
        )
    cap, _created = BusinessCap.objects.update_or_create(
        product=product, defaults={"quantity": quantity, "period_days": period_days}
    )
    return cap
