"""A survey's questions as plain values (id, kind, label, choices), read from its StreamField."""

from __future__ import annotations

from dataclasses import dataclass

from .models import CHOICE_KINDS, NUMERIC_KINDS

SCALE = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: str
    help: str
    required: bool
    choices: tuple[str, ...] = ()
    unit: str = ""
    low: str = ""
    high: str = ""
    min_value: float | None = None
    max_value: float | None = None

    @property
    def counted(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def averaged(self) -> bool:
        return self.kind in NUMERIC_KINDS


def _number(value) -> float | None:
    return None if value in (None, "") else float(value)


def survey_questions(survey) -> list[Question]:
    """The questions of a survey in the editor's order."""
    questions = []
    for block in survey.questions:
        value = block.value
        kind = block.block_type
        choices = tuple(value.get("choices") or ()) if kind in ("single", "multiple") else ()
        questions.append(
            Question(
                id=str(block.id),
                kind=kind,
                label=value["label"],
                help=value.get("help") or "",
                required=bool(value.get("required")),
                choices=SCALE if kind == "scale" else choices,
                unit=value.get("unit") or "",
                low=value.get("low") or "",
                high=value.get("high") or "",
                min_value=_number(value.get("min_value")),
                max_value=_number(value.get("max_value")),
            )
        )
    return questions
