"""Editors build surveys in /cms/ (a snippet: questions as blocks, waves inline); they never see the answers."""

import pytest
from django.urls import reverse

from surveys.models import Survey

pytestmark = pytest.mark.django_db


def test_editors_open_the_survey_forms_and_not_the_staff_screens(client, demo_users):
    client.force_login(demo_users["editor"])
    survey = Survey.objects.get(slug="barometre-reprise")
    assert client.get("/cms/snippets/surveys/survey/").status_code == 200
    assert client.get("/cms/snippets/surveys/survey/add/").status_code == 200
    edit = client.get(f"/cms/snippets/surveys/survey/edit/{survey.pk}/")
    assert edit.status_code == 200
    assert "Choix unique" in edit.content.decode() and "Vagues" in edit.content.decode()
    assert client.get(reverse("surveys-staff:index")).status_code in (302, 403)
