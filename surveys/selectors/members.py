"""The open survey of a signed-in shopkeeper, found through the member list (their shop's SIRET or email)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from ..links import answer_url
from ..models import Member, Response, Wave


@dataclass(frozen=True)
class OpenSurvey:
    wave: Wave
    url: str
    answered: bool


def open_survey_for(*, siret: str = "", emails: tuple[str, ...] = ()) -> OpenSurvey | None:
    """The most recent open wave for the member with this SIRET (else one of these emails), if it still may answer."""
    match = Q(siret=siret) if siret else Q(pk__in=[])
    if emails:
        match |= Q(email__in=[email.lower() for email in emails if email])
    member = Member.objects.filter(match, opted_out_at__isnull=True).order_by("-siret").first() if match else None
    if member is None:
        return None
    now = timezone.now()
    wave = (
        Wave.objects.select_related("survey").filter(opens_at__lte=now, closes_at__gt=now).order_by("-opens_at").first()
    )
    if wave is None:
        return None
    answered = Response.objects.filter(wave=wave, member=member).exists()
    return OpenSurvey(wave=wave, url=answer_url(member_id=member.pk, wave_id=wave.pk), answered=answered)
