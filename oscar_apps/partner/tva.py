"""French VAT (TVA): the rates a product may carry and how a TTC price splits."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")

# Percentages, as entered by shopkeepers and printed on receipts.
TVA_NORMAL = Decimal("20.00")
TVA_INTERMEDIATE = Decimal("10.00")
TVA_REDUCED = Decimal("5.50")
TVA_SUPER_REDUCED = Decimal("2.10")

TVA_RATE_CHOICES = [
    (TVA_NORMAL, _("20 % (taux normal)")),
    (TVA_INTERMEDIATE, _("10 % (taux intermédiaire)")),
    (TVA_REDUCED, _("5,5 % (alimentation, livres)")),
    (TVA_SUPER_REDUCED, _("2,1 % (presse, médicaments)")),
]
TVA_RATES = [rate for rate, _label in TVA_RATE_CHOICES]


def split_ttc(*, price_ttc: Decimal, rate_percent: Decimal) -> tuple[Decimal, Decimal]:
    """Split a price with tax (TTC) into (net, tax), rounded to the cent, summing to TTC."""
    net = (price_ttc * 100 / (100 + rate_percent)).quantize(CENT, rounding=ROUND_HALF_UP)
    return net, price_ttc - net
