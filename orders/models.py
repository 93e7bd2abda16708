"""Click and collect: pickup slots and their bookings, one pickup per Oscar order, one placement per basket.

Oscar's `order` app is not forked: what pickup adds to an order lives here, one-to-one with it.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


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
    # Who collects: a guest has no account to read these from, and the shop needs them either way.
    customer_name = models.CharField(_("nom du client"), max_length=120)
    customer_phone = models.CharField(_("téléphone du client"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        verbose_name = _("retrait")
        verbose_name_plural = _("retraits")
        constraints = [
            models.UniqueConstraint(fields=["slot", "code"], name="orders_pickup_code_unique_in_slot"),
            models.CheckConstraint(condition=~Q(code=""), name="orders_pickup_code_not_empty"),
        ]
        # The counter finds an order from the code the shopper reads out.
        indexes = [models.Index(fields=["shop", "code"], name="orders_pickup_shop_code_idx")]

    def __str__(self):
        return f"{self.order_id} · {self.code}"
