"""The values a shopkeeper types for a product (price TTC, stock, TVA rate, reference), read the same way
from the product form, the product list and a CSV file, each bad one refused with a French message."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from .models import Shop

# A neighbourhood shop's price: up to 99 999,99 €, in euros and cents ("12,50", "12.5", "1 200").
MAX_PRICE = Decimal("99999.99")
MAX_STOCK = 99_999
MAX_REFERENCE = 64
_PRICE = re.compile(r"^(\d{1,5})(?:[.,](\d{1,2}))?$")
_STOCK = re.compile(r"^\d{1,5}$")
_REFERENCE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._/-]*$")
# Spaces a spreadsheet puts in numbers (thousands), and the euro sign people type.
_NUMBER_NOISE = str.maketrans("", "", " \u00a0\u202f€")

# The TVA rate a new product starts with, by kind of shop (ShopCategory.slug): food and books 5,5 %,
# flowers and plants 10 %, everything else 20 %.
_DEFAULT_TVA_BY_KIND = {
    "boulangerie": "5.50",
    "boucherie": "5.50",
    "fromagerie": "5.50",
    "primeur": "5.50",
    "librairie": "5.50",
    "epicerie-fine": "5.50",
    "bio": "5.50",
    "fleuriste": "10.00",
}


def price_parse(value) -> Decimal:
    """A price TTC from what was typed: euros and at most two decimals, from 0 to MAX_PRICE."""
    text = str(value if value is not None else "").translate(_NUMBER_NOISE)
    if not text:
        raise ValidationError(_("Indiquez le prix TTC."), code="required")
    if text.startswith("-"):
        raise ValidationError(_("Le prix ne peut pas être négatif."), code="negative")
    match = _PRICE.match(text)
    if match is None:
        if re.match(r"^\d+[.,]\d{3,}$", text):
            raise ValidationError(
                _("Le prix a au plus deux décimales (des centimes) : « %(value)s »."),
                code="decimals",
                params={"value": value},
            )
        if re.match(r"^\d{6,}([.,]\d*)?$", text):
            raise ValidationError(
                _("Prix trop élevé : %(max)s € au plus."), code="too_high", params={"max": _price_text(MAX_PRICE)}
            )
        raise ValidationError(
            _("Prix illisible : « %(value)s ». Écrivez-le en euros, par exemple 12,50."),
            code="invalid",
            params={"value": str(value)[:40]},
        )
    return Decimal(f"{match[1]}.{match[2] or '0'}").quantize(Decimal("0.01"))


def stock_parse(value) -> int | None:
    """A number of units in stock (0 to MAX_STOCK), or None when nothing was typed."""
    text = str(value if value is not None else "").translate(_NUMBER_NOISE)
    if not text:
        return None
    if text.startswith("-"):
        raise ValidationError(_("Le stock ne peut pas être négatif."), code="negative")
    if not _STOCK.match(text):
        if text.isdigit():
            raise ValidationError(
                _("Stock trop élevé : %(max)s unités au plus."), code="too_high", params={"max": MAX_STOCK}
            )
        raise ValidationError(
            _("Le stock est un nombre entier d'unités, par exemple 12 : « %(value)s »."),
            code="invalid",
            params={"value": str(value)[:40]},
        )
    return int(text)


def tva_rates() -> list[tuple[Decimal, str]]:
    """The TVA rates a product may carry, with their labels, as the stock record allows them."""
    return list(get_model("partner", "StockRecord")._meta.get_field("tva_rate").choices)


def tva_parse(value) -> Decimal:
    """A known TVA rate from what was typed ("20", "5,5", "5.50 %")."""
    text = str(value if value is not None else "").translate(_NUMBER_NOISE).rstrip("%").replace(",", ".")
    known = [rate for rate, _label in tva_rates()]
    try:
        rate = Decimal(text) if re.match(r"^\d{1,2}(\.\d{1,2})?$", text) else None
    except ArithmeticError:
        rate = None
    for candidate in known:
        if rate is not None and rate == candidate:
            return candidate
    raise ValidationError(
        _("Taux de TVA inconnu : « %(value)s ». Taux possibles : %(rates)s."),
        code="tva_unknown",
        params={"value": str(value)[:20], "rates": ", ".join(f"{_rate_text(rate)} %" for rate in known)},
    )


def reference_clean(value) -> str:
    """A product reference (the shop's own code): letters, digits, . _ / -, at most MAX_REFERENCE long."""
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValidationError(_("Indiquez la référence du produit."), code="required")
    if len(text) > MAX_REFERENCE or not _REFERENCE.match(text):
        raise ValidationError(
            _("Référence invalide : « %(value)s » (lettres, chiffres, « . _ / - », %(max)s caractères au plus)."),
            code="invalid",
            params={"value": text[:40], "max": MAX_REFERENCE},
        )
    return text


def default_tva_rate(*, shop: Shop) -> Decimal:
    """The TVA rate a new product of this shop starts with, from its kind of shop."""
    return Decimal(_DEFAULT_TVA_BY_KIND.get(shop.category.slug, "20.00"))


def _price_text(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def _rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}".replace(".", ",")
