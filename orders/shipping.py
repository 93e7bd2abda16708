"""Pickup in store, as an Oscar shipping method: free, and never a delivery address."""

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import Free


class PickupInStore(Free):
    """The shopper collects the order in the shop, in the slot they chose; nothing is shipped."""

    code = "retrait-en-boutique"
    name = _("Retrait en boutique")
