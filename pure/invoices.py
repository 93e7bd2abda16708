"""PDF documents of PURE: the invoice of a business order and the restart diagnosis (kernel.pdf draws them)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from kernel.pdf import PdfDocument


def _euros(value) -> str:
    return f"{formats.number_format(Decimal(value or 0), 2, use_l10n=True, force_grouping=True)} €"


def _rate(line) -> str:
    rate = getattr(line.stockrecord, "tva_rate", None) if line.stockrecord_id else None
    return f"{formats.number_format(rate, 1 if rate % 1 else 0)} %" if rate is not None else ""


def invoice_document(*, order, compress: bool = True) -> PdfDocument:
    """The invoice of one business order: seller, buyer with SIRET, lines HT, TVA and TTC, totals."""
    lines = list(order.lines.all())
    shop = lines[0].partner.shop if lines and lines[0].partner_id else None
    buyer = order.business_buyer
    document = PdfDocument(title=_("Facture %(number)s") % {"number": order.number}, compress=compress)
    document.heading(_("Facture n° %(number)s") % {"number": order.number})
    document.paragraph(
        _("Date : %(date)s") % {"date": formats.date_format(order.date_placed, "DATE_FORMAT", use_l10n=True)}
    )
    if shop is not None:
        document.paragraph(_("Vendeur"), bold=True)
        document.paragraph(
            "\n".join(
                part
                for part in (
                    shop.legal_name or shop.name,
                    f"{shop.address}, {shop.postcode} {shop.town}",
                    _("SIRET : %(siret)s") % {"siret": shop.siret} if shop.siret else "",
                )
                if part
            )
        )
    document.paragraph(_("Acheteur"), bold=True)
    document.paragraph(
        "\n".join(
            part
            for part in (
                buyer.legal_name if buyer else "",
                order.user.get_full_name() if order.user else "",
                order.user.email if order.user else "",
                _("SIRET : %(siret)s") % {"siret": buyer.siret} if buyer else "",
            )
            if part
        )
    )
    document.space()
    document.table(
        header=[_("Produit"), _("Qté"), _("PU HT"), _("TVA"), _("Total HT"), _("Total TTC")],
        rows=[
            [
                line.title,
                line.quantity,
                _euros(line.unit_price_excl_tax),
                _rate(line),
                _euros(line.line_price_excl_tax),
                _euros(line.line_price_incl_tax),
            ]
            for line in lines
        ],
        widths=[5, 1, 2, 1, 2, 2],
        align="LRRRRR",
    )
    document.paragraph(_("Total HT : %(amount)s") % {"amount": _euros(order.total_excl_tax)}, bold=True)
    document.paragraph(_("TVA : %(amount)s") % {"amount": _euros(order.total_tax)})
    document.paragraph(_("Total TTC : %(amount)s") % {"amount": _euros(order.total_incl_tax)}, bold=True)
    document.space()
    document.paragraph(_("Retrait sur place, paiement au retrait."), size=8)
    return document


def diagnosis_document(*, checklist, diagnosis, when=None, compress: bool = True) -> PdfDocument:
    """The restart diagnosis: the overall score, each section's score and the advice for what is missing."""
    document = PdfDocument(title=_("Diagnostic de reprise"), compress=compress)
    document.paragraph(_("PURE – Diagnostic de reprise"), size=9)
    document.heading(checklist.title)
    if when is not None:
        document.paragraph(
            _("Réponses du %(when)s") % {"when": formats.date_format(when, "DATETIME_FORMAT", use_l10n=True)}
        )
    document.paragraph(_("Score global : %(percent)d %%") % {"percent": diagnosis.percent}, size=13, bold=True)
    for section in diagnosis.sections:
        document.space(2)
        document.paragraph(f"{section.title} : {section.percent} %", size=12, bold=True)
        document.paragraph(
            _("%(done)d sur %(total)d en place") % {"done": section.done_count, "total": section.item_count}
        )
        for item in section.missing:
            document.paragraph(f"• {item.label}", bold=True)
            if item.advice:
                document.paragraph(item.advice)
    document.space()
    document.paragraph(_("Allo CCI : un conseiller vous rappelle sur demande, sur le site de la CCI."), size=8)
    return document
