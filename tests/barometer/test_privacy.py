"""The small-group rule: no group under five answers (or shops) is shown, nor can be found by subtraction."""

import pytest
from django.urls import reverse

from barometer.privacy import Group, groups_publishable
from barometer.services import wave_summary_refresh
from surveys.questions import survey_questions
from surveys.services.responses import response_submit
from tests.surveys.builders import members_create, survey_create

pytestmark = pytest.mark.django_db


def _shown(sizes: dict[str, int]) -> dict[str, int]:
    groups = [Group(label=label, size=size, values={"n": size}) for label, size in sizes.items()]
    return {group.label: group.size for group in groups_publishable(groups)}


def test_small_groups_join_autres():
    assert _shown({"Vienne": 10, "Crémieu": 3, "Jallieu": 4}) == {"Vienne": 10, "autres": 7}


def test_when_autres_would_be_too_small_the_smallest_shown_group_joins_it():
    # Showing Vienne and Jallieu would give Crémieu's 2 by subtraction from the total.
    assert _shown({"Vienne": 10, "Jallieu": 8, "Crémieu": 2}) == {"Vienne": 10, "autres": 10}


def test_a_lone_small_group_shows_nothing():
    assert _shown({"Crémieu": 4}) == {}
    assert _shown({"Vienne": 5}) == {"Vienne": 5}


def test_the_page_never_shows_a_town_of_fewer_than_five_answers(client, page_cache_off):
    survey = survey_create(slug="petits-groupes")
    wave = survey.waves.get(number=2)
    questions = survey_questions(survey)
    scale = next(q for q in questions if q.kind == "scale")
    members = members_create(6, town="Vienne") + members_create(2, town="Crémieu", start=100)
    members += members_create(1, town="Pont-de-Chéruy", start=200)
    for member in members:
        response_submit(wave=wave, member=member, questions=questions, answers={scale.id: 5})
    wave_summary_refresh(wave_id=wave.pk)
    page = client.get(reverse("barometer:index"), {"enquete": "petits-groupes"}).content.decode()
    assert 'data-respondents="9"' in page
    town_table = page.split(f'data-table="q{scale.id[:8]}-town"', 1)[1].split("</figure>", 1)[0]
    # Crémieu (2) and Pont-de-Chéruy (1) would be 3 in "autres", so Vienne joins them: only "autres 9".
    assert "Crémieu" not in town_table and "Pont-de-Chéruy" not in town_table and "Vienne" not in town_table
    assert "autres" in town_table
    # Nor may a filter single a small town out, nor offer it.
    small = client.get(reverse("barometer:index"), {"enquete": "petits-groupes", "commune": "Crémieu"}).content.decode()
    assert "data-hidden" in small and "data-respondents" not in small
    assert "<option selected>Crémieu</option>" not in small
