"""The member list: imported from the CCI's CSV (SIRET, company, email, town, sector) in bulk, and members'
own choices (opting out of surveys) and bounced addresses recorded."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Member

COLUMNS = ("siret", "entreprise", "email", "commune", "secteur")
# Errors listed to the staff before the list is cut short: enough to fix a file, not a wall of text.
MAX_ERRORS = 20
BATCH = 2000


class MemberImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class MemberImport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def _reader(data: bytes) -> csv.DictReader:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    reader.fieldnames = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    return reader


def _row_member(row: dict, line: int, errors: list[str]) -> Member | None:
    values = {key: (row.get(key) or "").strip() for key in COLUMNS}
    siret = values["siret"].replace(" ", "")
    problems = []
    if not (siret.isdigit() and len(siret) == 14):
        problems.append(_("SIRET « %(siret)s » : 14 chiffres attendus") % {"siret": values["siret"]})
    try:
        validate_email(values["email"])
    except ValidationError:
        problems.append(_("email « %(email)s » invalide") % {"email": values["email"]})
    for key in ("entreprise", "commune", "secteur"):
        if not values[key]:
            problems.append(_("colonne « %(column)s » vide") % {"column": key})
    if problems:
        errors.append(_("Ligne %(line)s : %(problems)s.") % {"line": line, "problems": ", ".join(problems)})
        return None
    return Member(
        siret=siret,
        company=values["entreprise"][:200],
        email=values["email"].lower(),
        town=values["commune"][:80],
        sector=values["secteur"][:80],
    )


def members_parse(*, data: bytes) -> list[Member]:
    """The members of a CSV file, or MemberImportError listing its faulty lines (nothing is saved)."""
    reader = _reader(data)
    missing = [column for column in COLUMNS if column not in reader.fieldnames]
    if missing:
        raise MemberImportError(
            [
                _("Colonnes manquantes : %(columns)s (attendues : %(all)s).")
                % {"columns": ", ".join(missing), "all": ";".join(COLUMNS)}
            ]
        )
    members: dict[str, Member] = {}
    errors: list[str] = []
    for line, row in enumerate(reader, start=2):
        member = _row_member(row, line, errors)
        if member is not None:
            # The same SIRET twice: the later line wins, as a spreadsheet's last edit would.
            members[member.siret] = member
        if len(errors) >= MAX_ERRORS:
            errors.append(_("… fichier non importé : corrigez ces lignes et recommencez."))
            break
    if errors:
        raise MemberImportError(errors)
    if not members:
        raise MemberImportError([_("Le fichier ne contient aucune entreprise.")])
    return list(members.values())


@transaction.atomic
def members_import(*, data: bytes) -> MemberImport:
    """Add the file's members and update those already known (by SIRET), all or nothing; opt-outs are kept."""
    members = members_parse(data=data)
    known = set(Member.objects.filter(siret__in=[m.siret for m in members]).values_list("siret", flat=True))
    now = timezone.now()
    for member in members:
        member.imported_at = now
    Member.objects.bulk_create(
        members,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["siret"],
        update_fields=["company", "email", "town", "sector", "imported_at"],
    )
    return MemberImport(created=len(members) - len(known), updated=len(known))


@transaction.atomic
def member_opt_out(*, member_id: int) -> bool:
    """The member receives no survey email any more; True if this call opted them out (safe to repeat)."""
    return bool(Member.objects.filter(pk=member_id, opted_out_at__isnull=True).update(opted_out_at=timezone.now()))


@transaction.atomic
def members_mark_bounced(*, emails: list[str]) -> int:
    """Record addresses that bounced: no survey email goes to them any more."""
    cleaned = {email.strip().lower() for email in emails if email.strip()}
    return Member.objects.filter(email__in=cleaned, bounced_at__isnull=True).update(bounced_at=timezone.now())
