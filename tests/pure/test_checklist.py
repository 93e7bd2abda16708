"""The restart checklist: filled without JavaScript, diagnosed, kept for signed-in owners, aggregated for staff."""

import csv
import io

import pytest
from django.urls import reverse

from demo.pure import CHECKLIST_SLUG
from kernel.spreadsheets import csv_cell
from pure.models import Checklist, ChecklistAnswer
from pure.selectors.checklists import checklist_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist():
    return Checklist.objects.get(slug=CHECKLIST_SLUG)


@pytest.fixture
def items(checklist):
    return [item for section in checklist_sections(checklist) for item in section.items]


def url(checklist):
    return reverse("pure:checklist", args=[checklist.slug])


def test_page_is_a_plain_form_of_checkboxes(client, checklist, items):
    page = client.get(url(checklist)).content.decode()
    assert page.count('type="checkbox" name="item"') == len(items) == 13
    assert "Hygiène et protection" in page and "Vente à distance" in page


def test_anonymous_owner_gets_a_diagnosis_and_nothing_is_kept(client, checklist, items):
    before = ChecklistAnswer.objects.count()
    gel = items[0]  # weight 3 of the hygiene section's 9
    response = client.post(url(checklist), {"item": [gel.id, "made-up", "<script>"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-section-score="33"' in page  # 3 / 9
    total = sum(item.weight for item in items)
    assert f'data-score="{round(100 * 3 / total)}"' in page
    # Advice for what is missing, and a call-back about the checklist's topic.
    assert items[1].advice.split(" ;")[0][:40] in page
    assert reverse("pure:callback") + f"?sujet=reopening&amp;checklist={checklist.slug}" in page
    assert ChecklistAnswer.objects.count() == before


def test_signed_in_owner_answers_are_kept_resumed_and_compared(client, demo_users, checklist, items):
    owner = demo_users["shopper"]
    client.force_login(owner)
    response = client.post(url(checklist), {"item": [items[0].id, items[4].id]})
    answer = ChecklistAnswer.objects.filter(user=owner).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pure:diagnosis", args=[checklist.slug, answer.pk])
    assert sorted(answer.done) == sorted([items[0].id, items[4].id])
    # Coming back: the boxes are ticked as they were left.
    page = client.get(url(checklist)).content.decode()
    assert f'value="{items[0].id}" id="item-{items[0].id}" checked' in page
    assert f'value="{items[1].id}" id="item-{items[1].id}" checked' not in page
    # A second filling: both show in the history, to compare.
    client.post(url(checklist), {"item": [i.id for i in items]})
    latest = ChecklistAnswer.objects.filter(user=owner).first()
    page = client.get(reverse("pure:diagnosis", args=[checklist.slug, latest.pk])).content.decode()
    assert latest.score == 100
    assert "Vos diagnostics précédents" in page and f"{answer.score} %" in page


def test_someone_elses_diagnosis_is_404(client, demo_users, checklist):
    theirs = ChecklistAnswer.objects.filter(user=demo_users["shopkeeper_a"]).first()
    client.force_login(demo_users["shopper"])
    assert client.get(reverse("pure:diagnosis", args=[checklist.slug, theirs.pk])).status_code == 404


def test_a_diagnosis_address_asks_a_visitor_to_sign_in(client, demo_users, checklist):
    theirs = ChecklistAnswer.objects.filter(user=demo_users["shopkeeper_a"]).first()
    response = client.get(reverse("pure:diagnosis", args=[checklist.slug, theirs.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_unpublished_or_unknown_checklist_is_404(client, checklist):
    checklist.live = False
    checklist.save()
    assert client.get(url(checklist)).status_code == 404
    assert client.post(url(checklist), {"item": "x"}).status_code == 404
    assert client.get("/pure/check-list/%C3%A9%00/").status_code == 404


def test_results_are_aggregated_per_business_and_exported_as_csv(client, demo_users, checklist, items):
    client.force_login(demo_users["staff"])
    page = client.get(reverse("pure-support:checklist-results", args=[checklist.pk])).content.decode()
    # The demo: the boulangerie answered twice (its latest counts), the fromagerie once.
    assert "2 entreprises ont répondu" in page
    response = client.get(reverse("pure-support:checklist-csv", args=[checklist.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Section"
    by_label = {row[1]: row for row in rows[1:]}
    # Gel: done by both; the solidarity fund: by the fromagerie only; the screen: by neither.
    assert by_label[items[0].label][2:] == ["2", "2", "100"]
    assert by_label[items[8].label][2:] == ["1", "2", "50"]
    assert by_label[items[3].label][2:] == ["0", "2", "0"]
    assert "boulangerie" not in response.content.decode()


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, demo_users, checklist):
    data = checklist.sections.raw_data
    data[0]["value"]["title"] = '=HYPERLINK("http://evil")'
    data[0]["value"]["items"][0]["value"]["label"] = "@SUM(A1)"
    checklist.save()
    client.force_login(demo_users["staff"])
    body = client.get(reverse("pure-support:checklist-csv", args=[checklist.pk])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][1] == "'@SUM(A1)"
    assert [csv_cell(v) for v in ("-1", "+1", "ok", "\tx")] == ["'-1", "'+1", "ok", "'\tx"]


@pytest.mark.parametrize("role", ["shopper", "shopkeeper_a", "editor"])
def test_results_are_for_staff_only(client, demo_users, checklist, role):
    client.force_login(demo_users[role])
    assert client.get(reverse("pure-support:checklists")).status_code == 403
    assert client.get(reverse("pure-support:checklist-results", args=[checklist.pk])).status_code == 404
    assert client.get(reverse("pure-support:checklist-csv", args=[checklist.pk])).status_code == 404


def test_editors_build_checklists_in_the_cms_and_shoppers_cannot(client, demo_users):
    client.force_login(demo_users["editor"])
    response = client.get(reverse("wagtailsnippets_pure_checklist:list"))
    assert response.status_code == 200
    assert client.get(reverse("wagtailsnippets_pure_checklist:add")).status_code == 200
    client.force_login(demo_users["shopkeeper_a"])
    assert client.get(reverse("wagtailsnippets_pure_checklist:list")).status_code in (302, 403)
