"""What the staff's survey screens show: waves with their counts, the member list's state, a wave's results."""

from __future__ import annotations

from django.db.models import Count, Q

from ..models import Answer, Mailing, Member, Survey, Wave


def members_summary() -> dict[str, int]:
    """How many members, and how many can no longer be reached (opted out, bounced)."""
    return Member.objects.aggregate(
        total=Count("pk"),
        opted_out=Count("pk", filter=Q(opted_out_at__isnull=False)),
        bounced=Count("pk", filter=Q(bounced_at__isnull=False)),
    )


def surveys_overview() -> list[Survey]:
    """Every survey with its waves, each wave with its response and invitation counts (three queries)."""
    surveys = list(Survey.objects.order_by("-created_at"))
    waves = (
        Wave.objects.filter(survey__in=surveys)
        .annotate(
            response_count=Count("responses", distinct=True),
            invited_count=Count("invitations", distinct=True),
        )
        .order_by("survey_id", "number")
    )
    by_survey: dict[int, list[Wave]] = {}
    for wave in waves:
        by_survey.setdefault(wave.survey_id, []).append(wave)
    for survey in surveys:
        survey.wave_list = by_survey.get(survey.pk, [])
    return surveys


def mailings_recent(*, limit: int = 10) -> list[Mailing]:
    return list(Mailing.objects.select_related("wave__survey").order_by("-created_at")[:limit])


def wave_texts(*, wave: Wave) -> list[Answer]:
    """The free-text answers of a wave, for staff only (with the member's town and sector, never the name)."""
    return list(Answer.objects.filter(wave=wave).exclude(text="").order_by("question", "pk"))
