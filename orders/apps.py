from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Retraits et commandes")

    def ready(self):
        from kernel.page_cache import page_cache_watch
        from shops import signals

        from .models import PickupSlot
        from .slots.capacity import pickup_capacity_changed_receive

        # A slot's bookings decide "retrait aujourd'hui" and the first free slot a storefront shows.
        page_cache_watch(models=[PickupSlot])
        signals.pickup_capacity_changed.connect(pickup_capacity_changed_receive, dispatch_uid="orders-slot-capacity")

        # Stripe's webhooks on an order's payment (issue 14).
        from payments.signals import charge_changed, payment_intent_changed

        from .payment_webhooks import charge_changed_receive, payment_intent_changed_receive

        payment_intent_changed.connect(payment_intent_changed_receive, dispatch_uid="orders-payment-intent")
        charge_changed.connect(charge_changed_receive, dispatch_uid="orders-charge")
