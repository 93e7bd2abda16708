"""A small survey to test with: five questions of each kind, two waves, members in two towns."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from surveys.models import Member, Survey, Wave
from surveys.questions import survey_questions

QUESTIONS = [
    ("single", {"label": "Ouvert ?", "required": True, "choices": ["Oui", "Non"]}),
    ("scale", {"label": "Activité", "required": True, "low": "Mauvaise", "high": "Bonne"}),
    ("number", {"label": "CA (%)", "required": True, "unit": "%", "min_value": 0, "max_value": 300}),
    ("multiple", {"label": "Aides", "required": False, "choices": ["PGE", "FSN", "Aucune"]}),
    ("text", {"label": "Commentaire", "required": False}),
]


def survey_create(*, slug: str = "test-enquete", waves: int = 2) -> Survey:
    survey = Survey(title="Enquête test", slug=slug, questions=QUESTIONS)
    survey.save()
    now = timezone.now()
    for number in range(1, waves + 1):
        # The last wave is open; the earlier ones closed a week apart.
        opens = now - timedelta(days=7 * (waves - number) + 1)
        Wave.objects.create(survey=survey, number=number, opens_at=opens, closes_at=opens + timedelta(days=6, hours=23))
    return survey


def members_create(count: int, *, town: str = "Vienne", sector: str = "Services", start: int = 0) -> list[Member]:
    return Member.objects.bulk_create(
        [
            Member(
                siret=f"8{start + number:013d}",
                company=f"Société {start + number}",
                email=f"membre{start + number}@exemple.fr",
                town=town,
                sector=sector,
            )
            for number in range(count)
        ]
    )


def ids(survey: Survey) -> dict[str, str]:
    """Question id by kind."""
    return {question.kind: question.id for question in survey_questions(survey)}


def post_data(survey: Survey, *, single="Oui", scale="4", number="80", multiple=("PGE",), text="") -> dict:
    q = ids(survey)
    data = {q["single"]: single, q["scale"]: scale, q["number"]: number, q["text"]: text}
    data[q["multiple"]] = list(multiple)
    return data
