"""Click and collect: pickup slots and their bookings, one pickup per Oscar order, one placement per basket.

Oscar's `order` app is not forked: what pickup adds to an order lives here, one-to-one with it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrderStatus(models.TextChoices):
    """The codes of OSCAR_ORDER_STATUS_PIPELINE, with the words a shopper and a shopkeeper read."""

    PLACED = "placed", pgettext_lazy("statut de commande", "Nouvelle")
    ACCEPTED = "accepted", pgettext_lazy("statut de commande", "Acceptée")
    READY = "ready", pgettext_lazy("statut de commande", "Prête")
    COLLECTED = "collected", pgettext_lazy("statut de commande", "Retirée")
    REFUSED = "refused", pgettext_lazy("statut de commande", "Refusée")
    CANCELLED = "cancelled", pgettext_lazy("statut de commande", "Annulée")
    NOT_COLLECTED = "not_collected", pgettext_lazy("statut de commande", "Non retirée")
    # Paid online, the bank asked for 3-D Secure: the slot place and the stock are held while the shopper
    # completes it (Placement.payment_due_at), and the shop does not see the order yet.
    AWAITING_PAYMENT = "awaiting_payment", pgettext_lazy("statut de commande", "Paiement en cours")
    # The payment did not go through in time (failed, or the hold expired): released, nothing charged.
    UNPAID = "unpaid", pgettext_lazy("statut de commande", "Paiement non abouti")


def order_status_label(status: str) -> str:
    """The words for an order status code (OrderStatus), the code itself if it is not one of ours."""
    return str(OrderStatus(status).label) if status in OrderStatus.values else status


# Still to be handed over: these hold a place in their slot and units of stock.
ORDER_STATUSES_OPEN = (OrderStatus.PLACED, OrderStatus.ACCEPTED, OrderStatus.READY)
# Not orders for the shop (yet, or ever): kept out of its board, its counts and its statistics.
ORDER_STATUSES_NOT_PAID = (OrderStatus.AWAITING_PAYMENT, OrderStatus.UNPAID)


class PickupSlot(models.Model):
    """How many orders a shop has taken for one pickup slot, out of how many it accepts.

    A row is created the first time a slot is booked; a slot without a row is empty. Booking
    is a conditional UPDATE (orders.locks.slot_book), and the database refuses overbooking.
    """

    shop = models.ForeignKey(
        "shops.Shop", on_delete=models.CASCADE, related_name="pickup_slots", verbose_name=_("boutique")
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveSmallIntegerField(_("commandes acceptées"))
    booked = models.PositiveSmallIntegerField(_("commandes prises"), default=0)

    class Meta:
        ordering = ["shop", "starts_at"]
        verbose_name = _("créneau de retrait")
        verbose_name_plural = _("créneaux de retrait")
        constraints = [
            models.UniqueConstraint(fields=["shop", "starts_at"], name="orders_slot_one_per_shop_start"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="orders_slot_not_overbooked"),
            models.CheckConstraint(condition=Q(booked__gte=0), name="orders_slot_booked_not_negative"),
            models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")), name="orders_slot_starts_before_end"),
        ]

    def __str__(self):
        return f"{self.shop_id} · {self.starts_at:%Y-%m-%d %H:%M} ({self.booked}/{self.capacity})"

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def is_full(self) -> bool:
        return self.booked >= self.capacity


class Placement(models.Model):
    """A basket that has been placed: the idempotency key that makes a retry return the same orders."""

    basket = models.OneToOneField(
        "basket.Basket", on_delete=models.CASCADE, related_name="placement", verbose_name=_("panier")
    )
    created_at = models.DateTimeField(_("passée le"), auto_now_add=True)
    # Paid online with 3-D Secure still to do: until then the orders hold their slot places and stock;
    # after it, orders_jobs releases them (orders.services.payment_holds). Null once paid, or never held.
    payment_due_at = models.DateTimeField(_("paiement attendu avant"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("validation de panier")
        verbose_name_plural = _("validations de panier")

    def __str__(self):
        return f"{self.basket_id} · {self.created_at:%Y-%m-%d %H:%M}"


class Pickup(models.Model):
    """Where and when one order is collected, and the code the shopper gives at the counter."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="pickup", verbose_name=_("commande")
    )
    shop = models.ForeignKey("shops.Shop", on_delete=models.PROTECT, related_name="pickups", verbose_name=_("boutique"))
    slot = models.ForeignKey(PickupSlot, on_delete=models.PROTECT, related_name="pickups", verbose_name=_("créneau"))
    # Deleting a basket (with its owner's account) must not take the orders with it.
    placement = models.ForeignKey(
        Placement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pickups",
        verbose_name=_("validation de panier"),
    )
    code = models.CharField(_("code de retrait"), max_length=12)
    # Past this, an order still waiting for the shop is flagged and the shop reminded (placement sets it).
    accept_by = models.DateTimeField(_("à accepter avant"), null=True, blank=True)
    # Who collects: a guest has no account to read these from, and the shop needs them either way.
    customer_name = models.CharField(_("nom du client"), max_length=120)
    customer_phone = models.CharField(_("téléphone du client"), max_length=32, blank=True)
    # The language the shopper ordered in (a code of settings.LANGUAGES): their emails speak it.
    # Blank for orders placed before it was kept: the site's language.
    language = models.CharField(_("langue du client"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    # When the customer's name and phone (and the order's email) were erased: their account was deleted, or
    # a guest's retention period ran out (orders.services.privacy). The order itself stays for the shop.
    depersonalised_at = models.DateTimeField(_("données du client effacées le"), null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        verbose_name = _("retrait")
        verbose_name_plural = _("retraits")
        constraints = [
            models.UniqueConstraint(fields=["slot", "code"], name="orders_pickup_code_unique_in_slot"),
            models.CheckConstraint(condition=~Q(code=""), name="orders_pickup_code_not_empty"),
        ]
        # The counter finds an order from the code the shopper reads out.
        indexes = [
            models.Index(fields=["shop", "code"], name="orders_pickup_shop_code_idx"),
            # A shop's orders by date (statistics, "no order in 30 days").
            models.Index(fields=["shop", "created_at"], name="orders_pickup_shop_created_idx"),
            # The retention job reads the pickups whose customer is still named, oldest first.
            models.Index(
                fields=["created_at"],
                condition=Q(depersonalised_at__isnull=True),
                name="orders_pickup_named_idx",
            ),
        ]

    def __str__(self):
        return f"{self.order_id} · {self.code}"


class OrderChange(models.Model):
    """One change of an order after it was placed: its status or its slot, who made it, when and why."""

    class Kind(models.TextChoices):
        STATUS = "status", _("statut")
        SLOT = "slot", _("créneau")

    class Actor(models.TextChoices):
        SHOP = "shop", _("la boutique")
        SHOPPER = "shopper", _("le client")
        STAFF = "staff", _("l'équipe En bas de ma rue")
        SYSTEM = "system", _("automatique")

    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="changes", verbose_name=_("commande")
    )
    kind = models.CharField(_("nature"), max_length=8, choices=Kind.choices)
    status_from = models.CharField(_("ancien statut"), max_length=16, choices=OrderStatus.choices, blank=True)
    status_to = models.CharField(_("nouveau statut"), max_length=16, choices=OrderStatus.choices, blank=True)
    slot_from_at = models.DateTimeField(_("ancien créneau"), null=True, blank=True)
    slot_to_at = models.DateTimeField(_("nouveau créneau"), null=True, blank=True)
    actor_kind = models.CharField(_("par"), max_length=8, choices=Actor.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utilisateur"),
    )
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("changement de commande")
        verbose_name_plural = _("changements de commande")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="slot") | (~Q(status_to="") & ~Q(status_from=F("status_to"))),
                name="orders_change_status_moves",
            ),
        ]

    def __str__(self):
        return f"{self.order_id} · {self.status_from} → {self.status_to} ({self.actor_kind})"


class Notice(models.Model):
    """One email owed for one event (an outbox row): written with the change, sent once by a task.

    `key` names the event ("accepted:<order>", "slot:<change>"): writing the same event twice finds the
    row already there, and the sender skips a row already sent, so an email goes out at most once.
    """

    class Kind(models.TextChoices):
        PLACED = "placed", _("commande confirmée")
        ACCEPTED = "accepted", _("commande acceptée")
        REFUSED = "refused", _("commande refusée")
        READY = "ready", _("commande prête")
        COLLECTED = "collected", _("commande retirée (reçu)")
        CANCELLED = "cancelled", _("commande annulée")
        SLOT_CHANGED = "slot_changed", _("créneau modifié")
        PICKUP_REMINDER = "pickup_reminder", _("rappel le jour du retrait")
        SHOP_NEW_ORDER = "shop_new_order", _("nouvelle commande, pour la boutique")
        SHOP_ACCEPT_REMINDER = "shop_accept_reminder", _("commande à accepter, pour la boutique")
        SHOP_CANCELLED = "shop_cancelled", _("commande annulée par le client, pour la boutique")
        SHOP_SLOT_CHANGED = "shop_slot_changed", _("créneau changé par le client, pour la boutique")

    key = models.CharField(_("événement"), max_length=80, unique=True)
    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="notices", verbose_name=_("commande")
    )
    change = models.ForeignKey(
        OrderChange,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("changement"),
    )
    kind = models.CharField(_("message"), max_length=24, choices=Kind.choices)
    to = models.JSONField(_("destinataires"), default=list)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_attempt_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # Not sent because the order moved on before it could be ("prête" for an order already collected).
    dropped_at = models.DateTimeField(_("sans objet le"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("email à envoyer")
        verbose_name_plural = _("emails à envoyer")
        indexes = [
            # The retry job reads the ones still owed only.
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True, dropped_at__isnull=True),
                name="orders_notice_owed_idx",
            ),
        ]

    def __str__(self):
        return self.key


class LineHandover(models.Model):
    """How many units of one order line the shopper took, written when the shop handed over less than ordered.

    An order collected with no such rows was handed over whole. The rest of the line went back to stock,
    and the payment (captured online, or paid at the counter) is for the units handed over only.
    """

    line = models.OneToOneField(
        "order.Line", on_delete=models.CASCADE, related_name="handover", verbose_name=_("ligne de commande")
    )
    quantity = models.PositiveIntegerField(_("quantité remise"))

    class Meta:
        verbose_name = _("remise partielle d'une ligne")
        verbose_name_plural = _("remises partielles de lignes")

    def __str__(self):
        return f"{self.line_id} · {self.quantity}"
