"""Shops in the states the tests need, built the way sign-up leaves them."""

from __future__ import annotations

import itertools
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from oscar.core.loading import get_model

from shops.models import Shop, ShopCategory, ShopDecision
from shops.territory import town_find

Partner = get_model("partner", "Partner")

# One sequence per test process: every generated SIRET, email and slug differs from the previous ones,
# and the rolled-back transaction of each test keeps the database free of them.
_sequence = itertools.count(1)


def luhn_complete(digits: str) -> str:
    """Append the Luhn check digit to a string of ASCII digits (a 13-digit prefix gives a SIRET)."""
    total = 0
    # The check digit will sit at position 0 from the right, so the prefix's last digit is doubled.
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return f"{digits}{(10 - total % 10) % 10}"


def siret_make(*, siren_prefix: str | None = None, nic: str | None = None) -> str:
    """A SIRET the INSEE could have issued: its SIREN (8 digits + key) and all 14 digits pass Luhn.

    Two calls with the same siren_prefix give two establishments of one company (same SIREN).
    """
    number = next(_sequence)
    # A leading 2 keeps clear of the demo shops (4-9) and of La Poste (356…), which follows another rule.
    siren = luhn_complete(siren_prefix or f"2{number % 10**7:07d}")
    return luhn_complete(f"{siren}{nic or f'{number % 10**4:04d}'}")


def shop_pending_create(
    *,
    name: str = "Boulangerie Dupont",
    siret: str | None = None,
    postcode: str = "38300",
    owner_email: str | None = None,
    town: str | None = None,
    email: str = "",
    category: ShopCategory | None = None,
    submitted_at: datetime | None = None,
) -> Shop:
    """A shop waiting for the CCI: owner account, Oscar partner, shop PENDING and its SUBMITTED entry."""
    number = next(_sequence)
    owner = get_user_model().objects.create_user(
        email=owner_email or f"commercant-{number}@example.com",
        password="commercant-test",
        first_name="Jeanne",
        last_name="Dupont",
    )
    partner = Partner.objects.create(name=name)
    partner.users.add(owner)
    if town is None:
        found = town_find(postcode=postcode)
        town = found.name if found else "Paris"
    if category is None:
        category = ShopCategory.objects.order_by("position", "pk").first() or ShopCategory.objects.create(
            name="Boulangerie", slug="boulangerie"
        )
    submitted_at = submitted_at or timezone.now()
    shop = Shop.objects.create(
        partner=partner,
        owner=owner,
        name=name,
        slug=f"{slugify(name)[:120]}-{number}",
        status=Shop.Status.PENDING,
        category=category,
        siret=siret if siret is not None else siret_make(),
        legal_name=f"{name} SARL",
        address="1 rue de la République",
        postcode=postcode,
        town=town,
        phone="04 65 71 00 00",
        email=email,
        description="<p>Une boutique de test.</p>",
        signup_step=5,
        terms_accepted_at=submitted_at,
        submitted_at=submitted_at,
    )
    decision = ShopDecision.objects.create(shop=shop, action=ShopDecision.Action.SUBMITTED, actor=owner)
    # created_at is auto_now_add: set afterwards so the audit trail agrees with submitted_at.
    ShopDecision.objects.filter(pk=decision.pk).update(created_at=submitted_at)
    return shop
