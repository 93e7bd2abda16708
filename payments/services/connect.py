"""Connect onboarding: a shop's own Stripe account, created once and kept in step with what Stripe says."""

from django.db import transaction

from .. import gateway
from ..models import ConnectedAccount


def connected_account_onboarding_start(*, shop, email: str, refresh_url: str, return_url: str) -> str:
    """The address of Stripe's onboarding for the shop, creating its account the first time.

    The account is created with an idempotency key of the shop, so two clicks (or two tabs) make one account.
    """
    account = ConnectedAccount.objects.filter(shop=shop).first()
    if account is None:
        created = gateway.account_create(email=email, shop_name=shop.name, shop_reference=f"shop-{shop.pk}")
        account = _account_record(shop=shop, stripe_account=created)
    return gateway.account_link_create(account=account.stripe_id, refresh_url=refresh_url, return_url=return_url)


@transaction.atomic
def _account_record(*, shop, stripe_account: gateway.Account) -> ConnectedAccount:
    account, _created = ConnectedAccount.objects.get_or_create(
        shop=shop,
        defaults={
            "stripe_id": stripe_account.id,
            "charges_enabled": stripe_account.charges_enabled,
            "details_submitted": stripe_account.details_submitted,
        },
    )
    return account


def connected_account_refresh(*, shop) -> ConnectedAccount | None:
    """Asks Stripe again whether the shop's account can charge (on the shopkeeper's return from onboarding)."""
    account = ConnectedAccount.objects.filter(shop=shop).first()
    if account is None:
        return None
    return connected_account_apply(stripe_account=gateway.account_retrieve(account=account.stripe_id))


@transaction.atomic
def connected_account_apply(*, stripe_account: gateway.Account) -> ConnectedAccount | None:
    """Records what Stripe says of an account (fetched from Stripe, never taken from a webhook's body)."""
    account = ConnectedAccount.objects.select_for_update().filter(stripe_id=stripe_account.id).first()
    if account is None:
        return None
    if (account.charges_enabled, account.details_submitted) != (
        stripe_account.charges_enabled,
        stripe_account.details_submitted,
    ):
        account.charges_enabled = stripe_account.charges_enabled
        account.details_submitted = stripe_account.details_submitted
        account.save(update_fields=["charges_enabled", "details_submitted", "updated_at"])
    return account
