"""CSV downloads that a French spreadsheet opens as written and never runs.

Every CSV export of the site (checklist results, statistics, catalogues, personal data) goes through
`csv_response`, so the encoding, the separator and the formula guard are the same everywhere."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """The value as a CSV cell that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(*, filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download: UTF-8 with a BOM and `;` (what French Excel expects), every text cell guarded.

    Numbers pass as they are (a negative number is not a formula)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A BOM, so that spreadsheet software reads the accents as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([cell if isinstance(cell, int | float) else csv_cell(cell) for cell in row])
    return response
