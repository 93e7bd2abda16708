"""A member's answers to a wave: saved once, with their town and sector, or refused."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Answer, Member, Response, Wave
from ..questions import Question
from ..signals import response_submitted


class AlreadyAnswered(Exception):
    """This member has already answered this wave."""


class WaveClosed(Exception):
    """The wave is not open (not yet, or no longer)."""


def _answer_rows(*, questions: list[Question], answers: dict) -> list[dict]:
    rows = []
    for question in questions:
        value = answers.get(question.id)
        if value in (None, "", []):
            continue
        if question.kind == "multiple":
            rows += [{"question": question.id, "option": option} for option in value]
        elif question.kind == "single":
            rows.append({"question": question.id, "option": value})
        elif question.kind == "scale":
            rows.append({"question": question.id, "option": str(value), "number": float(value)})
        elif question.kind == "number":
            rows.append({"question": question.id, "number": float(value)})
        else:
            rows.append({"question": question.id, "text": str(value)[:2000]})
    return rows


def response_submit(*, wave: Wave, member: Member, questions: list[Question], answers: dict, now=None) -> Response:
    """Save the member's answers (already validated) to the wave; AlreadyAnswered if they did, WaveClosed if shut.

    The unique constraint on (wave, member) decides between two simultaneous submissions of one link."""
    now = now or timezone.now()
    if not wave.is_open(now):
        raise WaveClosed
    try:
        with transaction.atomic():
            response = Response.objects.create(
                wave=wave, member=member, town=member.town, sector=member.sector, submitted_at=now
            )
            Answer.objects.bulk_create(
                [
                    Answer(response=response, wave=wave, town=member.town, sector=member.sector, **row)
                    for row in _answer_rows(questions=questions, answers=answers)
                ]
            )
            response_submitted.send(sender=Response, wave_id=wave.pk)
    except IntegrityError as error:
        if Response.objects.filter(wave=wave, member=member).exists():
            raise AlreadyAnswered from error
        raise
    return response
