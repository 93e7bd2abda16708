"""Who may open what: every dashboard and shop URL × every role → the status each one gets.

One row per URL name (a few names have two routes: one row each). Object URLs point at shop A's
objects (its product, its order and the order's line, its closure, its colleague…), so that
shopkeeper B's column is the cross-shop check. Write URLs are also POSTed by every role the row
denies, and the database must come out unchanged. The completeness test walks the URL resolver:
a URL added under one of the audited namespaces without a row here fails the build.

Statuses: an int is the exact status; LOGIN is a redirect to the dashboard's login page with
?next=; ("to", path) is a redirect to that path ("*": anywhere).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import cached_property

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from oscar.test import factories

from kernel.accounts import groups
from orders.notifications import order_track_token
from orders.services import Customer, order_place_for_basket
from orders.slots.availability import slot_first_free, slots_available
from shops.models import BusinessAccount, BusinessCap, Closure, Shop, ShopDecision, ShopInvitation
from shops.services import space
from tests.factories import shop_pending_create, siret_make

pytestmark = pytest.mark.django_db

User = get_user_model()
Basket = get_model("basket", "Basket")
Category = get_model("catalogue", "Category")
CommunicationEventType = get_model("communication", "CommunicationEventType")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Option = get_model("catalogue", "Option")
AttributeOptionGroup = get_model("catalogue", "AttributeOptionGroup")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductAlert = get_model("customer", "ProductAlert")
ProductClass = get_model("catalogue", "ProductClass")
ProductReview = get_model("reviews", "ProductReview")
Range = get_model("offer", "Range")
StockRecord = get_model("partner", "StockRecord")
Voucher = get_model("voucher", "Voucher")
VoucherSet = get_model("voucher", "VoucherSet")
WeightBand = get_model("shipping", "WeightBand")
WeightBased = get_model("shipping", "WeightBased")
Selector = get_class("partner.strategy", "Selector")

ROLES = ("anonymous", "shopper", "keeper_a", "keeper_b", "pending", "editor", "staff")
AUDITED_NAMESPACES = ("dashboard", "my-shop", "shop-review", "signup", "shops", "pickup-board", "orders")
LOGIN = "login"
# The shopper's pages send to the site's own sign-in page, not the dashboard's.
SHOPPER_LOGIN = ("to", "/accounts/login/")


# --- The world the rows point into -----------------------------------------------------------------


class World:
    """Shop A's objects (and a few shared ones), created on first use inside the test's transaction."""

    def __init__(self, demo_users):
        self.users = demo_users

    @cached_property
    def shop_a(self) -> Shop:
        shop = Shop.objects.select_related("partner").get(slug="au-pain-dore")
        if shop.owner_id is None:
            # The demo data does not record who signed the demo shops up; sign-up does.
            shop.owner = self.users["shopkeeper_a"]
            shop.save(update_fields=["owner"])
        return shop

    @cached_property
    def shop_pending(self) -> Shop:
        return shop_pending_create(name="Primeur en attente")

    @cached_property
    def product_a(self):
        return Product.objects.filter(stockrecords__partner=self.shop_a.partner).order_by("pk").first()

    @cached_property
    def order_a(self):
        shopper = self.users["shopper"]
        basket = Basket.objects.create(owner=shopper)
        basket.strategy = Selector().strategy(user=shopper)
        basket.add_product(self.product_a, 2)
        address = factories.ShippingAddressFactory(first_name="Camille", last_name="Martin")
        return factories.create_order(basket=basket, user=shopper, shipping_address=address)

    @cached_property
    def pickup_order_a(self):
        """An order of shop A placed through the checkout's service by the shopper account, with its pickup."""
        shopper = self.users["shopper"]
        basket = Basket.objects.create(owner=shopper)
        basket.strategy = Selector().strategy(user=shopper)
        basket.add_product(self.product_a, 1)
        slot = slot_first_free(slots_available(shop=self.shop_a))
        (order,) = order_place_for_basket(
            basket=basket, customer=Customer(user=shopper), choices={self.shop_a.pk: slot.key}
        )
        return order

    @cached_property
    def track_token_a(self) -> str:
        return order_track_token(order=self.pickup_order_a)

    @cached_property
    def other_slot_a(self) -> str:
        """Another free slot of shop A, for a slot change."""
        current = self.pickup_order_a.pickup.slot.starts_at
        return next(
            slot.key
            for day in slots_available(shop=self.shop_a)
            for slot in day.slots
            if not slot.is_full and slot.starts_at != current
        )

    @cached_property
    def note_a(self):
        return self.order_a.notes.create(message="Note de la boutique A", user=self.users["shopkeeper_a"])

    @cached_property
    def closure_a(self) -> Closure:
        starts = timezone.localdate() + timedelta(days=20)
        return space.closure_add(shop=self.shop_a, starts_on=starts, ends_on=starts, reason="Inventaire")

    @cached_property
    def colleague_a(self):
        user = User.objects.create_user("collegue.matrice@example.fr", "collegue-test", first_name="Paul")
        self.shop_a.partner.users.add(user)
        user.groups.add(Group.objects.get(name=groups.SHOPKEEPERS))
        return user

    @cached_property
    def invitation_a(self) -> ShopInvitation:
        return ShopInvitation.objects.create(
            shop=self.shop_a, email="invitee.matrice@example.fr", invited_by=self.shop_a.owner
        )

    @cached_property
    def invitation_token(self) -> str:
        return space.invitation_token(invitation=self.invitation_a)

    @cached_property
    def category(self):
        return Category.objects.order_by("pk").first()

    @cached_property
    def product_class(self):
        return ProductClass.objects.get(name="Produit")

    @cached_property
    def option(self):
        return Option.objects.create(name="Tranché", code="tranche")

    @cached_property
    def option_group(self):
        return AttributeOptionGroup.objects.create(name="Cuisson")

    @cached_property
    def product_alert(self):
        return ProductAlert.objects.create(product=self.product_a, user=self.users["shopper"])

    @cached_property
    def flatpage(self):
        page = FlatPage.objects.create(url="/page-matrice/", title="Page", content="Contenu")
        page.sites.add(Site.objects.get_current())
        return page

    @cached_property
    def range(self):
        return Range.objects.create(name="Sélection matrice")

    @cached_property
    def offer(self):
        return factories.create_offer(name="Offre matrice", product_range=self.range)

    @cached_property
    def review(self):
        return ProductReview.objects.create(
            product=self.product_a, user=self.users["shopper"], score=4, title="Bon", body="Très bon pain."
        )

    @cached_property
    def business_account_pending(self):
        user = User.objects.create_user("membre.matrice@example.fr", "membre-test", first_name="Élise")
        return BusinessAccount.objects.create(user=user, siret=siret_make(), legal_name="Atelier matrice")

    @cached_property
    def voucher(self):
        return factories.create_voucher(name="Bon matrice", code="MATRICE10")

    @cached_property
    def voucher_set(self):
        return factories.VoucherSetFactory(name="Lot matrice", count=1)

    @cached_property
    def comms_type(self):
        return CommunicationEventType.objects.create(code="MATRICE", name="Matrice", category="Order related")

    @cached_property
    def shipping_method(self):
        return WeightBased.objects.create(name="Poids matrice")

    @cached_property
    def band(self):
        return WeightBand.objects.create(method=self.shipping_method, upper_limit=Decimal("5"), charge=Decimal("3"))

    def fingerprint(self) -> tuple:
        """Everything a forbidden request could have changed, as one comparable value."""
        shop = Shop.objects.get(pk=self.shop_a.pk)
        order = Order.objects.get(pk=self.order_a.pk)
        pickup_order = Order.objects.select_related("pickup").get(pk=self.pickup_order_a.pk)
        product_pk = self.product_a.pk
        return (
            tuple(getattr(shop, f.attname) for f in Shop._meta.concrete_fields if f.attname != "updated_at"),
            tuple(shop.opening_ranges.values_list("weekday", "opens", "closes")),
            Shop.objects.get(pk=self.shop_pending.pk).status,
            tuple(Product.objects.filter(pk=product_pk).values_list("title", "is_public", "description", "structure")),
            tuple(StockRecord.objects.filter(product=product_pk).values_list("partner", "price", "num_in_stock")),
            (order.status, order.shipping_address.first_name, order.notes.count()),
            tuple(order.lines.values_list("status", flat=True)),
            (pickup_order.status, pickup_order.pickup.slot_id, pickup_order.pickup.code, pickup_order.changes.count()),
            tuple(Closure.objects.filter(shop=self.shop_a).values_list("pk", "starts_on", "ends_on", "reason")),
            tuple(self.shop_a.partner.users.order_by("pk").values_list("pk", flat=True)),
            tuple(ShopInvitation.objects.order_by("pk").values_list("pk", "email", "accepted_at")),
            tuple(Group.objects.get(name=groups.SHOPKEEPERS).user_set.order_by("pk").values_list("pk", flat=True)),
            ShopDecision.objects.count(),
            User.objects.count(),
            Product.objects.count(),
            StockRecord.objects.count(),
            Partner.objects.count(),
            Category.objects.count(),
            ProductClass.objects.count(),
            Option.objects.count(),
            AttributeOptionGroup.objects.count(),
            tuple(ProductAlert.objects.values_list("pk", "status")),
            tuple(FlatPage.objects.values_list("pk", "title")),
            tuple(ConditionalOffer.objects.values_list("pk", "name", "status")),
            tuple(Range.objects.values_list("pk", "name")),
            tuple(ProductReview.objects.values_list("pk", "status", "title")),
            tuple(Voucher.objects.values_list("pk", "name", "code")),
            tuple(VoucherSet.objects.values_list("pk", "name")),
            tuple(CommunicationEventType.objects.values_list("pk", "name", "email_subject_template")),
            tuple(WeightBased.objects.values_list("pk", "name")),
            tuple(WeightBand.objects.values_list("pk", "charge")),
            tuple(BusinessAccount.objects.order_by("pk").values_list("pk", "status", "reason")),
            tuple(BusinessCap.objects.order_by("pk").values_list("product", "quantity", "period_days")),
        )


# --- Rows ------------------------------------------------------------------------------------------


def expect(default, **by_role) -> dict:
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {role: by_role.get(role, default) for role in ROLES}


# Oscar's staff-only screens: the CCI staff group holds the model permissions, nobody else does.
STAFF_ONLY = expect(403, anonymous=LOGIN, staff=200)
# Screens no role here may open: Oscar wants model permissions the staff group does not hold.
NOBODY = expect(403, anonymous=LOGIN)
# A shopkeeper's Oscar screens about their own shop: both shopkeepers, and staff.
SHOPKEEPERS = expect(403, anonymous=LOGIN, keeper_a=200, keeper_b=200, staff=200)
# The same about one of shop A's objects: shop B does not even learn it exists.
SHOP_A_OBJECT = expect(403, anonymous=LOGIN, keeper_a=200, keeper_b=404, staff=200)
# "Ma boutique": the user's own shop, whatever the URL; no shop, no page; a pending shop, the wizard.
MY_SHOP = expect(404, anonymous=LOGIN, keeper_a=200, keeper_b=200, pending=("to", "/commercants/inscription/"))
MY_SHOP_A_OBJECT = {**MY_SHOP, "keeper_b": 404}
# The CCI's review: lists are 403 to others, one shop's URLs 404.
REVIEW_LIST = expect(403, anonymous=LOGIN, staff=200)
REVIEW_SHOP = expect(404, anonymous=LOGIN, staff=200)
# Decisions answer POST only, to everybody; their POST is checked below (404 to non-reviewers).
REVIEW_DECISION = expect(405)
NOT_REVIEWERS = ("anonymous", "shopper", "keeper_a", "keeper_b", "pending", "editor")
PUBLIC = expect(200)


@dataclass
class Row:
    name: str
    get: dict
    kwargs: Callable[[World], dict] = lambda world: {}
    query: str = ""
    # Writes: POSTed by every role the GET refuses (login, 403, 404), or by `post_as`, then the
    # fingerprint must not have moved. `data` builds the body a permitted user would send.
    write: bool = False
    data: Callable[[World], dict] = lambda world: {}
    post_as: tuple[str, ...] | None = None
    label: str = field(default="")

    def url(self, world: World) -> str:
        return reverse(self.name, kwargs=self.kwargs(world)) + self.query

    @property
    def id(self) -> str:
        return self.label or self.name


def _product_data(world):
    return {"title": "Piraté", "upc": "PIRATE", "structure": "standalone", "is_public": ""}


ROWS = [
    # Oscar's dashboard: index, login, logout.
    # The home: a shop waiting for the CCI is told where it stands there (its other screens stay closed).
    Row("dashboard:index", {**SHOPKEEPERS, "pending": 200}),
    Row("dashboard:login", expect(200)),
    Row("dashboard:logout", expect(405)),
    # Catalogue: products.
    Row("dashboard:catalogue-product-list", SHOPKEEPERS),
    Row("dashboard:catalogue-product", SHOP_A_OBJECT, lambda w: {"pk": w.product_a.pk}, write=True, data=_product_data),
    Row(
        "dashboard:catalogue-product-create",
        expect(
            403,
            anonymous=LOGIN,
            keeper_a=("to", "/dashboard/catalogue/"),
            keeper_b=("to", "/dashboard/catalogue/"),
            staff=("to", "/dashboard/catalogue/"),
        ),
        label="dashboard:catalogue-product-create (choose type)",
    ),
    Row(
        "dashboard:catalogue-product-create",
        SHOPKEEPERS,
        lambda w: {"product_class_slug": w.product_class.slug},
        label="dashboard:catalogue-product-create (form)",
    ),
    Row(
        "dashboard:catalogue-product-create-child",
        # Staff: a product sold by a shop has a stock record, so it cannot become a parent.
        {**STAFF_ONLY, "staff": ("to", "/dashboard/catalogue/")},
        lambda w: {"parent_pk": w.product_a.pk},
        write=True,
        data=lambda w: {"title": "Variante pirate", "structure": "child"},
    ),
    Row(
        "dashboard:catalogue-product-delete",
        SHOP_A_OBJECT,
        lambda w: {"pk": w.product_a.pk},
        write=True,
    ),
    Row(
        "dashboard:catalogue-product-bulk-action",
        expect(
            403,
            anonymous=LOGIN,
            keeper_a=("to", "/dashboard/catalogue/"),
            keeper_b=("to", "/dashboard/catalogue/"),
            staff=("to", "/dashboard/catalogue/"),
        ),
        write=True,
        data=lambda w: {"select_all_standalones": "on", "selected_products": [w.product_a.pk], "new_price": "0.01"},
        post_as=("anonymous", "shopper", "keeper_b", "pending", "editor"),
    ),
    Row("dashboard:catalogue-product-lookup", SHOPKEEPERS),
    Row("dashboard:stock-alert-list", STAFF_ONLY),
    # Catalogue: the CCI's shared structure.
    Row("dashboard:catalogue-category-list", STAFF_ONLY),
    Row("dashboard:catalogue-category-detail-list", STAFF_ONLY, lambda w: {"pk": w.category.pk}),
    Row(
        "dashboard:catalogue-category-create",
        STAFF_ONLY,
        write=True,
        data=lambda w: {"name": "Pirate", "_position": "first-child"},
    ),
    Row(
        "dashboard:catalogue-category-create-child",
        STAFF_ONLY,
        lambda w: {"parent": w.category.pk},
        write=True,
        data=lambda w: {"name": "Pirate"},
    ),
    Row(
        "dashboard:catalogue-category-update",
        STAFF_ONLY,
        lambda w: {"pk": w.category.pk},
        write=True,
        data=lambda w: {"name": "Pirate"},
    ),
    Row("dashboard:catalogue-category-delete", STAFF_ONLY, lambda w: {"pk": w.category.pk}, write=True),
    Row("dashboard:catalogue-class-list", STAFF_ONLY),
    Row("dashboard:catalogue-class-create", STAFF_ONLY, write=True, data=lambda w: {"name": "Pirate"}),
    Row(
        "dashboard:catalogue-class-update",
        STAFF_ONLY,
        lambda w: {"pk": w.product_class.pk},
        write=True,
        data=lambda w: {"name": "Pirate"},
    ),
    Row("dashboard:catalogue-class-delete", STAFF_ONLY, lambda w: {"pk": w.product_class.pk}, write=True),
    Row("dashboard:catalogue-option-list", STAFF_ONLY),
    Row("dashboard:catalogue-option-create", STAFF_ONLY, write=True, data=lambda w: {"name": "Pirate", "type": "text"}),
    Row(
        "dashboard:catalogue-option-update",
        STAFF_ONLY,
        lambda w: {"pk": w.option.pk},
        write=True,
        data=lambda w: {"name": "Pirate", "type": "text"},
    ),
    Row("dashboard:catalogue-option-delete", STAFF_ONLY, lambda w: {"pk": w.option.pk}, write=True),
    Row("dashboard:catalogue-attribute-option-group-list", STAFF_ONLY),
    Row("dashboard:catalogue-attribute-option-group-create", STAFF_ONLY, write=True, data=lambda w: {"name": "Pirate"}),
    Row(
        "dashboard:catalogue-attribute-option-group-update",
        STAFF_ONLY,
        lambda w: {"pk": w.option_group.pk},
        write=True,
        data=lambda w: {"name": "Pirate"},
    ),
    Row(
        "dashboard:catalogue-attribute-option-group-delete", STAFF_ONLY, lambda w: {"pk": w.option_group.pk}, write=True
    ),
    # Orders.
    Row(
        "dashboard:order-list",
        SHOPKEEPERS,
        write=True,
        data=lambda w: {
            "action": "change_order_statuses",
            "selected_order": [w.order_a.pk],
            "new_status": "Being processed",
        },
        post_as=("anonymous", "shopper", "keeper_b", "pending", "editor"),
    ),
    Row("dashboard:order-stats", SHOPKEEPERS),
    Row(
        "dashboard:order-detail",
        SHOP_A_OBJECT,
        lambda w: {"number": w.order_a.number},
        write=True,
        data=lambda w: {"order_action": "change_order_status", "new_status": "Being processed"},
    ),
    Row(
        "dashboard:order-detail-note",
        SHOP_A_OBJECT,
        lambda w: {"number": w.order_a.number, "note_id": w.note_a.pk},
        write=True,
        data=lambda w: {"order_action": "save_note", "message": "Piraté"},
    ),
    Row(
        "dashboard:order-line-detail",
        SHOP_A_OBJECT,
        lambda w: {"number": w.order_a.number, "line_id": w.order_a.lines.get().pk},
    ),
    Row(
        "dashboard:order-shipping-address",
        SHOP_A_OBJECT,
        lambda w: {"number": w.order_a.number},
        write=True,
        data=lambda w: {
            "first_name": "Piraté",
            "last_name": "X",
            "line1": "1 rue",
            "line4": "Vienne",
            "postcode": "38200",
            "country": "FR",
        },
    ),
    # Users, partners, reports: the CCI's.
    Row("dashboard:users-index", STAFF_ONLY),
    Row("dashboard:user-detail", STAFF_ONLY, lambda w: {"pk": w.users["shopkeeper_a"].pk}),
    Row(
        "dashboard:user-password-reset",
        {**STAFF_ONLY, "staff": 405},
        lambda w: {"pk": w.users["shopkeeper_a"].pk},
        write=True,
    ),
    Row("dashboard:user-alert-list", STAFF_ONLY),
    Row(
        "dashboard:user-alert-update",
        STAFF_ONLY,
        lambda w: {"pk": w.product_alert.pk},
        write=True,
        data=lambda w: {"status": "Cancelled"},
    ),
    Row("dashboard:user-alert-delete", STAFF_ONLY, lambda w: {"pk": w.product_alert.pk}, write=True),
    Row("dashboard:partner-list", STAFF_ONLY),
    Row("dashboard:partner-create", STAFF_ONLY, write=True, data=lambda w: {"name": "Partenaire pirate"}),
    Row(
        "dashboard:partner-manage",
        STAFF_ONLY,
        lambda w: {"pk": w.shop_a.partner.pk},
        write=True,
        data=lambda w: {"name": "Piraté"},
    ),
    Row("dashboard:partner-delete", STAFF_ONLY, lambda w: {"pk": w.shop_a.partner.pk}, write=True),
    Row(
        "dashboard:partner-user-create",
        STAFF_ONLY,
        lambda w: {"partner_pk": w.shop_a.partner.pk},
        write=True,
        data=lambda w: {
            "email": "pirate@example.fr",
            "password1": "Pirate-2024-x",
            "password2": "Pirate-2024-x",
            "role": "limited",
        },
    ),
    Row("dashboard:partner-user-select", STAFF_ONLY, lambda w: {"partner_pk": w.shop_a.partner.pk}),
    Row(
        "dashboard:partner-user-link",
        {**STAFF_ONLY, "staff": 405},
        lambda w: {"partner_pk": w.shop_a.partner.pk, "user_pk": w.users["shopkeeper_b"].pk},
        write=True,
    ),
    Row(
        "dashboard:partner-user-unlink",
        {**STAFF_ONLY, "staff": 405},
        lambda w: {"partner_pk": w.shop_a.partner.pk, "user_pk": w.users["shopkeeper_a"].pk},
        write=True,
    ),
    Row(
        "dashboard:partner-user-update",
        STAFF_ONLY,
        lambda w: {"partner_pk": w.shop_a.partner.pk, "user_pk": w.users["shopkeeper_a"].pk},
        write=True,
        data=lambda w: {"first_name": "Piraté"},
    ),
    Row("dashboard:reports-index", STAFF_ONLY),
    # Offers, ranges, vouchers, reviews, pages, communications, shipping: the CCI's.
    Row("dashboard:offer-list", STAFF_ONLY),
    Row(
        "dashboard:offer-metadata",
        STAFF_ONLY,
        write=True,
        data=lambda w: {"name": "Offre pirate"},
        label="dashboard:offer-metadata (new)",
    ),
    # The new-offer wizard sends staff back to the step they have not completed.
    Row(
        "dashboard:offer-condition",
        expect(403, anonymous=LOGIN, staff=("to", "*")),
        label="dashboard:offer-condition (new)",
    ),
    Row(
        "dashboard:offer-benefit",
        expect(403, anonymous=LOGIN, staff=("to", "*")),
        label="dashboard:offer-benefit (new)",
    ),
    Row(
        "dashboard:offer-restrictions",
        expect(403, anonymous=LOGIN, staff=("to", "*")),
        label="dashboard:offer-restrictions (new)",
    ),
    Row(
        "dashboard:offer-metadata",
        STAFF_ONLY,
        lambda w: {"pk": w.offer.pk},
        write=True,
        data=lambda w: {"name": "Offre pirate"},
    ),
    Row("dashboard:offer-condition", STAFF_ONLY, lambda w: {"pk": w.offer.pk}),
    Row("dashboard:offer-benefit", STAFF_ONLY, lambda w: {"pk": w.offer.pk}),
    Row("dashboard:offer-restrictions", STAFF_ONLY, lambda w: {"pk": w.offer.pk}),
    Row("dashboard:offer-delete", STAFF_ONLY, lambda w: {"pk": w.offer.pk}, write=True),
    Row(
        "dashboard:offer-detail",
        STAFF_ONLY,
        lambda w: {"pk": w.offer.pk},
        write=True,
        data=lambda w: {"action": "suspend"},
    ),
    Row("dashboard:range-list", STAFF_ONLY),
    Row("dashboard:range-create", STAFF_ONLY, write=True, data=lambda w: {"name": "Sélection pirate"}),
    Row(
        "dashboard:range-update",
        STAFF_ONLY,
        lambda w: {"pk": w.range.pk},
        write=True,
        data=lambda w: {"name": "Sélection pirate"},
    ),
    Row("dashboard:range-delete", STAFF_ONLY, lambda w: {"pk": w.range.pk}, write=True),
    Row(
        "dashboard:range-products",
        STAFF_ONLY,
        lambda w: {"pk": w.range.pk},
        write=True,
        data=lambda w: {"action": "add_products", "query": str(w.product_a.upc)},
    ),
    Row("dashboard:range-reorder", expect(403, anonymous=LOGIN, staff=405), lambda w: {"pk": w.range.pk}, write=True),
    Row("dashboard:reviews-list", STAFF_ONLY),
    Row(
        "dashboard:reviews-update",
        STAFF_ONLY,
        lambda w: {"pk": w.review.pk},
        write=True,
        data=lambda w: {"title": "Piraté", "body": "x", "score": 1, "status": 0},
    ),
    Row("dashboard:reviews-delete", STAFF_ONLY, lambda w: {"pk": w.review.pk}, write=True),
    Row("dashboard:voucher-list", STAFF_ONLY),
    Row("dashboard:voucher-create", STAFF_ONLY, write=True, data=lambda w: {"name": "Bon pirate", "code": "PIRATE"}),
    Row(
        "dashboard:voucher-update",
        STAFF_ONLY,
        lambda w: {"pk": w.voucher.pk},
        write=True,
        data=lambda w: {"name": "Bon pirate"},
    ),
    Row("dashboard:voucher-delete", STAFF_ONLY, lambda w: {"pk": w.voucher.pk}, write=True),
    Row("dashboard:voucher-stats", STAFF_ONLY, lambda w: {"pk": w.voucher.pk}),
    Row("dashboard:voucher-set-list", STAFF_ONLY),
    Row("dashboard:voucher-set-create", STAFF_ONLY, write=True, data=lambda w: {"name": "Lot pirate", "count": 1}),
    Row(
        "dashboard:voucher-set-update",
        STAFF_ONLY,
        lambda w: {"pk": w.voucher_set.pk},
        write=True,
        data=lambda w: {"name": "Lot pirate"},
    ),
    Row("dashboard:voucher-set-detail", STAFF_ONLY, lambda w: {"pk": w.voucher_set.pk}),
    Row("dashboard:voucher-set-download", STAFF_ONLY, lambda w: {"pk": w.voucher_set.pk}),
    Row("dashboard:voucher-set-delete", STAFF_ONLY, lambda w: {"pk": w.voucher_set.pk}, write=True),
    Row("dashboard:page-list", STAFF_ONLY),
    Row(
        "dashboard:page-create",
        STAFF_ONLY,
        write=True,
        data=lambda w: {"title": "Pirate", "url": "/pirate/", "content": "x"},
    ),
    Row(
        "dashboard:page-update",
        STAFF_ONLY,
        lambda w: {"pk": w.flatpage.pk},
        write=True,
        data=lambda w: {"title": "Pirate", "url": "/pirate/", "content": "x"},
    ),
    Row("dashboard:page-delete", STAFF_ONLY, lambda w: {"pk": w.flatpage.pk}, write=True),
    Row("dashboard:comms-list", STAFF_ONLY),
    Row(
        "dashboard:comms-update",
        STAFF_ONLY,
        lambda w: {"slug": w.comms_type.code},
        write=True,
        data=lambda w: {"name": "Pirate", "email_subject_template": "Pirate"},
    ),
    Row("dashboard:shipping-method-list", STAFF_ONLY),
    Row(
        "dashboard:shipping-method-create",
        STAFF_ONLY,
        write=True,
        data=lambda w: {"name": "Pirate", "default_weight": "1"},
    ),
    Row(
        "dashboard:shipping-method-detail",
        STAFF_ONLY,
        lambda w: {"pk": w.shipping_method.pk},
        write=True,
        data=lambda w: {"upper_limit": "9", "charge": "1"},
    ),
    Row(
        "dashboard:shipping-method-edit",
        STAFF_ONLY,
        lambda w: {"pk": w.shipping_method.pk},
        write=True,
        data=lambda w: {"name": "Pirate", "default_weight": "1"},
    ),
    Row("dashboard:shipping-method-delete", STAFF_ONLY, lambda w: {"pk": w.shipping_method.pk}, write=True),
    Row(
        "dashboard:shipping-method-band-edit",
        STAFF_ONLY,
        lambda w: {"method_pk": w.shipping_method.pk, "pk": w.band.pk},
        write=True,
        data=lambda w: {"upper_limit": "5", "charge": "99"},
    ),
    Row(
        "dashboard:shipping-method-band-delete",
        STAFF_ONLY,
        lambda w: {"method_pk": w.shipping_method.pk, "pk": w.band.pk},
        write=True,
    ),
    # "Ma boutique".
    Row("my-shop:index", MY_SHOP),
    Row(
        "my-shop:profile",
        MY_SHOP,
        write=True,
        data=lambda w: {"name": "Piraté", "address": "1 rue", "postcode": "38300", "town": "Bourgoin-Jallieu"},
        post_as=("anonymous", "shopper", "pending", "editor", "staff"),
    ),
    Row(
        "my-shop:hours",
        MY_SHOP,
        write=True,
        data=lambda w: {"day_1": "9h-10h"},
        post_as=("anonymous", "shopper", "pending", "editor", "staff"),
    ),
    Row(
        "my-shop:closures",
        MY_SHOP,
        write=True,
        data=lambda w: {"starts_on": "2099-01-01", "ends_on": "2099-01-02"},
        post_as=("anonymous", "shopper", "pending", "editor", "staff"),
    ),
    Row("my-shop:closure-delete", MY_SHOP_A_OBJECT, lambda w: {"pk": w.closure_a.pk}, write=True),
    Row(
        "my-shop:pickup",
        MY_SHOP,
        write=True,
        data=lambda w: {
            "slot_minutes": "10",
            "slot_capacity": "50",
            "preparation_minutes": "0",
            "days_ahead": "30",
            "acceptance_minutes": "60",
            "no_show_grace_hours": "2",
        },
        post_as=("anonymous", "shopper", "pending", "editor", "staff"),
    ),
    Row(
        "my-shop:team",
        MY_SHOP,
        write=True,
        data=lambda w: {"email": "pirate@example.fr"},
        post_as=("anonymous", "shopper", "pending", "editor", "staff"),
    ),
    Row("my-shop:team-remove", MY_SHOP_A_OBJECT, lambda w: {"user_id": w.colleague_a.pk}, write=True),
    Row(
        "my-shop:invitation-cancel",
        {**MY_SHOP, "keeper_a": 405, "keeper_b": 405},
        lambda w: {"pk": w.invitation_a.pk},
        write=True,
        post_as=("anonymous", "shopper", "keeper_b", "pending", "editor", "staff"),
    ),
    # "Ma boutique" > Produits (issue 15): the user's own shop's products; shop A's product is 404 to shop B.
    Row("my-shop:products", MY_SHOP),
    Row(
        "my-shop:product-quick-add",
        MY_SHOP,
        write=True,
        data=lambda w: {"kind": "one", "title": "Piraté", "price": "1", "tva_rate": "20.00"},
        post_as=("anonymous", "shopper", "pending", "editor", "staff"),
    ),
    Row(
        "my-shop:product-create",
        MY_SHOP,
        write=True,
        data=lambda w: {"title": "Piraté", "price": "1", "tva_rate": "20.00", "stock_mode": "always"},
        post_as=("anonymous", "shopper", "pending", "editor", "staff"),
    ),
    Row(
        "my-shop:product-update",
        MY_SHOP_A_OBJECT,
        lambda w: {"pk": w.product_a.pk},
        write=True,
        data=lambda w: {"title": "Piraté", "price": "0,01", "tva_rate": "20.00", "stock_mode": "always"},
    ),
    Row(
        "my-shop:product-inline",
        {**MY_SHOP, "keeper_a": 405, "keeper_b": 405},
        lambda w: {"pk": w.product_a.pk},
        write=True,
        data=lambda w: {"price": "0,01", "num_in_stock": "500", "is_public": "on"},
        post_as=("anonymous", "shopper", "keeper_b", "pending", "editor", "staff"),
    ),
    Row(
        "my-shop:product-bulk",
        {**MY_SHOP, "keeper_a": ("to", "/dashboard/ma-boutique/produits/"), "keeper_b": ("to", "*")},
        write=True,
        data=lambda w: {"action": "hide", "products": [w.product_a.pk]},
        post_as=("anonymous", "shopper", "keeper_b", "pending", "editor", "staff"),
    ),
    Row("my-shop:catalogue-export", MY_SHOP),
    Row(
        "my-shop:catalogue-import",
        MY_SHOP,
        write=True,
        post_as=("anonymous", "shopper", "pending", "editor", "staff"),
    ),
    Row(
        "my-shop:catalogue-import-confirm",
        {**MY_SHOP, "keeper_a": 405, "keeper_b": 405},
        write=True,
        data=lambda w: {"token": "inconnu"},
        post_as=("anonymous", "shopper", "pending", "editor", "staff"),
    ),
    Row("my-shop:catalogue-import-progress", MY_SHOP, lambda w: {"token": "inconnu"}),
    # Public: the invitation is for one address; every other person is told so and nothing happens.
    Row("my-shop:invitation-accept", PUBLIC, lambda w: {"token": w.invitation_token}, write=True, post_as=ROLES),
    # The CCI's review of shops.
    Row("shop-review:index", REVIEW_LIST),
    Row("shop-review:list", REVIEW_LIST),
    Row("shop-review:detail", REVIEW_SHOP, lambda w: {"pk": w.shop_pending.pk}),
    Row("shop-review:approve", REVIEW_DECISION, lambda w: {"pk": w.shop_pending.pk}, write=True, post_as=NOT_REVIEWERS),
    Row(
        "shop-review:reject",
        REVIEW_DECISION,
        lambda w: {"pk": w.shop_pending.pk},
        write=True,
        post_as=NOT_REVIEWERS,
        data=lambda w: {"reject-reason": "Pirate"},
    ),
    Row(
        "shop-review:suspend",
        REVIEW_DECISION,
        lambda w: {"pk": w.shop_a.pk},
        write=True,
        post_as=NOT_REVIEWERS,
        data=lambda w: {"suspend-reason": "Pirate"},
    ),
    Row("shop-review:reinstate", REVIEW_DECISION, lambda w: {"pk": w.shop_a.pk}, write=True, post_as=NOT_REVIEWERS),
    # Business-only channels (PURE): the same reviewers decide.
    Row(
        "shop-review:business-only",
        REVIEW_DECISION,
        lambda w: {"pk": w.shop_a.pk},
        write=True,
        post_as=NOT_REVIEWERS,
        data=lambda w: {"business_only": "1"},
    ),
    Row(
        "shop-review:business-cap",
        REVIEW_DECISION,
        lambda w: {"pk": w.shop_a.pk},
        write=True,
        post_as=NOT_REVIEWERS,
        data=lambda w: {"product_id": w.product_a.pk, "quantity": 5, "period_days": 7},
    ),
    Row("shop-review:business-accounts", REVIEW_LIST),
    Row(
        "shop-review:business-approve",
        REVIEW_DECISION,
        lambda w: {"pk": w.business_account_pending.pk},
        write=True,
        post_as=NOT_REVIEWERS,
    ),
    Row(
        "shop-review:business-reject",
        REVIEW_DECISION,
        lambda w: {"pk": w.business_account_pending.pk},
        write=True,
        post_as=NOT_REVIEWERS,
        data=lambda w: {"reason": "Pirate"},
    ),
    # Shop sign-up (public wizard).
    Row("signup:index", PUBLIC),
    Row("signup:start", expect(("to", "*"))),
    Row(
        "signup:step",
        expect(
            200,
            keeper_a=("to", "/dashboard/"),
            keeper_b=("to", "/dashboard/"),
            pending=("to", "/commercants/inscription/merci/"),
        ),
        lambda w: {"step": 1},
    ),
    Row("signup:done", expect(("to", "*"), pending=200)),
    Row("signup:resend-email", expect(405)),
    Row("signup:confirm-email", expect(400), lambda w: {"token": "pas-un-jeton"}),
    # Public shop pages.
    Row("shops:directory", PUBLIC),
    Row("shops:storefront", PUBLIC, lambda w: {"slug": w.shop_a.slug}),
    Row(
        "shops:storefront",
        expect(404),
        lambda w: {"slug": w.shop_pending.slug},
        label="shops:storefront (pending shop)",
    ),
]

# The pickup board: the user's own shop, as "Ma boutique"; an order of shop A is found within shop B's
# orders by shop B (404). Its actions answer POST only.
BOARD_ACTION = {**MY_SHOP, "keeper_a": 405, "keeper_b": 405}
# The shopper's orders: their own only; an order number alone shows nothing to anyone else.
MY_ORDERS = expect(200, anonymous=SHOPPER_LOGIN)
MY_ORDER = expect(404, anonymous=SHOPPER_LOGIN, shopper=200)
SHOPPER_POSTERS = ("anonymous", "keeper_a", "keeper_b", "pending", "editor", "staff")
BOARD_POSTERS = ("anonymous", "shopper", "keeper_b", "pending", "editor", "staff")


def _number(world) -> dict:
    return {"number": world.pickup_order_a.number}


def _token(world) -> dict:
    return {"token": world.track_token_a}


ROWS += [
    Row("pickup-board:index", MY_SHOP),
    Row("pickup-board:prep-list", MY_SHOP),
    Row(
        "pickup-board:handover",
        MY_SHOP,
        write=True,
        data=lambda w: {"code": w.pickup_order_a.pickup.code},
        post_as=BOARD_POSTERS,
    ),
    Row(
        "pickup-board:handover-collect",
        BOARD_ACTION,
        _number,
        write=True,
        data=lambda w: {"code": w.pickup_order_a.pickup.code},
        post_as=BOARD_POSTERS,
    ),
    Row("pickup-board:accept", BOARD_ACTION, _number, write=True, post_as=BOARD_POSTERS),
    Row(
        "pickup-board:refuse",
        BOARD_ACTION,
        _number,
        write=True,
        data=lambda w: {
            "refuse-reason_choice": "unavailable",
            "cancel-reason_choice": "unavailable",
            "reason_choice": "unavailable",
        },
        post_as=BOARD_POSTERS,
    ),
    Row("pickup-board:ready", BOARD_ACTION, _number, write=True, post_as=BOARD_POSTERS),
    Row(
        "pickup-board:cancel",
        BOARD_ACTION,
        _number,
        write=True,
        data=lambda w: {
            "refuse-reason_choice": "unavailable",
            "cancel-reason_choice": "unavailable",
            "reason_choice": "unavailable",
        },
        post_as=BOARD_POSTERS,
    ),
    Row("orders:list", MY_ORDERS),
    Row("orders:detail", MY_ORDER, _number),
    Row("orders:cancel", MY_ORDER, _number, write=True, data=lambda w: {"confirm": "1"}, post_as=SHOPPER_POSTERS),
    Row(
        "orders:slot",
        MY_ORDER,
        _number,
        write=True,
        data=lambda w: {"slot": w.other_slot_a},
        post_as=SHOPPER_POSTERS,
    ),
    # The signed link is the key: whoever holds it sees and may cancel the order (a guest has nothing else).
    Row("orders:track", PUBLIC, _token),
    Row("orders:track", expect(404), lambda w: {"token": w.track_token_a[:-2] + "xx"}, label="orders:track (tampered)"),
    Row("orders:track-cancel", PUBLIC, _token),
    Row("orders:track-slot", PUBLIC, _token),
]

# Outside the audited namespaces, but the same question: who gets into the other back offices.
PATH_ROWS = [
    ("/cms/", expect(("to", "/cms/login/"), editor=200)),
    # Django's admin is for superusers only: staff are sent to its login like everybody else.
    ("/django-admin/", expect(("to", "/django-admin/login/"))),
]


# --- The checks ------------------------------------------------------------------------------------


@pytest.fixture
def world(demo_users):
    return World(demo_users)


@pytest.fixture
def clients(world, demo_users):
    """One client per role, signed in once (force_login writes a session row)."""
    pending_owner = world.shop_pending.owner
    people = {
        "shopper": demo_users["shopper"],
        "keeper_a": demo_users["shopkeeper_a"],
        "keeper_b": demo_users["shopkeeper_b"],
        "pending": pending_owner,
        "editor": demo_users["editor"],
        "staff": demo_users["staff"],
    }
    result = {"anonymous": Client()}
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        result[role] = client
    return result


def _check(response, expected, url: str, role: str) -> None:
    where = f"{role} → {url}"
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}"
        assert response["Location"].startswith(reverse("dashboard:login") + "?next="), (
            f"{where}: {response['Location']}"
        )
    elif isinstance(expected, tuple):
        assert response.status_code == 302, f"{where}: {response.status_code}"
        if expected[1] != "*":
            assert response["Location"].split("?")[0] == expected[1], f"{where}: {response['Location']}"
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}"


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_every_role_gets_the_expected_answer(row, world, clients):
    url = row.url(world)
    for role in ROLES:
        _check(clients[role].get(url), row.get[role], url, role)


WRITE_ROWS = [row for row in ROWS if row.write]


@pytest.mark.parametrize("row", WRITE_ROWS, ids=[row.id for row in WRITE_ROWS])
def test_a_denied_post_changes_nothing(row, world, clients):
    url = row.url(world)
    data = row.data(world)
    denied = row.post_as or tuple(role for role in ROLES if row.get[role] in (LOGIN, 403, 404))
    before = world.fingerprint()
    for role in denied:
        response = clients[role].post(url, data)
        assert response.status_code in (302, 400, 403, 404, 405), f"{role} → POST {url}: {response.status_code}"
        assert world.fingerprint() == before, f"{role} → POST {url} changed the database"


# The control group: the same POST by a role the row allows does change the fingerprint, so an
# unchanged fingerprint above means "refused", not "the request could not have changed anything".
ALLOWED_POSTS = [
    ("dashboard:catalogue-product-delete", "keeper_a"),
    ("dashboard:page-delete", "staff"),
    ("dashboard:voucher-delete", "staff"),
    ("dashboard:catalogue-option-create", "staff"),
    ("my-shop:profile", "keeper_a"),
    ("my-shop:hours", "keeper_a"),
    ("my-shop:closures", "keeper_a"),
    ("my-shop:closure-delete", "keeper_a"),
    ("my-shop:pickup", "keeper_a"),
    ("my-shop:team", "keeper_a"),
    ("my-shop:team-remove", "keeper_a"),
    ("my-shop:invitation-cancel", "keeper_a"),
    ("my-shop:product-create", "keeper_a"),
    ("my-shop:product-update", "keeper_a"),
    ("my-shop:product-inline", "keeper_a"),
    ("my-shop:product-bulk", "keeper_a"),
    ("shop-review:approve", "staff"),
    ("shop-review:suspend", "staff"),
    ("shop-review:business-only", "staff"),
    ("shop-review:business-approve", "staff"),
    ("pickup-board:accept", "keeper_a"),
    ("pickup-board:refuse", "keeper_a"),
    ("orders:cancel", "shopper"),
    ("orders:slot", "shopper"),
]


@pytest.mark.parametrize(("name", "role"), ALLOWED_POSTS, ids=[f"{name} by {role}" for name, role in ALLOWED_POSTS])
def test_the_same_post_by_an_allowed_role_does_change_the_database(name, role, world, clients):
    row = next(row for row in WRITE_ROWS if row.name == name)
    url = row.url(world)
    before = world.fingerprint()
    response = clients[role].post(url, row.data(world))
    assert response.status_code == 302, response.status_code
    assert world.fingerprint() != before


@pytest.mark.parametrize(("path", "expected"), PATH_ROWS, ids=[path for path, _ in PATH_ROWS])
def test_other_back_offices(path, expected, world, clients):
    for role in ROLES:
        _check(clients[role].get(path), expected[role], path, role)


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                namespace
                if not pattern.namespace
                else f"{namespace}:{pattern.namespace}"
                if namespace
                else pattern.namespace
            )
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace:
            yield f"{namespace}:{pattern.name}"


def test_every_audited_url_has_a_row():
    """A new URL under an audited namespace must come with its row in this matrix."""
    names = {name for name in _url_names(get_resolver().url_patterns) if name.split(":")[0] in AUDITED_NAMESPACES}
    assert names, "the resolver walk found nothing"
    missing = sorted(names - {row.name for row in ROWS})
    assert not missing, f"URLs without a row in the authorization matrix: {missing}"
    stale = sorted({row.name for row in ROWS} - names)
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_matrix_rows_cover_every_role():
    for row in ROWS:
        assert set(row.get) == set(ROLES), row.id
