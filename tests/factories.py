"""factory_boy factories for the tests (STYLE.md), reusing Oscar's own (oscar.test.factories).

Shops in the states the tests need, built the way sign-up leaves them. Every generated SIRET, email
and slug differs from the previous ones (factory sequences), and each test's rolled-back transaction
keeps the database free of them.
"""

from __future__ import annotations

import itertools
from datetime import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from oscar.test.factories import PartnerFactory
from stdnum import luhn

from shops.models import Shop, ShopCategory, ShopDecision
from shops.territory import town_find

# SIRETs have their own counter: a test may ask for one without building a shop.
_siret_sequence = itertools.count(1)


def luhn_complete(digits: str) -> str:
    """Append the Luhn check digit to a string of ASCII digits (a 13-digit prefix gives a SIRET)."""
    return digits + luhn.calc_check_digit(digits)


def siret_make(*, siren_prefix: str | None = None, nic: str | None = None) -> str:
    """A SIRET the INSEE could have issued: its SIREN (8 digits + key) and all 14 digits pass Luhn.

    Two calls with the same siren_prefix give two establishments of one company (same SIREN).
    """
    number = next(_siret_sequence)
    # A leading 2 keeps clear of the demo shops (4-9) and of La Poste (356…), which follows another rule.
    siren = luhn_complete(siren_prefix or f"2{number % 10**7:07d}")
    return luhn_complete(f"{siren}{nic or f'{number % 10**4:04d}'}")


class UserFactory(factory.django.DjangoModelFactory):
    """An account as sign-up opens it: email login, hashed password."""

    email = factory.Sequence(lambda n: f"commercant-{n}@example.com")
    first_name = "Jeanne"
    last_name = "Dupont"

    class Meta:
        model = get_user_model()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password="commercant-test", **kwargs)


def _first_category() -> ShopCategory:
    return ShopCategory.objects.order_by("position", "pk").first() or ShopCategory.objects.create(
        name="Boulangerie", slug="boulangerie"
    )


def _town_of(postcode: str) -> str:
    found = town_find(postcode=postcode)
    return found.name if found else "Paris"


class PendingShopFactory(factory.django.DjangoModelFactory):
    """A shop waiting for the CCI: owner account, Oscar partner, shop PENDING and its SUBMITTED entry."""

    owner = factory.SubFactory(UserFactory)
    name = "Boulangerie Dupont"
    partner = factory.SubFactory(PartnerFactory, name=factory.SelfAttribute("..name"))
    status = Shop.Status.PENDING
    category = factory.LazyFunction(_first_category)
    siret = factory.LazyFunction(siret_make)
    legal_name = factory.LazyAttribute(lambda shop: f"{shop.name} SARL")
    address = "1 rue de la République"
    postcode = "38300"
    town = factory.LazyAttribute(lambda shop: _town_of(shop.postcode))
    phone = "04 65 71 00 00"
    email = ""
    description = "<p>Une boutique de test.</p>"
    signup_step = 5
    submitted_at = factory.LazyFunction(timezone.now)
    terms_accepted_at = factory.SelfAttribute("submitted_at")

    class Meta:
        model = Shop
        skip_postgeneration_save = True

    @factory.lazy_attribute_sequence
    def slug(self, n):
        return f"{slugify(self.name)[:120]}-{n}"

    @factory.post_generation
    def submission(shop, create, extracted, **kwargs):
        if not create:
            return
        shop.partner.users.add(shop.owner)
        decision = ShopDecision.objects.create(shop=shop, action=ShopDecision.Action.SUBMITTED, actor=shop.owner)
        # created_at is auto_now_add: set afterwards so the audit trail agrees with submitted_at.
        ShopDecision.objects.filter(pk=decision.pk).update(created_at=shop.submitted_at)


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
    """PendingShopFactory with the tests' usual keywords; None keeps the factory's own value."""
    given = {"siret": siret, "town": town, "category": category, "submitted_at": submitted_at}
    if owner_email:
        given["owner__email"] = owner_email
    return PendingShopFactory(
        name=name, postcode=postcode, email=email, **{key: value for key, value in given.items() if value is not None}
    )
