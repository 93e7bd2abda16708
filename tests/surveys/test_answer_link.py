"""A member answers a wave from the personal link of the email: once, with their town and sector."""

import pytest
from django.urls import reverse

from surveys.links import answer_token
from surveys.models import Answer, Response

from .builders import ids, members_create, post_data, survey_create

pytestmark = pytest.mark.django_db


def _url(member, wave):
    return reverse("surveys:answer", kwargs={"token": answer_token(member_id=member.pk, wave_id=wave.pk)})


def test_member_answers_once_and_answers_carry_town_and_sector(client):
    survey = survey_create()
    wave = survey.waves.get(number=2)
    [member] = members_create(1, town="Crémieu", sector="Artisanat")
    page = client.get(_url(member, wave))
    assert page.status_code == 200
    assert "Ouvert ?" in page.content.decode()

    done = client.post(_url(member, wave), post_data(survey, multiple=("PGE", "FSN"), text="Tenez bon"))
    assert done.status_code == 200
    assert "data-thanks" in done.content.decode()
    response = Response.objects.get(wave=wave, member=member)
    assert (response.town, response.sector) == ("Crémieu", "Artisanat")
    q = ids(survey)
    answers = Answer.objects.filter(response=response)
    assert sorted(answers.filter(question=q["multiple"]).values_list("option", flat=True)) == ["FSN", "PGE"]
    assert answers.get(question=q["scale"]).number == 4
    assert answers.get(question=q["number"]).number == 80
    assert set(answers.values_list("town", "sector")) == {("Crémieu", "Artisanat")}

    again = client.post(_url(member, wave), post_data(survey, single="Non"))
    assert "data-already" in again.content.decode()
    assert Response.objects.filter(wave=wave, member=member).count() == 1
    assert answers.get(question=q["single"]).option == "Oui"


def test_invalid_answers_are_refused_in_french_and_nothing_is_saved(client):
    survey = survey_create()
    wave = survey.waves.get(number=2)
    [member] = members_create(1)
    page = client.post(_url(member, wave), post_data(survey, scale="9", number="-5"))
    assert page.status_code == 400
    body = page.content.decode()
    assert "Certaines réponses sont à corriger" in body
    assert not Response.objects.filter(member=member).exists()


def test_a_tampered_link_or_another_wave_is_not_found(client):
    survey = survey_create()
    wave = survey.waves.get(number=2)
    [member] = members_create(1)
    assert client.get(_url(member, wave)[:-3] + "xx/").status_code == 404
    assert client.get(reverse("surveys:answer", kwargs={"token": "nimporte:quoi"})).status_code == 404


def test_a_closed_wave_takes_no_answer(client):
    survey = survey_create()
    closed = survey.waves.get(number=1)
    [member] = members_create(1)
    page = client.post(_url(member, closed), post_data(survey))
    assert page.status_code == 410
    assert "data-closed" in page.content.decode()
    assert not Response.objects.filter(member=member).exists()
