from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractStockRecord

from shops.models import StockMode, stockrecord_mode

from .tva import TVA_NORMAL, TVA_RATE_CHOICES, TVA_RATES


class StockRecord(AbstractStockRecord):
    """Oscar's stock record; here `price` is entered TTC and carries its TVA rate.

    A product is sold by exactly one shop, so a product has at most one stock record.
    """

    tva_rate = models.DecimalField(
        _("taux de TVA"),
        max_digits=4,
        decimal_places=2,
        choices=TVA_RATE_CHOICES,
        default=TVA_NORMAL,
    )

    @property
    def can_track_allocations(self):
        # An always-available or on-request product is never allocated: it cannot sell out.
        return stockrecord_mode(self) == StockMode.Mode.COUNTED and super().can_track_allocations

    class Meta(AbstractStockRecord.Meta):
        constraints = [
            models.UniqueConstraint(fields=["product"], name="partner_one_shop_per_product"),
            models.CheckConstraint(condition=models.Q(tva_rate__in=TVA_RATES), name="partner_tva_rate_known"),
            models.CheckConstraint(
                condition=models.Q(price__isnull=True) | models.Q(price__gte=0),
                name="partner_price_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(num_in_stock__isnull=True) | models.Q(num_in_stock__gte=0),
                name="partner_stock_not_negative",
            ),
        ]


from oscar.apps.partner.models import *  # noqa: E402, F403
