"""The order after it is placed: every status × every action, who may act, reasons, releases, slot changes.

Each allowed action must change the order and its lines, write one OrderChange, owe the shopper's
email and give back (or consume) exactly what the order held; each forbidden one must say why in
French and leave everything as it was.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from oscar.core.loading import get_model

from orders.codes import PICKUP_CODE_ALPHABET
from orders.models import ORDER_STATUSES_NOT_PAID, Notice, OrderChange, OrderStatus, Pickup, PickupSlot
from orders.services import (
    REASON_MAX_LENGTH,
    OrderChangeError,
    PlacementError,
    order_accept,
    order_cancel_by_shop,
    order_cancel_by_shopper,
    order_mark_collected,
    order_mark_not_collected,
    order_mark_ready,
    order_place_for_basket,
    order_refuse,
    order_slot_change,
    slot_start_parse,
)

from .builders import (
    NOW,
    basket_with_lines,
    closure_add,
    guest,
    order_placed,
    product_for_sale,
    product_untracked,
    shop_open,
    shop_user,
    slot_key,
)

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

SLOT = slot_key(1, 10)  # Wednesday 10:00, Paris
OTHER_SLOT = slot_key(1, 11)
REFUSAL = "Plus de farine de seigle, désolés."
SHOPPER_REASON = "Je ne serai pas là mercredi."

LABELS = {
    "placed": "Nouvelle",
    "accepted": "Acceptée",
    "ready": "Prête",
    "collected": "Retirée",
    "refused": "Refusée",
    "cancelled": "Annulée",
    "not_collected": "Non retirée",
}
STATUSES = list(LABELS)
ACTIONS = [
    "accept",
    "refuse",
    "mark_ready",
    "mark_collected",
    "cancel_by_shop",
    "cancel_by_shopper",
    "mark_not_collected",
    "slot_change",
]
SHOP_ACTIONS = ["accept", "refuse", "mark_ready", "mark_collected", "cancel_by_shop"]
# Where each action leads, and what it owes the shopper (None: no email).
TARGET = {
    "accept": "accepted",
    "refuse": "refused",
    "mark_ready": "ready",
    "mark_collected": "collected",
    "cancel_by_shop": "cancelled",
    "cancel_by_shopper": "cancelled",
    "mark_not_collected": "not_collected",
}
# The emails each action owes, and to whom: the shopper hears of every change but the no-show (the handover
# sends their receipt); the shop hears of what the shopper does (a cancellation, a new time).
EMAILS = {
    "accept": [(Notice.Kind.ACCEPTED, "shopper")],
    "refuse": [(Notice.Kind.REFUSED, "shopper")],
    "mark_ready": [(Notice.Kind.READY, "shopper")],
    "mark_collected": [(Notice.Kind.COLLECTED, "shopper")],
    "cancel_by_shop": [(Notice.Kind.CANCELLED, "shopper")],
    "cancel_by_shopper": [(Notice.Kind.CANCELLED, "shopper"), (Notice.Kind.SHOP_CANCELLED, "shop")],
    "mark_not_collected": [],
    "slot_change": [(Notice.Kind.SLOT_CHANGED, "shopper"), (Notice.Kind.SHOP_SLOT_CHANGED, "shop")],
}
# The issue: placed → accepted → ready → collected; placed → refused; accepted/ready → cancelled by the shop;
# placed → cancelled by the shopper; ready → not collected; the slot moves while the order is not ready.
ALLOWED = {
    ("placed", "accept"),
    ("placed", "refuse"),
    ("placed", "cancel_by_shopper"),
    ("placed", "slot_change"),
    ("accepted", "mark_ready"),
    ("accepted", "cancel_by_shop"),
    ("accepted", "slot_change"),
    ("ready", "mark_collected"),
    ("ready", "cancel_by_shop"),
    ("ready", "mark_not_collected"),
}
# How a test brings a fresh order to each status, through the services themselves.
PATH = {
    "placed": [],
    "accepted": ["accept"],
    "ready": ["accept", "mark_ready"],
    "collected": ["accept", "mark_ready", "mark_collected"],
    "refused": ["refuse"],
    "cancelled": ["cancel_by_shopper"],
    "not_collected": ["accept", "mark_ready", "mark_not_collected"],
}
RELEASES = {"refuse", "cancel_by_shop", "cancel_by_shopper", "mark_not_collected"}


class Scene:
    """One shop, its shopkeeper, a registered shopper and their order: 2 + 1 jars of jam (one stock record,
    two lines), 1 loaf, 1 bouquet whose stock is not tracked, for Wednesday 10:00."""

    def __init__(self, *, shopper, capacity: int = 3):
        self.shop = shop_open(name="Épicerie Lafayette", capacity=capacity)
        self.keeper = shop_user(shop=self.shop)
        self.shopper = shopper
        self.jam = product_for_sale(shop=self.shop, title="Confiture d'abricot", price="4.50", stock=10)
        self.bread = product_for_sale(shop=self.shop, title="Pain de seigle", price="3.20", stock=5)
        self.flowers = product_untracked(shop=self.shop, stock=7)
        self.order = order_placed(
            shop=self.shop,
            items=[(self.jam, 2), (self.bread, 1), (self.jam, 1), (self.flowers, 1)],
            key=SLOT,
            owner=shopper,
        )

    def bring_to(self, status: str) -> None:
        for action in PATH[status]:
            act(action, self.order, by=self.keeper, shopper=self.shopper)
        assert self.order.status == status

    def state(self) -> dict:
        order = Order.objects.get(pk=self.order.pk)
        pickup = Pickup.objects.select_related("slot").get(order=order)
        stock = StockRecord.objects.filter(pk__in=[self.jam.pk, self.bread.pk, self.flowers.pk])
        return {
            "status": order.status,
            "line_statuses": sorted(set(order.lines.values_list("status", flat=True))),
            "changes": OrderChange.objects.filter(order=order).count(),
            "notices": Notice.objects.filter(order=order).count(),
            "slot": pickup.slot.starts_at,
            "code": pickup.code,
            "booked": dict(PickupSlot.objects.filter(shop=self.shop).values_list("starts_at", "booked")),
            "stock": {row.pk: (row.num_in_stock, row.num_allocated) for row in stock},
        }


def act(action: str, order, *, by, shopper=None, reason: str | None = None):
    """Run one lifecycle action the way its caller would (the shop's board, the shopper's page, the clock)."""
    if action == "accept":
        return order_accept(order=order, by=by)
    if action == "refuse":
        return order_refuse(order=order, by=by, reason=REFUSAL if reason is None else reason)
    if action == "mark_ready":
        return order_mark_ready(order=order, by=by)
    if action == "mark_collected":
        return order_mark_collected(order=order, by=by)
    if action == "cancel_by_shop":
        return order_cancel_by_shop(order=order, by=by, reason=REFUSAL if reason is None else reason)
    if action == "cancel_by_shopper":
        return order_cancel_by_shopper(order=order, by=shopper, reason=SHOPPER_REASON if reason is None else reason)
    if action == "mark_not_collected":
        return order_mark_not_collected(order=order, now=NOW + timedelta(days=2))
    if action == "slot_change":
        return order_slot_change(order=order, choice=OTHER_SLOT, by=shopper, now=NOW)
    raise AssertionError(action)


def status_refusal(status: str, action: str) -> str:
    """What the person who asked reads when the order's status does not allow the action."""
    if action == "slot_change":
        return f"Le créneau ne peut plus être changé : la commande est « {LABELS[status]} »."
    to = TARGET[action]
    if status == to:
        return f"Cette commande est déjà « {LABELS[to]} »."
    if action == "cancel_by_shopper" and status == "accepted":
        return "La boutique a déjà accepté cette commande : contactez-la pour l'annuler."
    return f"Cette commande est « {LABELS[status]} » : elle ne peut pas passer à « {LABELS[to]} »."


@pytest.fixture
def scene(demo_users):
    return Scene(shopper=demo_users["shopper"])


def test_the_status_pipeline_is_the_issues():
    pipeline = {status: set(targets) for status, targets in settings.OSCAR_ORDER_STATUS_PIPELINE.items()}

    assert pipeline == {
        "placed": {"accepted", "refused", "cancelled"},
        "accepted": {"ready", "cancelled"},
        "ready": {"collected", "cancelled", "not_collected"},
        "collected": set(),
        "refused": set(),
        "cancelled": set(),
        "not_collected": set(),
        # Online payment waiting for 3-D Secure (tests/payments/test_payment_holds.py): moved by the system only.
        "awaiting_payment": {"placed", "unpaid"},
        "unpaid": set(),
    }
    assert set(pipeline) == set(OrderStatus.values)
    assert {status for status, _action in ALLOWED} | set(PATH) | set(ORDER_STATUSES_NOT_PAID) == set(OrderStatus.values)


def test_placing_allocates_what_the_matrix_expects_to_see_given_back(scene):
    state = scene.state()

    assert state["status"] == "placed"
    assert state["booked"] == {slot_start_parse(SLOT): 1}
    # Two lines of the same jam allocate 3 units from one record; the bouquet's stock is not counted.
    assert state["stock"] == {scene.jam.pk: (10, 3), scene.bread.pk: (5, 1), scene.flowers.pk: (7, None)}


@pytest.mark.parametrize(("status", "action"), sorted(ALLOWED))
def test_an_allowed_action_moves_the_order_records_it_and_owes_the_email(scene, status, action):
    scene.bring_to(status)
    before = scene.state()
    jam, bread, flowers = scene.jam.pk, scene.bread.pk, scene.flowers.pk

    change = act(action, scene.order, by=scene.keeper, shopper=scene.shopper)

    after = scene.state()
    assert isinstance(change, OrderChange)
    assert OrderChange.objects.filter(order=scene.order).order_by("-pk").first() == change
    expected = dict(before, changes=before["changes"] + 1, notices=before["notices"] + len(EMAILS[action]))
    if action == "slot_change":
        old, new = slot_start_parse(SLOT), slot_start_parse(OTHER_SLOT)
        expected.update(slot=new, booked={old: 0, new: 1})
        assert (change.kind, change.status_from, change.status_to) == ("slot", "", "")
        assert (change.slot_from_at, change.slot_to_at) == (old, new)
        assert scene.order.pickup.slot.starts_at == new
    else:
        to = TARGET[action]
        expected.update(status=to, line_statuses=[to])
        assert (change.kind, change.status_from, change.status_to) == ("status", status, to)
        assert (change.slot_from_at, change.slot_to_at) == (None, None)
    if action in RELEASES:
        # The place in the slot and the 3 + 1 allocated units go back on sale; the bouquet was never counted.
        expected["booked"] = {slot_start_parse(SLOT): 0}
        expected["stock"] = {jam: (10, 0), bread: (5, 0), flowers: (7, None)}
    if action == "mark_collected":
        # Handed over: the units leave the shelf and the allocation; the place was used, not given back.
        expected["stock"] = {jam: (7, 0), bread: (4, 0), flowers: (7, None)}
    assert after == expected
    assert scene.order.status == after["status"]  # the caller's instance follows

    who = {
        "cancel_by_shopper": ("shopper", scene.shopper),
        "slot_change": ("shopper", scene.shopper),
        "mark_not_collected": ("system", None),
    }.get(action, ("shop", scene.keeper))
    assert (change.actor_kind, change.actor) == who
    reason = {"refuse": REFUSAL, "cancel_by_shop": REFUSAL, "cancel_by_shopper": SHOPPER_REASON}.get(action, "")
    assert change.reason == reason
    # The shop has no address of its own: its email goes to the people who work there.
    recipients = {"shopper": [scene.shopper.email], "shop": [scene.keeper.email]}
    owed = Notice.objects.filter(order=scene.order, change=change).order_by("pk")
    assert [(notice.kind, notice.to) for notice in owed] == [(kind, recipients[who]) for kind, who in EMAILS[action]]
    assert all(notice.sent_at is None for notice in owed)  # sent once the change is committed, by the task


FORBIDDEN = sorted((status, action) for status in STATUSES for action in ACTIONS if (status, action) not in ALLOWED)


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_a_forbidden_action_says_why_in_french_and_changes_nothing(scene, status, action):
    scene.bring_to(status)
    before = scene.state()

    if action == "mark_not_collected":
        # The clock job's call: an order that is not (or no longer) ready is skipped, not an error.
        assert act(action, scene.order, by=None) is None
    else:
        with pytest.raises(OrderChangeError) as refused:
            act(action, scene.order, by=scene.keeper, shopper=scene.shopper)
        assert refused.value.message == status_refusal(status, action)
        assert refused.value.code == "status"

    assert scene.state() == before
    assert scene.order.status == status


# Who may act for the shop.


def _nobody(scene):
    return None


def _anonymous(scene):
    return AnonymousUser()


def _inactive_shopkeeper(scene):
    return shop_user(shop=scene.shop, is_active=False)


def _other_shopkeeper(scene):
    return get_user_model().objects.get(email="fromagerie@demo.enbasdemarue.fr")


def _the_shopper(scene):
    return scene.shopper


def _staff_without_the_permission(scene):
    user = get_user_model().objects.create_user(email="stagiaire-cci@example.com", password="x")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


SIGN_IN = "Connectez-vous pour modifier cette commande."
NOT_YOURS = "Cette commande n'est pas celle de votre boutique."
# The status from which each shop action is allowed.
FROM = {"accept": "placed", "refuse": "placed", "mark_ready": "accepted", "mark_collected": "ready"}
FROM["cancel_by_shop"] = "ready"


@pytest.mark.parametrize("action", SHOP_ACTIONS)
@pytest.mark.parametrize(
    ("intruder", "message"),
    [
        (_nobody, SIGN_IN),
        (_anonymous, SIGN_IN),
        (_inactive_shopkeeper, SIGN_IN),
        (_other_shopkeeper, NOT_YOURS),
        (_the_shopper, NOT_YOURS),
        (_staff_without_the_permission, NOT_YOURS),
    ],
    ids=["nobody", "anonymous", "inactive-shopkeeper", "other-shop", "the-shopper", "staff-without-permission"],
)
def test_only_the_shops_people_or_cci_staff_may_act_for_the_shop(scene, action, intruder, message):
    scene.bring_to(FROM[action])
    before = scene.state()

    with pytest.raises(OrderChangeError) as refused:
        act(action, scene.order, by=intruder(scene))

    assert (refused.value.message, refused.value.code) == (message, "forbidden")
    assert scene.state() == before


@pytest.mark.parametrize("action", SHOP_ACTIONS)
@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_cci_staff_who_may_change_orders_act_as_staff(scene, demo_users, action, role):
    staff = demo_users[role]
    assert staff.has_perm("order.change_order")
    scene.bring_to(FROM[action])

    change = act(action, scene.order, by=staff)

    assert (change.actor_kind, change.actor, change.status_to) == ("staff", staff, TARGET[action])
    assert Order.objects.get(pk=scene.order.pk).status == TARGET[action]


def test_a_guest_cancels_through_their_link_and_is_recorded_as_the_shopper():
    shop = shop_open(name="Primeur des Halles")
    apples = product_for_sale(shop=shop, title="Pommes", stock=4)
    order = order_placed(shop=shop, items=[(apples, 2)], key=SLOT, customer=guest(7))

    change = order_cancel_by_shopper(order=order, by=AnonymousUser())

    assert (change.actor_kind, change.actor, change.reason, change.status_to) == ("shopper", None, "", "cancelled")
    notice = Notice.objects.get(order=order, kind=Notice.Kind.CANCELLED)
    assert notice.to == ["client-7@example.com"]
    apples.refresh_from_db()
    assert apples.num_allocated == 0


def test_the_shoppers_reason_is_optional_trimmed_and_kept_to_the_maximum(scene):
    change = order_cancel_by_shopper(order=scene.order, by=scene.shopper, reason="  " + "x" * 600 + "  ")

    assert change.reason == "x" * REASON_MAX_LENGTH


# Reasons the shop gives: required, at most REASON_MAX_LENGTH characters, sent as written.


@pytest.mark.parametrize(("action", "status"), [("refuse", "placed"), ("cancel_by_shop", "accepted")])
@pytest.mark.parametrize(
    ("reason", "message", "code"),
    [
        ("", "Indiquez le motif : il est envoyé au client.", "reason_missing"),
        (" \n\t ", "Indiquez le motif : il est envoyé au client.", "reason_missing"),
        ("é" * (REASON_MAX_LENGTH + 1), "Le motif est trop long (500 caractères au plus).", "reason_too_long"),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_the_shop_must_give_a_reason_of_reasonable_length(scene, action, status, reason, message, code):
    scene.bring_to(status)
    before = scene.state()

    with pytest.raises(OrderChangeError) as refused:
        act(action, scene.order, by=scene.keeper, reason=reason)

    assert (refused.value.message, refused.value.code) == (message, code)
    assert scene.state() == before


@pytest.mark.parametrize(("action", "status"), [("refuse", "placed"), ("cancel_by_shop", "accepted")])
def test_a_reason_of_exactly_the_maximum_is_kept_trimmed(scene, action, status):
    scene.bring_to(status)
    reason = "a" * REASON_MAX_LENGTH

    change = act(action, scene.order, by=scene.keeper, reason=f"\n  {reason}  ")

    assert change.reason == reason


# Releases: what a refused, cancelled or uncollected order held goes back on sale.


@pytest.mark.parametrize(
    "action", ["refuse", "cancel_by_shop", "cancel_by_shopper", "mark_not_collected"], ids=lambda action: action
)
def test_the_place_and_the_unit_given_back_can_be_taken_by_another_shopper(action):
    shop = shop_open(name="Pâtisserie Rivière", capacity=1)
    keeper = shop_user(shop=shop)
    last_cake = product_for_sale(shop=shop, title="Paris-Brest", price="28.00", stock=1)
    first = order_placed(shop=shop, items=[(last_cake, 1)], key=SLOT, customer=guest(1))
    second_basket = basket_with_lines((last_cake, 1))

    with pytest.raises(PlacementError) as full:
        order_place_for_basket(basket=second_basket, customer=guest(2), choices={shop.pk: SLOT}, now=NOW)
    assert full.value.codes == {"slot_full", "stock"}

    if action == "cancel_by_shop":
        order_accept(order=first, by=keeper)
    if action == "mark_not_collected":
        order_accept(order=first, by=keeper)
        order_mark_ready(order=first, by=keeper)
    act(action, first, by=keeper)

    slot = PickupSlot.objects.get(shop=shop, starts_at=slot_start_parse(SLOT))
    last_cake.refresh_from_db()
    assert (slot.booked, last_cake.num_in_stock, last_cake.num_allocated) == (0, 1, 0)
    (second,) = order_place_for_basket(basket=second_basket, customer=guest(2), choices={shop.pk: SLOT}, now=NOW)
    assert second.pickup.slot == slot
    slot.refresh_from_db()
    last_cake.refresh_from_db()
    assert (slot.booked, last_cake.num_allocated) == (1, 1)


def test_releasing_one_order_leaves_the_other_orders_holdings_alone():
    shop = shop_open(name="Cave du Marché", capacity=3)
    keeper = shop_user(shop=shop)
    wine = product_for_sale(shop=shop, title="Saint-Joseph", price="18.00", stock=12)
    kept = order_placed(shop=shop, items=[(wine, 4)], key=SLOT, customer=guest(1))
    refused = order_placed(shop=shop, items=[(wine, 2), (wine, 3)], key=SLOT, customer=guest(2))

    order_refuse(order=refused, by=keeper, reason="Millésime épuisé chez le fournisseur.")

    wine.refresh_from_db()
    assert (wine.num_in_stock, wine.num_allocated) == (12, 4)
    assert PickupSlot.objects.get(shop=shop).booked == 1
    order_accept(order=kept, by=keeper)
    order_mark_ready(order=kept, by=keeper)
    order_mark_collected(order=kept, by=keeper)
    wine.refresh_from_db()
    assert (wine.num_in_stock, wine.num_allocated) == (8, 0)
    assert PickupSlot.objects.get(shop=shop).booked == 1  # a collected order used its place


def test_an_order_handed_over_after_the_shop_lowered_its_count_still_leaves_the_allocation():
    shop = shop_open(name="Épicerie du recomptage")
    keeper = shop_user(shop=shop)
    jam = product_for_sale(shop=shop, title="Confiture de mûres", stock=5)
    order = order_placed(shop=shop, items=[(jam, 3)], key=SLOT, customer=guest(1))
    order_accept(order=order, by=keeper)
    order_mark_ready(order=order, by=keeper)
    # The shop recounts its shelf (Oscar's stock form accepts any count): 2 left, under the 3 set aside.
    StockRecord.objects.filter(pk=jam.pk).update(num_in_stock=2)

    order_mark_collected(order=order, by=keeper)

    jam.refresh_from_db()
    # Nothing stays allocated to an order already handed over; the count cannot go below zero.
    assert (jam.num_in_stock, jam.num_allocated) == (0, 0)
    StockRecord.objects.filter(pk=jam.pk).update(num_in_stock=4)
    second = order_placed(shop=shop, items=[(jam, 4)], key=SLOT, customer=guest(2))
    assert second.lines.get().quantity == 4


def test_units_of_a_cancelled_order_are_given_back_even_if_the_shop_cleared_its_count_meanwhile():
    shop = shop_open(name="Épicerie du recomptage")
    keeper = shop_user(shop=shop)
    jam = product_for_sale(shop=shop, title="Confiture de mûres", stock=5)
    order = order_placed(shop=shop, items=[(jam, 3)], key=SLOT, customer=guest(1))
    StockRecord.objects.filter(pk=jam.pk).update(num_in_stock=None)

    order_refuse(order=order, by=keeper, reason="Plus de mûres cette saison.")

    jam.refresh_from_db()
    assert (jam.num_in_stock, jam.num_allocated) == (None, 0)
    # Counted again, all five are for sale: none stays set aside for the refused order.
    StockRecord.objects.filter(pk=jam.pk).update(num_in_stock=5)
    order_placed(shop=shop, items=[(jam, 5)], key=SLOT, customer=guest(2))


# The shopper moves the pickup.


def test_moving_to_a_slot_nobody_booked_yet_creates_it_and_keeps_the_code(scene):
    code = scene.order.pickup.code
    assert not PickupSlot.objects.filter(shop=scene.shop, starts_at=slot_start_parse(OTHER_SLOT)).exists()

    change = order_slot_change(order=scene.order, choice=OTHER_SLOT, by=scene.shopper, now=NOW)

    new = PickupSlot.objects.get(shop=scene.shop, starts_at=slot_start_parse(OTHER_SLOT))
    assert (new.booked, new.capacity) == (1, 3)
    assert PickupSlot.objects.get(shop=scene.shop, starts_at=slot_start_parse(SLOT)).booked == 0
    pickup = Pickup.objects.get(order=scene.order)
    assert (pickup.slot, pickup.code) == (new, code)
    assert change.actor_kind == "shopper"
    assert Order.objects.get(pk=scene.order.pk).status == "placed"  # the shop still has to accept it


def test_moving_into_a_slot_already_partly_booked_adds_one(scene):
    neighbour = order_placed(shop=scene.shop, items=[(scene.bread, 1)], key=OTHER_SLOT, customer=guest(3))

    order_slot_change(order=scene.order, choice=OTHER_SLOT, by=scene.shopper, now=NOW)

    booked = dict(PickupSlot.objects.filter(shop=scene.shop).values_list("starts_at", "booked"))
    assert booked == {slot_start_parse(SLOT): 0, slot_start_parse(OTHER_SLOT): 2}
    assert Pickup.objects.get(order=neighbour).slot.starts_at == slot_start_parse(OTHER_SLOT)


def test_moving_into_a_full_slot_is_refused(demo_users):
    scene = Scene(shopper=demo_users["shopper"], capacity=1)
    order_placed(shop=scene.shop, items=[(scene.bread, 1)], key=OTHER_SLOT, customer=guest(3))
    before = scene.state()

    with pytest.raises(OrderChangeError) as refused:
        order_slot_change(order=scene.order, choice=OTHER_SLOT, by=scene.shopper, now=NOW)

    assert (refused.value.message, refused.value.code) == ("Créneau complet : choisissez-en un autre.", "slot_full")
    assert scene.state() == before
    assert before["booked"] == {slot_start_parse(SLOT): 1, slot_start_parse(OTHER_SLOT): 1}


def test_moving_to_the_same_slot_is_refused(scene):
    before = scene.state()

    with pytest.raises(OrderChangeError) as refused:
        order_slot_change(order=scene.order, choice=SLOT, by=scene.shopper, now=NOW)

    assert (refused.value.message, refused.value.code) == ("C'est déjà le créneau de cette commande.", "same")
    assert scene.state() == before


def _other_shops_slot(scene):
    other = shop_open(name="Fromagerie voisine")
    cheese = product_for_sale(shop=other, title="Saint-Marcellin", stock=3)
    return order_placed(shop=other, items=[(cheese, 1)], key=OTHER_SLOT, customer=guest(4)).pickup.slot


@pytest.mark.parametrize(
    ("choice", "code", "message"),
    [
        (slot_key(-1, 10), "slot_past", "Ce créneau est déjà passé : choisissez-en un autre."),
        (
            slot_key(7, 10),
            "slot_too_far",
            "Ce créneau est trop lointain : la boutique prend les commandes 7 jours à l'avance au plus.",
        ),
        (slot_key(2, 10), "slot_closed", "La boutique est fermée ce jour-là."),
        (_other_shops_slot, "slot_other_shop", "Ce créneau est celui d'une autre boutique."),
        ("n'importe quoi", "slot_invalid", "Ce créneau n'existe pas."),
        ("2030-06-05T08:07Z", "slot_not_offered", "La boutique ne propose pas ce créneau."),
        (NOW.replace(tzinfo=None) + timedelta(days=1, hours=3), "slot_invalid", "Ce créneau n'existe pas."),
        ("", "slot_missing", "Choisissez un créneau de retrait."),
        ("x" * 10_000, "slot_invalid", "Ce créneau n'existe pas."),
    ],
    ids=["past", "too-far", "closure", "other-shop", "garbage", "off-grid", "naive-datetime", "empty", "huge"],
)
def test_moving_outside_the_shops_rules_is_refused_with_the_checkouts_words(scene, choice, code, message):
    closure_add(shop=scene.shop, starts_on=NOW.date() + timedelta(days=2), ends_on=NOW.date() + timedelta(days=2))
    if callable(choice):
        choice = choice(scene)
    before = scene.state()

    with pytest.raises(OrderChangeError) as refused:
        order_slot_change(order=scene.order, choice=choice, by=scene.shopper, now=NOW)

    assert (refused.value.code, refused.value.message) == (code, message)
    assert scene.state() == before
    # The checkout says the same thing about the same choice.
    basket = basket_with_lines((scene.bread, 1))
    with pytest.raises(PlacementError) as at_checkout:
        order_place_for_basket(basket=basket, customer=guest(5), choices={scene.shop.pk: choice}, now=NOW)
    assert [(p.code, p.message) for p in at_checkout.value.for_shop(scene.shop.pk)] == [(code, message)]


def test_moving_the_slot_days_ahead_within_the_shops_horizon_is_allowed(scene):
    order_slot_change(order=scene.order, choice=slot_key(6, 19, 30), by=scene.shopper, now=NOW)

    assert Pickup.objects.get(order=scene.order).slot.starts_at == slot_start_parse(slot_key(6, 19, 30))


def test_a_code_already_used_in_the_new_slot_is_replaced_by_a_fresh_one(scene):
    code = scene.order.pickup.code
    neighbour = order_placed(shop=scene.shop, items=[(scene.bread, 1)], key=OTHER_SLOT, customer=guest(3))
    # Codes are drawn per slot: force the clash the shopper's move would cause.
    Pickup.objects.filter(order=neighbour).update(code=code)

    order_slot_change(order=scene.order, choice=OTHER_SLOT, by=scene.shopper, now=NOW)

    moved = Pickup.objects.get(order=scene.order)
    assert moved.slot.starts_at == slot_start_parse(OTHER_SLOT)
    assert moved.code != code
    assert len(moved.code) == 6 and set(moved.code) <= set(PICKUP_CODE_ALPHABET)
    assert scene.order.pickup.code == moved.code  # the caller's instance, and the email, carry the new code
    assert Pickup.objects.get(order=neighbour).code == code
    codes = list(Pickup.objects.filter(slot=moved.slot).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 2


def test_the_slot_can_no_longer_move_once_the_order_is_ready(scene):
    scene.bring_to("ready")
    before = scene.state()

    with pytest.raises(OrderChangeError) as refused:
        order_slot_change(order=scene.order, choice=OTHER_SLOT, by=scene.shopper, now=NOW)

    assert refused.value.message == "Le créneau ne peut plus être changé : la commande est « Prête »."
    assert scene.state() == before


def test_each_move_is_its_own_event_with_its_own_email(scene):
    order_slot_change(order=scene.order, choice=OTHER_SLOT, by=scene.shopper, now=NOW)
    order_slot_change(order=scene.order, choice=SLOT, by=scene.shopper, now=NOW)

    moves = list(OrderChange.objects.filter(order=scene.order, kind="slot").values_list("slot_from_at", "slot_to_at"))
    assert moves == [
        (slot_start_parse(SLOT), slot_start_parse(OTHER_SLOT)),
        (slot_start_parse(OTHER_SLOT), slot_start_parse(SLOT)),
    ]
    assert Notice.objects.filter(order=scene.order, kind=Notice.Kind.SLOT_CHANGED).count() == 2
    booked = dict(PickupSlot.objects.filter(shop=scene.shop).values_list("starts_at", "booked"))
    assert booked == {slot_start_parse(SLOT): 1, slot_start_parse(OTHER_SLOT): 0}


def test_a_change_to_an_order_that_no_longer_exists_is_refused(scene):
    stale = Order.objects.get(pk=scene.order.pk)
    Order.objects.filter(pk=scene.order.pk).delete()

    with pytest.raises(OrderChangeError) as refused:
        order_cancel_by_shopper(order=stale, by=scene.shopper)
    assert refused.value.message == "Cette commande n'existe pas."
    with pytest.raises(OrderChangeError):
        order_slot_change(order=stale, choice=OTHER_SLOT, by=scene.shopper, now=NOW)
    assert order_mark_not_collected(order=stale, now=NOW) is None
