"""Reads of the restart checklists: a checklist as plain sections, an owner's answers, the aggregated results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Max, QuerySet

from ..models import Checklist, ChecklistAnswer
from ..scoring import Item, Section


def checklists_live() -> QuerySet[Checklist]:
    return Checklist.objects.filter(live=True)


def checklist_live_get(*, slug: str) -> Checklist | None:
    return Checklist.objects.filter(slug=slug[:80], live=True).first()


def checklist_sections(checklist: Checklist) -> tuple[Section, ...]:
    """The checklist's sections and items as plain values (ids are the blocks' own, stable across edits)."""
    sections = []
    for block in checklist.sections:
        value = block.value
        items = []
        for child in value["items"].bound_blocks:
            item = child.value
            guide = item.get("guide")
            guide_url = guide.url if guide is not None and guide.live else ""
            items.append(
                Item(
                    id=str(child.id),
                    label=item["label"],
                    advice=item["advice"],
                    weight=item["weight"] or 1,
                    guide_url=guide_url or "",
                )
            )
        sections.append(Section(title=value["title"], items=tuple(items)))
    return tuple(sections)


def answers_of(*, checklist: Checklist, user) -> QuerySet[ChecklistAnswer]:
    """A signed-in owner's fillings of a checklist, newest first."""
    if not user.is_authenticated:
        return ChecklistAnswer.objects.none()
    return ChecklistAnswer.objects.filter(checklist=checklist, user=user)


@dataclass(frozen=True)
class ItemShare:
    label: str
    done: int
    respondents: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.respondents) if self.respondents else 0


@dataclass(frozen=True)
class SectionShares:
    title: str
    items: tuple[ItemShare, ...]


def checklist_results(*, checklist: Checklist) -> tuple[int, tuple[SectionShares, ...]]:
    """(businesses that answered, per section the share of them that has done each item).

    Each business counts once, with its latest answer; nobody's own answers are returned.
    """
    latest = ChecklistAnswer.objects.filter(checklist=checklist).values("user").annotate(last=Max("pk")).values("last")
    done_lists = ChecklistAnswer.objects.filter(pk__in=latest).values_list("done", flat=True)
    counter: Counter[str] = Counter()
    respondents = 0
    for done in done_lists.iterator():
        respondents += 1
        counter.update(set(done or []))
    sections = tuple(
        SectionShares(
            title=section.title,
            items=tuple(ItemShare(label=i.label, done=counter[i.id], respondents=respondents) for i in section.items),
        )
        for section in checklist_sections(checklist)
    )
    return respondents, sections
