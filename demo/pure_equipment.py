"""PURE's business-only channel in the demo: a supplier of protective equipment that only verified businesses
see, its masks, gel and screens (with caps per business), a verified business buyer and an application
waiting in the CCI's queue."""

from __future__ import annotations

from collections import Counter
from datetime import time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from oscar.core.loading import get_model

from kernel.accounts import groups
from shops.models import BusinessAccount, BusinessCap, OpeningRange, Shop, ShopCategory

from .accounts import DEMO_DOMAIN, SHOPKEEPER_PASSWORD
from .catalogue import product_class_ensure
from .shops import demo_siret

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

SUPPLIER_SLUG = "protections-nord-isere"
SUPPLIER_EMAIL = f"fournisseur@{DEMO_DOMAIN}"
BUYER_EMAIL = f"entreprise@{DEMO_DOMAIN}"
BUYER_PASSWORD = "entreprise-demo"  # noqa: S105 - published in the README, like every demo password
APPLICANT_EMAIL = f"membre@{DEMO_DOMAIN}"
BUYER_LEGAL_NAME = "Garage du Centre SARL"
APPLICANT_LEGAL_NAME = "Atelier Vial"
R55, R20 = Decimal("5.50"), Decimal("20.00")
# (upc, title, price TTC, TVA rate, stock, cap per business over 7 days or None)
EQUIPMENT = [
    ("pure-masques-iir-50", "Masques chirurgicaux type IIR (boîte de 50)", Decimal("9.50"), R55, 400, 10),
    ("pure-masques-tissu-5", "Masques en tissu lavables UNS1 (lot de 5)", Decimal("14.00"), R55, 300, 20),
    ("pure-gel-500", "Gel hydroalcoolique (flacon pompe 500 ml)", Decimal("6.90"), R55, 250, 24),
    ("pure-ecran-comptoir", "Écran de protection en plexiglas pour comptoir", Decimal("89.00"), R20, 40, None),
]


def _user_ensure(*, email: str, password: str, first_name: str, last_name: str, created: Counter, group=None):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, None, first_name=first_name, last_name=last_name)
        user.password = make_password(password)
        user.save(update_fields=["password"])
        created["users"] += 1
    if group:
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get(name=group))
    return user


def supplier_ensure(*, created: Counter) -> Shop:
    shop = Shop.objects.filter(slug=SUPPLIER_SLUG).first()
    if shop is not None:
        return shop
    owner = _user_ensure(
        email=SUPPLIER_EMAIL,
        password=SHOPKEEPER_PASSWORD,
        first_name="Nadia",
        last_name="Chabert",
        created=created,
        group=groups.SHOPKEEPERS,
    )
    now = timezone.now()
    shop = Shop.objects.create(
        partner=Partner.objects.create(name="Protections Nord-Isère"),
        slug=SUPPLIER_SLUG,
        name="Protections Nord-Isère",
        status=Shop.Status.APPROVED,
        business_only=True,
        category=ShopCategory.objects.filter(slug="quincaillerie").first() or ShopCategory.objects.first(),
        siret=demo_siret(seed=SUPPLIER_SLUG),
        legal_name="Protections Nord-Isère SAS",
        address="18 avenue des Frères Lumière",
        postcode="38300",
        town="Bourgoin-Jallieu",
        latitude=Decimal("45.597800"),
        longitude=Decimal("5.262300"),
        phone="04 65 71 24 00",
        email=SUPPLIER_EMAIL,
        description="<p>Fournisseur d'équipements de protection, réservé aux entreprises du territoire.</p>",
        pickup_instructions="Retrait au quai de chargement, à l'arrière du bâtiment.",
        slot_minutes=30,
        slot_capacity=6,
        owner=owner,
        submitted_at=now - timedelta(days=30),
        approved_at=now - timedelta(days=29),
    )
    shop.partner.users.add(owner)
    OpeningRange.objects.bulk_create(
        [
            OpeningRange(shop=shop, weekday=day, opens=opens, closes=closes)
            for day in range(1, 6)
            for opens, closes in ((time(8, 30), time(12)), (time(13, 30), time(17, 30)))
        ]
    )
    created["shops"] += 1
    return shop


def equipment_ensure(*, shop: Shop, created: Counter) -> None:
    product_class = product_class_ensure(created=created)
    for upc, title, price, rate, stock, cap in EQUIPMENT:
        product = Product.objects.filter(upc=upc).first()
        if product is None:
            product = Product(
                upc=upc, title=title, product_class=product_class, structure=Product.STANDALONE, is_public=True
            )
            product.save()
            StockRecord.objects.create(
                product=product,
                partner=shop.partner,
                partner_sku=upc,
                price=price,
                price_currency="EUR",
                tva_rate=rate,
                num_in_stock=stock,
            )
            created["products"] += 1
        if cap is not None and not BusinessCap.objects.filter(product=product).exists():
            BusinessCap.objects.create(product=product, quantity=cap, period_days=7)


def business_accounts_ensure(*, created: Counter) -> None:
    staff = get_user_model().objects.filter(email=f"equipe@{DEMO_DOMAIN}").first()
    buyer = _user_ensure(
        email=BUYER_EMAIL, password=BUYER_PASSWORD, first_name="Karim", last_name="Benali", created=created
    )
    if not BusinessAccount.objects.filter(user=buyer).exists():
        BusinessAccount.objects.create(
            user=buyer,
            siret=demo_siret(seed="garage-du-centre"),
            legal_name=BUYER_LEGAL_NAME,
            status=BusinessAccount.Status.APPROVED,
            decided_at=timezone.now(),
            decided_by=staff,
        )
        created["business_accounts"] += 1
    applicant = _user_ensure(
        email=APPLICANT_EMAIL, password=BUYER_PASSWORD, first_name="Élise", last_name="Vial", created=created
    )
    if not BusinessAccount.objects.filter(user=applicant).exists():
        BusinessAccount.objects.create(
            user=applicant, siret=demo_siret(seed="atelier-vial"), legal_name=APPLICANT_LEGAL_NAME
        )
        created["business_accounts"] += 1


def equipment_channel_ensure(*, created: Counter) -> None:
    """Create whatever is missing of the business-only channel; a second run creates nothing."""
    shop = supplier_ensure(created=created)
    equipment_ensure(shop=shop, created=created)
    business_accounts_ensure(created=created)
