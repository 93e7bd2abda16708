"""Reads of the shopkeeper sign-up wizard: which shop a user is signing up, and how far they got."""

from django.db.models import Q, QuerySet

from shops.models import Shop, ShopCategory, ShopDecision

STEP_COUNT = 4
# The shop statuses in which the wizard may still change the shop: a draft, or a refused shop being corrected.
EDITABLE_STATUSES = frozenset({Shop.Status.DRAFT, Shop.Status.REJECTED})


def signup_shop_for_user(*, user) -> Shop | None:
    """The shop this user signed up (their oldest owned shop), or None; never a shop they do not own."""
    if not user.is_authenticated:
        return None
    return Shop.objects.select_related("category", "partner").filter(owner=user).order_by("pk").first()


def signup_user_has_approved_shop(*, user) -> bool:
    """Whether the user already runs an approved shop, as its owner or as one of its partner's users."""
    if not user.is_authenticated:
        return False
    return Shop.objects.filter(Q(owner=user) | Q(partner__users=user), status=Shop.Status.APPROVED).exists()


def signup_step_reached(*, user, shop: Shop | None) -> int:
    """The furthest wizard step the user may open: 1 without an account, 2 without a shop, then the shop's."""
    if not user.is_authenticated:
        return 1
    if shop is None:
        return 2
    return max(2, min(shop.signup_step, STEP_COUNT))


def signup_shop_is_editable(*, shop: Shop | None) -> bool:
    """Whether the wizard may still change this shop (no shop yet, a draft or a refused shop)."""
    return shop is None or shop.status in EDITABLE_STATUSES


def signup_category_list() -> QuerySet[ShopCategory]:
    """The shop categories offered at step 2, in their editorial order."""
    return ShopCategory.objects.order_by("position", "name")


def signup_siret_taken(*, siret: str, shop: Shop | None) -> bool:
    """Whether a shop other than this one is already registered with this SIRET."""
    return Shop.objects.filter(siret=siret).exclude(pk=shop.pk if shop else None).exists()


def signup_rejection_latest(*, shop: Shop | None) -> ShopDecision | None:
    """The CCI's latest refusal of a shop that is refused now (its reason guides the corrections), or None."""
    if shop is None or shop.status != Shop.Status.REJECTED:
        return None
    return shop.decisions.filter(action=ShopDecision.Action.REJECTED).order_by("-created_at", "-pk").first()
