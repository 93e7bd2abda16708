"""Which shops take online payment."""

from ..config import online_payment_enabled
from ..models import ConnectedAccount


def shop_accepts_online_payment(*, shop) -> bool:
    """Online payment is offered for a shop only when Stripe is configured and Stripe says its account can charge."""
    if not online_payment_enabled():
        return False
    return ConnectedAccount.objects.filter(shop=shop, charges_enabled=True).exists()


def shops_accepting_online_payment(*, shop_ids) -> set[int]:
    """The ids, among `shop_ids`, of the shops that take online payment (one query, none when Stripe is off)."""
    if not online_payment_enabled():
        return set()
    return set(
        ConnectedAccount.objects.filter(shop_id__in=list(shop_ids), charges_enabled=True).values_list(
            "shop_id", flat=True
        )
    )


def connected_account_for_shop(*, shop) -> ConnectedAccount | None:
    return ConnectedAccount.objects.filter(shop=shop).first()
