"""Who may see which shop and product: the one place that decides it, read by every listing.

A shop is public when it is approved and not a business-only channel. A business-only channel (flagged
by CCI staff: the CCI's own protective-equipment counter, a supplier of masks) is approved like any
shop, but it and its products exist only for verified businesses: they never appear in the public
listings (directory, storefront, catalogue, categories, search, sitemap, editorial blocks), whose
pages may therefore be cached for everyone. Verified businesses find them on PURE's equipment page,
open their product pages and put them in their basket; everyone else gets a 404 and an unavailable
product.

A verified business is a user whose company's SIRET passed the sign-up checks and was approved by CCI
staff: a person of an approved shop that has a SIRET, or a member whose business account was approved.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, Q

from ..models import BusinessAccount, Shop


def shop_public_q(prefix: str = "") -> Q:
    """Shops anyone may see (`prefix` reaches them from another model, e.g. "partner__shop__")."""
    return Q(**{f"{prefix}status": Shop.Status.APPROVED, f"{prefix}business_only": False})


def shop_visible_q(*, user, prefix: str = "") -> Q:
    """Shops this user may see and buy from: the public ones, and the business-only channels for a
    verified business (decided inside the caller's query: no query of its own)."""
    public = shop_public_q(prefix)
    if user is None or not user.is_authenticated or not user.is_active:
        return public
    approved = Q(**{f"{prefix}status": Shop.Status.APPROVED})
    known = getattr(user, "_business_identity", False)
    if known is not False:
        return public if known is None else approved
    verified = Exists(BusinessAccount.objects.filter(user=user, status=BusinessAccount.Status.APPROVED)) | Exists(
        Shop.objects.filter(Q(owner=user) | Q(partner__users=user), status=Shop.Status.APPROVED).exclude(siret="")
    )
    return public | (approved & Q(verified))


def shop_sells_to(*, shop, user) -> bool:
    """Whether this shop takes orders from this user (the pricing strategy and the placement ask)."""
    if shop is None or shop.status != Shop.Status.APPROVED:
        return False
    return not shop.business_only or business_identity(user=user) is not None


@dataclass(frozen=True)
class BusinessIdentity:
    siret: str
    legal_name: str


def business_identity(*, user) -> BusinessIdentity | None:
    """The verified company this user orders for, or None; read once per user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, "_business_identity", False)
    if cached is not False:
        return cached
    identity = _identity_read(user=user)
    user._business_identity = identity
    return identity


def business_identity_forget(*, user) -> None:
    """After a decision on this user's account: the next read asks the database again."""
    user.__dict__.pop("_business_identity", None)


def _identity_read(*, user) -> BusinessIdentity | None:
    account = BusinessAccount.objects.filter(user=user, status=BusinessAccount.Status.APPROVED).first()
    if account is not None:
        return BusinessIdentity(siret=account.siret, legal_name=account.legal_name)
    shop = (
        Shop.objects.filter(Q(owner=user) | Q(partner__users=user), status=Shop.Status.APPROVED)
        .exclude(siret="")
        .order_by("pk")
        .first()
    )
    if shop is not None:
        return BusinessIdentity(siret=shop.siret, legal_name=shop.legal_name or shop.name)
    return None
