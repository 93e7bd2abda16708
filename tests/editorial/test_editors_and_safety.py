"""Editors use /cms/ only and submit to a senior editor who publishes; what they put in is made safe."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PilImage
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from editorial.models import ContentPage, LegalPage
from kernel.accounts import groups

from .helpers import home, html_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def senior_editor(django_db_setup):
    return get_user_model().objects.get(email="redaction@demo.enbasdemarue.fr")


def _denied(response) -> bool:
    return response.status_code in (302, 403) and (response.status_code == 403 or "login" in response["Location"])


def test_an_editor_cannot_open_the_dashboard(client, demo_users):
    client.force_login(demo_users["editor"])
    assert _denied(client.get("/dashboard/"))
    assert _denied(client.get("/dashboard/catalogue/"))
    assert client.get("/cms/").status_code == 200


@pytest.mark.parametrize("role", ["shopkeeper_a", "shopper"])
def test_a_shopkeeper_or_shopper_cannot_open_the_cms(client, demo_users, role):
    client.force_login(demo_users[role])
    assert _denied(client.get("/cms/"))
    assert _denied(client.get(f"/cms/pages/{home().pk}/"))


def _edit_form(page, **changes) -> dict:
    english = {"title_en": page.title_en, "intro_en": page.intro_en, "body_en-count": "0"}
    return {"title": page.title, "slug": page.slug, "intro": page.intro, "body-count": "0", **english, **changes}


def test_an_editor_submits_and_a_senior_editor_publishes(client, demo_users, senior_editor):
    page = home().add_child(instance=ContentPage(title="À relire", slug="a-relire", intro="Première version"))
    page.save_revision().publish()
    editor = demo_users["editor"]
    assert not page.permissions_for_user(editor).can_publish()
    assert page.get_workflow().name == groups.WORKFLOW_NAME

    client.force_login(editor)
    # An editor's "publish" is not obeyed: the page stays as it was.
    client.post(
        f"/cms/pages/{page.pk}/edit/", _edit_form(page, intro="Version publiée en douce", **{"action-publish": "1"})
    )
    assert ContentPage.objects.get(pk=page.pk).intro == "Première version"

    client.post(
        f"/cms/pages/{page.pk}/edit/", _edit_form(page, intro="Version relue par Tartempion", **{"action-submit": "1"})
    )
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert ContentPage.objects.get(pk=page.pk).intro == "Première version"

    task_state = state.current_task_state
    task = task_state.task.specific
    assert list(task.groups.values_list("name", flat=True)) == [groups.SENIOR_EDITORS]
    assert [name for name, *_ in task.get_actions(page, senior_editor)] and not task.get_actions(page, editor)
    task.on_action(task_state, senior_editor, "approve")
    assert ContentPage.objects.get(pk=page.pk).intro == "Version relue par Tartempion"
    assert "Version relue par Tartempion" in html_of(client.get(page.url))
    # Approved, it is searchable by its new words at once.
    assert "À relire" in html_of(client.get("/recherche/", {"q": "tartempion"}))


def test_rich_text_is_cleaned_of_scripts_handlers_and_javascript_links(client):
    hostile = (
        '<p onclick="steal()">Bonjour<script>alert(1)</script> <a href="javascript:alert(2)">piège</a> '
        '<a href="https://www.cci.fr/">CCI</a><img src="x" onerror="alert(3)"></p>'
    )
    page = home().add_child(instance=LegalPage(title="Piège", slug="piege", body=hostile))
    html = html_of(client.get(page.url))
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    for bad in ("<script", "onclick", "onerror", "javascript:", "<img"):
        assert bad not in article
    assert '<a href="https://www.cci.fr/">CCI</a>' in article and "Bonjour" in article


def _upload(client, name: str, content: bytes):
    return client.post(
        "/cms/images/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": "1", "tags": ""},
    )


def test_an_svg_picture_is_refused(client, senior_editor):
    client.force_login(senior_editor)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
    response = _upload(client, "logo.svg", svg)
    assert response.status_code == 200 and not get_image_model().objects.filter(title="logo.svg").exists()


def test_a_picture_over_forty_megapixels_is_refused_and_one_under_is_kept(client, senior_editor):
    client.force_login(senior_editor)

    def png(width, height) -> bytes:
        buffer = io.BytesIO()
        PilImage.new("1", (width, height)).save(buffer, "PNG")
        return buffer.getvalue()

    _upload(client, "trop-grande.png", png(8000, 5001))  # 40,008,000 pixels
    assert not get_image_model().objects.filter(title="trop-grande.png").exists()
    _upload(client, "petite.png", png(800, 500))
    assert get_image_model().objects.filter(title="petite.png").exists()
