"""Online payment in the demo: with the fake Stripe server of `make run-stripe` (never Stripe itself), the
first two demo shops connect their account and finish onboarding, so anyone can pay online offline."""

from __future__ import annotations

from collections import Counter

import requests

from payments import gateway
from payments.config import DEFAULT_API_BASE, online_payment_enabled, stripe_api_base
from payments.models import ConnectedAccount
from shops.models import Shop

from .shops import SHOPS

CONNECTED_SHOPS = 2


def demo_payments_ensure(*, created: Counter) -> None:
    if not online_payment_enabled() or stripe_api_base() == DEFAULT_API_BASE:
        return
    for spec in SHOPS[:CONNECTED_SHOPS]:
        shop = Shop.objects.get(slug=spec.slug)
        account = ConnectedAccount.objects.filter(shop=shop).first()
        if account is not None and _known(account.stripe_id):
            continue
        if account is not None:
            # The fake server keeps nothing across restarts: connect again.
            account.delete()
        stripe_account = gateway.account_create(
            email=spec.email, shop_name=shop.name, shop_reference=f"demo-{shop.pk}-{shop.slug}"
        )
        # The fake server's stand-in for finishing Stripe's onboarding.
        requests.post(f"{stripe_api_base()}/_shim/accounts/{stripe_account.id}/activate", timeout=10).raise_for_status()
        ConnectedAccount.objects.create(shop=shop, stripe_id=stripe_account.id, charges_enabled=True)
        created["stripe_accounts"] += 1


def _known(account_id: str) -> bool:
    try:
        return gateway.account_retrieve(account=account_id).charges_enabled
    except gateway.GatewayError:
        return False
