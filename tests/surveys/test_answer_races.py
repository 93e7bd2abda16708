"""One answer per member per wave, whatever the number of simultaneous submissions of the same link.

Real threads, each with its own connection to a private copy of the test database (tests/orders/racedb.py),
released at once; repeated, since a race shows up once in many runs. Run on PostgreSQL as well:
DATABASE_URL=postgres://…/enbas_surveys pytest tests/surveys/test_answer_races.py
"""

import pytest
from django.test import Client

from surveys.links import answer_token
from surveys.models import Answer, Response

from .builders import members_create, post_data, survey_create

ROUNDS = 8
SUBMITTERS = 20


@pytest.mark.django_db
def test_races_start_from_the_migrated_test_database():
    """Also makes pytest-django set the test database up when this module runs on its own."""
    assert Response.objects.model._meta.db_table == "surveys_response"


def _setup() -> tuple[list[str], dict]:
    survey = survey_create(slug="course")
    wave = survey.waves.get(number=2)
    members = members_create(ROUNDS, town="Vienne", start=9000)
    urls = [f"/enquetes/{answer_token(member_id=m.pk, wave_id=wave.pk)}/" for m in members]
    return urls, post_data(survey)


def _submit(url: str, data: dict) -> str:
    page = Client().post(url, data)
    body = page.content.decode()
    return f"{page.status_code}:{'thanks' if 'data-thanks' in body else 'already' if 'data-already' in body else '?'}"


def _counts(url: str) -> tuple[int, int]:
    from surveys.links import answer_token_read

    member_id, wave_id = answer_token_read(url.split("/")[2])
    responses = Response.objects.filter(member_id=member_id, wave_id=wave_id)
    return responses.count(), Answer.objects.filter(response__in=responses).count()


def test_simultaneous_submissions_of_one_link_save_one_response(race):
    urls, data = race.call(_setup)
    for url in urls:
        outcomes = race.all_at_once([lambda url=url: _submit(url, data) for _ in range(SUBMITTERS)])
        assert [o.error for o in outcomes if o.error] == []
        results = sorted(o.value for o in outcomes)
        # One thanks, the others told the company already answered: never an error page.
        assert results.count("200:thanks") == 1, results
        assert results.count("200:already") == SUBMITTERS - 1, results
        responses, answers = race.call(_counts, url)
        assert responses == 1
        assert answers == 4  # single, scale, number, one aid (no text)
