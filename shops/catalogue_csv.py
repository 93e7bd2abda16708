"""Reading a shop's catalogue CSV: its size, rows, bytes (a binary file), encoding (UTF-8, or the
Windows-1252 with `;` that French Excel writes) and columns checked, each problem said in French."""

import csv
import io
import re

import tablib
from charset_normalizer import from_bytes
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from tablib.exceptions import InvalidDimensions

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
# The columns, in the order of the export; the import reads them by name, in any order.
COLUMNS = ("reference", "nom", "description", "categorie", "prix_ttc", "tva", "stock", "image")
HEADERS = ("référence", "nom", "description", "catégorie", "prix TTC", "TVA", "stock", "image")
REQUIRED = ("reference", "nom", "prix_ttc")
# What people write at the top of their columns, folded (slugify, "_"), to our column names.
_ALIASES = {
    "ref": "reference",
    "reference": "reference",
    "sku": "reference",
    "code": "reference",
    "nom": "nom",
    "nom_du_produit": "nom",
    "produit": "nom",
    "description": "description",
    "categorie": "categorie",
    "prix": "prix_ttc",
    "prix_ttc": "prix_ttc",
    "prix_ttc_eur": "prix_ttc",
    "tva": "tva",
    "taux_de_tva": "tva",
    "taux_tva": "tva",
    "stock": "stock",
    "quantite": "stock",
    "image": "image",
    "photo": "image",
}


def catalogue_file_read(*, uploaded) -> tablib.Dataset:
    """The uploaded CSV as a dataset with our column names; ValidationError (French) for a bad file."""
    if uploaded.size is not None and uploaded.size > MAX_FILE_BYTES:
        raise _too_large(uploaded.size)
    uploaded.seek(0)
    data = uploaded.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data))
    text = _decoded(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationError(_("Ce fichier est vide."))
    # More rows than allowed is said before parsing them all (a line per row, give or take quoted line breaks).
    if len(lines) - 1 > MAX_ROWS * 2:
        raise _too_many(len(lines) - 1)
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    try:
        dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except InvalidDimensions as error:
        raise ValidationError(
            _(
                "Ligne %(n)s : elle n'a pas autant de colonnes que la ligne des titres "
                "(un « %(sep)s » en trop ou en moins ?)."
            )
            % {"n": _first_ragged_row(text, delimiter), "sep": delimiter}
        ) from error
    except (csv.Error, ValueError) as error:
        raise ValidationError(_("Ce fichier CSV est illisible : vérifiez qu'il est bien enregistré en CSV.")) from error
    if dataset.height > MAX_ROWS:
        raise _too_many(dataset.height)
    if dataset.height == 0:
        raise ValidationError(_("Ce fichier n'a aucune ligne de produit sous ses titres de colonnes."))
    dataset.headers = _columns(dataset.headers or [])
    return dataset


def _first_ragged_row(text: str, delimiter: str) -> int:
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    width = len(next(rows, []))
    return next((number for number, row in enumerate(rows, start=2) if len(row) != width), 0)


def _decoded(data: bytes) -> str:
    if b"\x00" in data:
        raise _not_text()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "utf_8"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise _not_text() from error
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
        raise _not_text()
    return text


def _columns(headers: list) -> list[str]:
    names = [_ALIASES.get(slugify(str(header or "")).replace("-", "_"), "") for header in headers]
    missing = [HEADERS[COLUMNS.index(column)] for column in REQUIRED if column not in names]
    if missing:
        raise ValidationError(
            _("Colonne manquante : %(missing)s. Colonnes attendues : %(expected)s.")
            % {"missing": ", ".join(missing), "expected": " ; ".join(HEADERS)}
        )
    doubled = {name for name in names if name and names.count(name) > 1}
    if doubled:
        raise ValidationError(_("Colonne en double : %(names)s.") % {"names": ", ".join(sorted(doubled))})
    # A column we do not know is kept under a name of its own, and ignored.
    return [name or f"ignored_{index}" for index, name in enumerate(names)]


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        _("Ce fichier est trop lourd (%(size)s) : %(max)s au plus.")
        % {"size": filesizeformat(size), "max": filesizeformat(MAX_FILE_BYTES)}
    )


def _too_many(rows: int) -> ValidationError:
    return ValidationError(
        _("Trop de lignes (%(rows)s) : %(max)s produits au plus par fichier. Coupez-le en plusieurs fichiers.")
        % {"rows": rows, "max": MAX_ROWS}
    )


def _not_text() -> ValidationError:
    return ValidationError(_("Ce fichier n'est pas un fichier CSV (du texte) : enregistrez votre tableau « en CSV »."))
