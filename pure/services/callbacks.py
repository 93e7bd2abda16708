"""Call-back requests: a business owner asks, advisers assign, call back, note and close; the team is
reminded of requests that have waited a working day."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kernel.accounts.groups import STAFF
from kernel.emails import email_send
from shops.phone import phone_normalize
from shops.validators import normalize_siret, validate_clean_text, validate_siret

from ..models import CallbackNote, CallbackRequest, Checklist, Topic
from ..selectors.callbacks import callbacks_overdue
from ..selectors.hotline import hotline_info

# No 0/O, 1/I/L: a reference is read out over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 6
NOTE_MAX = 2000
MESSAGE_MAX = 1000
Status = CallbackRequest.Status
# Where a request may go from each state; "assigned" again is a hand-over to another adviser.
TRANSITIONS = {
    Status.NEW: {Status.ASSIGNED, Status.CALLED, Status.CLOSED},
    Status.ASSIGNED: {Status.ASSIGNED, Status.CALLED, Status.CLOSED},
    Status.CALLED: {Status.CLOSED},
    Status.CLOSED: set(),
}


@dataclass(frozen=True)
class CallbackInput:
    name: str
    company: str
    siret: str
    phone: str
    email: str
    topic: str
    window: str = CallbackRequest.Window.ANY
    message: str = ""


def _clean(data: CallbackInput) -> dict:
    """The request's fields once checked, or ValidationError naming every wrong field."""
    errors: dict[str, list] = {}
    values = {}
    for field, limit in (("name", 120), ("company", 160), ("message", MESSAGE_MAX)):
        text = getattr(data, field).strip()
        try:
            validate_clean_text(text, max_length=limit)
            if not text and field != "message":
                raise ValidationError(_("Ce champ est obligatoire."))
        except ValidationError as error:
            errors[field] = error.messages
        values[field] = text
    checks = (
        ("siret", lambda v: (validate_siret(v), normalize_siret(v))[1]),
        ("phone", phone_normalize),
    )
    for field, check in checks:
        try:
            values[field] = check(getattr(data, field).strip())
            if not values[field]:
                raise ValidationError(_("Ce champ est obligatoire."))
        except ValidationError as error:
            errors[field] = error.messages
    if data.topic not in Topic.values:
        errors["topic"] = [_("Choisissez un sujet dans la liste.")]
    if data.window not in CallbackRequest.Window.values:
        errors["window"] = [_("Choisissez un créneau dans la liste.")]
    if errors:
        raise ValidationError(errors)
    return values | {"email": data.email.strip(), "topic": data.topic, "window": data.window}


def reference_new() -> str:
    return "AC-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(REFERENCE_LENGTH))


@transaction.atomic
def callback_request_create(
    *, data: CallbackInput, user=None, checklist: Checklist | None = None, language: str | None = None
) -> CallbackRequest:
    """Record a call-back request under a new reference and email its acknowledgement once committed."""
    values = _clean(data)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = CallbackRequest.objects.create(
                    reference=reference_new(),
                    user=user if user is not None and user.is_authenticated else None,
                    checklist=checklist,
                    **values,
                )
            break
        except IntegrityError:
            # A reference already taken (one chance in about 900 million): draw another.
            continue
    else:
        raise RuntimeError("no free call-back reference")
    hotline = hotline_info()
    context = {
        "reference": request.reference,
        "name": request.name,
        "topic": str(request.get_topic_display()),
        "window": str(request.get_window_display()),
        "hotline_phone": hotline.phone,
        "hotline_tel": hotline.tel,
    }
    language = language or get_language() or "fr"
    transaction.on_commit(
        lambda: email_send(to=[request.email], template="pure_callback_received", context=context, language=language)
    )
    return request


def _move(request: CallbackRequest, status: str) -> None:
    if status not in TRANSITIONS[Status(request.status)]:
        raise ValidationError(
            _("Cette demande est « %(status)s » : elle ne peut plus passer à « %(target)s ».")
            % {"status": request.get_status_display(), "target": Status(status).label}
        )
    request.status = status


def _note(request: CallbackRequest, *, author, text: str) -> CallbackNote | None:
    text = text.strip()
    if not text:
        return None
    validate_clean_text(text, max_length=NOTE_MAX)
    return CallbackNote.objects.create(request=request, author=author, text=text)


def _locked(request_id: int) -> CallbackRequest:
    return CallbackRequest.objects.select_for_update().get(pk=request_id)


@transaction.atomic
def callback_assign(*, request_id: int, adviser, actor, note: str = "") -> CallbackRequest:
    """Give a waiting request to an adviser of the support cell."""
    request = _locked(request_id)
    if adviser is None or not advisers().filter(pk=adviser.pk).exists():
        raise ValidationError({"adviser": [_("Choisissez un conseiller de l'équipe CCI.")]})
    _move(request, Status.ASSIGNED)
    request.adviser = adviser
    request.save(update_fields=["status", "adviser", "updated_at"])
    _note(request, author=actor, text=note)
    return request


@transaction.atomic
def callback_status_set(*, request_id: int, status: str, actor, note: str = "") -> CallbackRequest:
    """Mark a request called back or closed (with an optional note); an unassigned one goes to `actor`."""
    if status not in (Status.CALLED, Status.CLOSED):
        raise ValidationError(_("Statut inconnu."))
    request = _locked(request_id)
    _move(request, status)
    if request.adviser_id is None:
        request.adviser = actor
    request.save(update_fields=["status", "adviser", "updated_at"])
    _note(request, author=actor, text=note)
    return request


@transaction.atomic
def callback_note_add(*, request_id: int, author, text: str) -> CallbackNote:
    """Add an adviser's note to a request (any state: a closed request may still get a last word)."""
    request = _locked(request_id)
    if not text.strip():
        raise ValidationError({"text": [_("La note est vide.")]})
    return _note(request, author=author, text=text)


def advisers():
    """The support cell: active staff of the CCI staff group, who may take requests."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=STAFF)
        .order_by("first_name", "last_name", "email")
        .distinct()
    )


def _team_emails() -> list[str]:
    configured = list(getattr(settings, "PURE_TEAM_EMAILS", []) or [])
    return configured or sorted({email for email in advisers().values_list("email", flat=True) if email})


@transaction.atomic
def callback_reminders_send(*, now: datetime | None = None) -> int:
    """Email the team once about the requests still waiting after a working day; returns how many were due.

    Each request is in at most one reminder: the rows are locked (skipped if another run holds them)
    and marked in the same transaction, so two clocks running at once do not remind twice.
    """
    now = now or timezone.now()
    due = list(
        callbacks_overdue(now=now)
        .filter(reminded_at__isnull=True)
        .select_for_update(skip_locked=True)
        .order_by("created_at")
    )
    recipients = _team_emails()
    if not due or not recipients:
        return 0
    CallbackRequest.objects.filter(pk__in=[r.pk for r in due]).update(reminded_at=now)
    context = {
        "count": len(due),
        "queue_path": reverse("pure-support:queue") + "?age=late",
        "requests": [
            {
                "reference": r.reference,
                "company": r.company,
                "topic": str(r.get_topic_display()),
                "created_at": timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
                "path": reverse("pure-support:detail", args=[r.pk]),
            }
            for r in due
        ],
    }
    transaction.on_commit(
        lambda: email_send(to=recipients, template="pure_callback_reminder", context=context, language="fr")
    )
    return len(due)
