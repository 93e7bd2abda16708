"""The diagnosis of a restart checklist, as plain functions over plain values (cheap to test).

Each item has a weight; a section's score is the share of its weight that is done, the overall score the
share of the whole checklist's weight. What is missing comes with its advice, heaviest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    advice: str = ""
    weight: int = 1
    guide_url: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class SectionScore:
    title: str
    earned: int
    total: int
    done_count: int
    item_count: int
    missing: tuple[Item, ...]

    @property
    def percent(self) -> int:
        return percent(self.earned, self.total)


@dataclass(frozen=True)
class Diagnosis:
    sections: tuple[SectionScore, ...]

    @property
    def earned(self) -> int:
        return sum(section.earned for section in self.sections)

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections)

    @property
    def percent(self) -> int:
        return percent(self.earned, self.total)

    @property
    def missing_count(self) -> int:
        return sum(len(section.missing) for section in self.sections)


def percent(earned: int, total: int) -> int:
    """earned / total as a whole percentage, rounded half up; 0 when there is nothing to score."""
    if total <= 0:
        return 0
    return (200 * earned + total) // (2 * total)


def diagnose(*, sections: Iterable[Section], done: Iterable[str]) -> Diagnosis:
    """Score each section and the whole from the ids of the items done; unknown ids are ignored."""
    done = set(done)
    scores = []
    for section in sections:
        weight = [max(int(item.weight), 0) for item in section.items]
        checked = [item.id in done for item in section.items]
        missing = sorted(
            (item for item, is_done in zip(section.items, checked, strict=True) if not is_done),
            key=lambda item: -item.weight,
        )
        scores.append(
            SectionScore(
                title=section.title,
                earned=sum(w for w, is_done in zip(weight, checked, strict=True) if is_done),
                total=sum(weight),
                done_count=sum(checked),
                item_count=len(section.items),
                missing=tuple(missing),
            )
        )
    return Diagnosis(sections=tuple(scores))


def item_ids(sections: Iterable[Section]) -> set[str]:
    return {item.id for section in sections for item in section.items}
