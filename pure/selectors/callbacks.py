"""Reads of the call-back queue: filtered lists, the waiting counter, the requests late by a working day."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from ..models import CallbackRequest, HotlineClosure, Topic
from ..workdays import working_day_before

Status = CallbackRequest.Status
WAITING = (Status.NEW, Status.ASSIGNED)
AGES = ("today", "late", "week")


def overdue_cutoff(*, now: datetime) -> datetime:
    """Requests made at or before this moment have waited a working day (pure.workdays)."""
    closures = HotlineClosure.objects.filter(
        ends_on__gte=(now - timedelta(days=30)).date(), starts_on__lte=now.date()
    ).values_list("starts_on", "ends_on")
    return working_day_before(now, closures=list(closures))


def callbacks_overdue(*, now: datetime) -> QuerySet[CallbackRequest]:
    """Waiting requests (new or assigned) made at least one working day ago."""
    return CallbackRequest.objects.filter(status__in=WAITING, created_at__lte=overdue_cutoff(now=now))


def callback_queue(
    *, status: str = "", topic: str = "", age: str = "", now: datetime | None = None
) -> QuerySet[CallbackRequest]:
    """The queue, oldest first; unknown filter values are ignored. Without a status: the waiting requests."""
    now = now or timezone.now()
    requests = CallbackRequest.objects.select_related("adviser").annotate(note_count=Count("notes"))
    if status == "all":
        pass
    elif status in Status.values:
        requests = requests.filter(status=status)
    else:
        requests = requests.filter(status__in=WAITING)
    if topic in Topic.values:
        requests = requests.filter(topic=topic)
    if age == "today":
        midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        requests = requests.filter(created_at__gte=midnight)
    elif age == "late":
        requests = requests.filter(created_at__lte=overdue_cutoff(now=now))
    elif age == "week":
        requests = requests.filter(created_at__lte=now - timedelta(days=7))
    return requests.order_by("created_at", "pk")


def callback_counts() -> dict[str, int]:
    """How many requests in each state, and `waiting` (new + assigned): the counter the queue shows."""
    counts = dict(CallbackRequest.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    result = {value: counts.get(value, 0) for value in Status.values}
    result["waiting"] = sum(counts.get(value, 0) for value in WAITING)
    result["late"] = callbacks_overdue(now=timezone.now()).count()
    return result


def callback_detail(*, pk: int) -> CallbackRequest | None:
    return (
        CallbackRequest.objects.select_related("adviser", "user", "checklist")
        .prefetch_related("notes__author")
        .filter(pk=pk)
        .first()
    )
