"""Writes of the restart checklist: a signed-in owner's answers, kept with the scores they gave."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from ..models import Checklist, ChecklistAnswer
from ..scoring import Diagnosis, diagnose, item_ids
from ..selectors.checklists import checklist_sections


def checklist_diagnose(*, checklist: Checklist, done: Iterable[str]) -> tuple[list[str], Diagnosis]:
    """The ids of the checklist's items among `done` (anything else is dropped), and their diagnosis."""
    sections = checklist_sections(checklist)
    known = item_ids(sections)
    kept = sorted({str(item) for item in done if str(item) in known})
    return kept, diagnose(sections=sections, done=kept)


@transaction.atomic
def checklist_answer_save(*, checklist: Checklist, user, done: Iterable[str]) -> tuple[ChecklistAnswer, Diagnosis]:
    """Keep one filling of the checklist by a signed-in owner, with its scores then (to compare over time)."""
    kept, diagnosis = checklist_diagnose(checklist=checklist, done=done)
    answer = ChecklistAnswer.objects.create(
        checklist=checklist,
        user=user,
        done=kept,
        score=diagnosis.percent,
        section_scores=[{"title": s.title, "percent": s.percent} for s in diagnosis.sections],
    )
    return answer, diagnosis
