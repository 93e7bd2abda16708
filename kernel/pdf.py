"""PDF downloads (invoices, diagnoses): the one module that writes PDF, with fpdf2's core fonts.

Core fonts need no font file in the repository; they cover Windows-1252, which holds French (é, œ, «
», €). Any other character (an emoji in a shop's name) is replaced by "?" rather than failing the
download. Documents are built from plain values (titles, paragraphs, tables): no HTML is interpreted,
so nothing a shopkeeper or a member typed can inject anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpResponse
from fpdf import FPDF
from fpdf.enums import XPos, YPos

ENCODING = "windows-1252"
FONT = "helvetica"
_NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def _text(value) -> str:
    """The value as text the core fonts can draw."""
    text = "" if value is None else str(value)
    return text.encode(ENCODING, errors="replace").decode(ENCODING)


class PdfDocument:
    """An A4 document written top to bottom: titles, paragraphs, key-value lines and tables."""

    def __init__(self, *, title: str, author: str = "", compress: bool = True):
        self._pdf = FPDF(format="A4")
        self._pdf.core_fonts_encoding = ENCODING
        self._pdf.set_compression(compress)
        self._pdf.set_title(_text(title))
        if author:
            self._pdf.set_author(_text(author))
        self._pdf.set_auto_page_break(auto=True, margin=15)
        self._pdf.add_page()

    def heading(self, text, *, size: int = 16) -> None:
        self._pdf.set_font(FONT, style="B", size=size)
        self._pdf.multi_cell(0, size * 0.5, _text(text), **_NEXT_LINE)
        self._pdf.ln(2)

    def paragraph(self, text, *, size: int = 10, bold: bool = False) -> None:
        self._pdf.set_font(FONT, style="B" if bold else "", size=size)
        self._pdf.multi_cell(0, size * 0.5, _text(text), **_NEXT_LINE)
        self._pdf.ln(1)

    def space(self, height: float = 4) -> None:
        self._pdf.ln(height)

    def table(self, *, header: Sequence, rows: Sequence[Sequence], widths: Sequence[int], align: str = "") -> None:
        """A table; `widths` are relative column widths, `align` one letter per column (L, R, C)."""
        self._pdf.set_font(FONT, size=9)
        aligns = tuple((align or "L" * len(header)).ljust(len(header), "L"))
        with self._pdf.table(col_widths=tuple(widths), text_align=aligns, first_row_as_headings=True) as table:
            for row in [header, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(_text(value))
        self._pdf.ln(3)

    def output(self) -> bytes:
        return bytes(self._pdf.output())


def pdf_response(*, filename: str, document: PdfDocument) -> HttpResponse:
    """The document as a download, never cached (it is one person's)."""
    response = HttpResponse(document.output(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
