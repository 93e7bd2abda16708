"""The barometer's survey figures match hand-computed ones: distribution, averages, change from the previous
wave, per town and per sector, kept up to date by the task a response queues; as tables and CSV."""

import csv
import io

import pytest
from django.urls import reverse

from barometer.models import ALL, SurveyCell
from surveys.questions import survey_questions
from surveys.services.responses import response_submit
from tests.surveys.builders import members_create, survey_create

pytestmark = pytest.mark.django_db


def _answer(wave, member, questions, **values):
    by_kind = {q.kind: q.id for q in questions}
    answers = {by_kind[kind]: value for kind, value in values.items()}
    # Wave 1 is closed now: its answers are saved as of a moment it was open.
    response_submit(wave=wave, member=member, questions=questions, answers=answers, now=wave.opens_at)


@pytest.fixture
def two_waves(django_capture_on_commit_callbacks):
    survey = survey_create(slug="calculs")
    questions = survey_questions(survey)
    wave1, wave2 = survey.waves.order_by("number")
    vienne = members_create(5, town="Vienne", sector="Services")
    cremieu = members_create(5, town="Crémieu", sector="Artisanat", start=50)
    with django_capture_on_commit_callbacks(execute=True):
        for member, scale, single in zip(vienne, (1, 2, 3, 4, 5), ("Oui", "Oui", "Oui", "Non", "Non"), strict=True):
            _answer(wave1, member, questions, scale=scale, single=single, number=50)
        for member in vienne:
            _answer(wave2, member, questions, scale=4, single="Oui", number=80, multiple=["PGE", "FSN"])
        for member in cremieu:
            _answer(wave2, member, questions, scale=2, single="Non", number=40, multiple=["Aucune"])
    return survey, questions


def test_the_summary_rows_follow_each_response(two_waves):
    survey, questions = two_waves
    wave2 = survey.waves.get(number=2)
    scale = next(q for q in questions if q.kind == "scale")
    total = SurveyCell.objects.get(wave=wave2, question=scale.id, option="", town=ALL, sector=ALL)
    assert (total.count, total.total) == (10, 5 * 4 + 5 * 2)
    assert SurveyCell.objects.get(wave=wave2, question="", option="", town="Crémieu", sector=ALL).count == 5
    assert (
        SurveyCell.objects.get(wave=wave2, question=scale.id, option="4", town="Vienne", sector="Services").count == 5
    )


def test_the_page_shows_averages_shares_and_change(client, two_waves, page_cache_off):
    survey, questions = two_waves
    scale = next(q for q in questions if q.kind == "scale")
    single = next(q for q in questions if q.kind == "single")
    page = client.get(reverse("barometer:index"), {"enquete": "calculs", "commune": "Vienne"}).content.decode()
    assert 'data-respondents="5"' in page
    card = page.split(f'data-question="{scale.id}"', 1)[1].split("</article>", 1)[0]
    # Vienne: wave 1 averaged (1+2+3+4+5)/5 = 3, wave 2 4: +1.
    assert "data-average>4<" in card and "+1" in card
    csv_rows = _csv(client, {"enquete": "calculs", "commune": "Vienne", "csv": f"q{single.id[:8]}"})
    # "Oui": 3 of 5 in wave 1 (60 %), 5 of 5 in wave 2 (100 %): +40 points.
    assert csv_rows[0][:3] == ["Réponse", "Réponses", "Part (%)"]
    assert csv_rows[1] == ["Oui", "5", "100.0", "40.0"]
    everywhere = _csv(client, {"enquete": "calculs", "csv": f"q{scale.id[:8]}-town"})
    assert sorted(row[:3] for row in everywhere[1:]) == [["Crémieu", "5", "2.0"], ["Vienne", "5", "4.0"]]
    sectors = _csv(client, {"enquete": "calculs", "csv": f"q{scale.id[:8]}-sector"})
    assert sorted(row[:3] for row in sectors[1:]) == [["Artisanat", "5", "2.0"], ["Services", "5", "4.0"]]


def test_csv_cells_cannot_run_as_formulas(client, two_waves, page_cache_off):
    survey, questions = two_waves
    blocks = list(survey.questions.raw_data)
    blocks[0]["value"]["choices"] = ['=HYPERLINK("http://x")', "Non"]
    survey.questions = blocks
    survey.save()
    single = next(q for q in survey_questions(survey) if q.kind == "single")
    rows = _csv(client, {"enquete": "calculs", "csv": f"q{single.id[:8]}"})
    assert rows[1][0].startswith("'=")


def test_the_page_keeps_to_its_query_budget(client, two_waves, page_cache_off, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        page = client.get(reverse("barometer:index"), {"enquete": "calculs"})
    assert page.status_code == 200


def test_an_unknown_table_or_wave_is_harmless(client, two_waves, page_cache_off):
    assert client.get(reverse("barometer:index"), {"csv": "nope"}).status_code == 404
    assert client.get(reverse("barometer:index"), {"enquete": "calculs", "vague": "99999999"}).status_code == 200
    assert client.get(reverse("barometer:index"), {"vague": "abc", "commune": "x" * 500}).status_code == 200


def _csv(client, params) -> list[list[str]]:
    response = client.get(reverse("barometer:index"), params)
    assert response.status_code == 200, params
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
