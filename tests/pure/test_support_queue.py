"""The support cell's call-back queue: staff only, assign / call back / close / notes, filters, the counter,
and the reminder to the team for requests waiting a working day (manage.py pure_jobs)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from demo.pure import CALLBACKS
from pure.models import CallbackNote, CallbackRequest
from pure.services.callbacks import callback_reminders_send

from .conftest import paris

pytestmark = pytest.mark.django_db

Status = CallbackRequest.Status


@pytest.fixture(autouse=True)
def demo_ages():
    """The demo requests' ages as demo/pure.py says, counted from now (the test database is kept for days)."""
    now = timezone.now()
    for reference, _company, _topic, _status, days_ago, _note in CALLBACKS:
        CallbackRequest.objects.filter(reference=reference).update(created_at=now - timedelta(days=days_ago))


@pytest.fixture
def waiting():
    return CallbackRequest.objects.get(reference="AC-DEMO01")


def urls(pk):
    return {
        "queue": ("get", reverse("pure-support:queue"), {}),
        "detail": ("get", reverse("pure-support:detail", args=[pk]), {}),
        "assign": ("post", reverse("pure-support:assign", args=[pk]), {"adviser": "1"}),
        "status": ("post", reverse("pure-support:status", args=[pk]), {"status": "closed"}),
        "note": ("post", reverse("pure-support:note", args=[pk]), {"text": "Intrus"}),
    }


@pytest.mark.parametrize("role", ["shopper", "shopkeeper_a", "editor"])
def test_nobody_but_cci_staff_gets_in(client, demo_users, waiting, role):
    client.force_login(demo_users[role])
    for name, (method, url, data) in urls(waiting.pk).items():
        response = getattr(client, method)(url, data)
        # The list's address is in the menu's code: 403; one request's pages do not say it exists: 404.
        assert response.status_code == (403 if name == "queue" else 404), name
    waiting.refresh_from_db()
    assert waiting.status == Status.NEW and waiting.adviser is None
    assert not CallbackNote.objects.filter(text="Intrus").exists()


def test_anonymous_visitors_go_to_the_dashboard_login(client, waiting):
    for name, (method, url, data) in urls(waiting.pk).items():
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("dashboard:login")), name
    waiting.refresh_from_db()
    assert waiting.status == Status.NEW


def test_staff_without_the_staff_group_is_not_an_adviser(client, django_user_model):
    user = django_user_model.objects.create_user("stray@example.org", "x")
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("pure-support:queue")).status_code == 403


def test_queue_lists_the_waiting_requests_oldest_first_with_the_counter(client, demo_users):
    client.force_login(demo_users["staff"])
    page = client.get(reverse("pure-support:queue")).content.decode()
    assert 'id="waiting-count"' in page and "3 en attente" in page
    refs = [ref for ref in ("AC-DEMO02", "AC-DEMO03", "AC-DEMO01") if ref in page]
    assert refs == ["AC-DEMO02", "AC-DEMO03", "AC-DEMO01"]
    assert page.index("AC-DEMO02") < page.index("AC-DEMO03") < page.index("AC-DEMO01")
    assert "AC-DEMO04" not in page and "AC-DEMO05" not in page


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("?topic=hr", ["AC-DEMO02"], ["AC-DEMO01", "AC-DEMO03"]),
        ("?status=closed", ["AC-DEMO05"], ["AC-DEMO01", "AC-DEMO04"]),
        ("?status=all", ["AC-DEMO01", "AC-DEMO05"], []),
        ("?age=late", ["AC-DEMO02"], ["AC-DEMO01"]),
        ("?status=%00&topic=<script>&age=x&page=-1", ["AC-DEMO01"], ["AC-DEMO05"]),
    ],
)
def test_filters_by_status_topic_and_age(client, demo_users, query, shown, hidden):
    client.force_login(demo_users["staff"])
    response = client.get(reverse("pure-support:queue") + query)
    assert response.status_code == 200
    page = response.content.decode()
    for ref in shown:
        assert f'data-reference="{ref}"' in page
    for ref in hidden:
        assert f'data-reference="{ref}"' not in page


def test_adviser_assigns_calls_back_notes_and_closes(client, demo_users, waiting):
    staff = demo_users["staff"]
    client.force_login(staff)
    response = client.post(reverse("pure-support:assign", args=[waiting.pk]), {"adviser": staff.pk, "note": "Pour moi"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.ASSIGNED and waiting.adviser == staff
    client.post(reverse("pure-support:status", args=[waiting.pk]), {"status": "called", "note": "Dossier PGE envoyé"})
    client.post(reverse("pure-support:note", args=[waiting.pk]), {"text": "Relance dans 15 jours"})
    client.post(reverse("pure-support:status", args=[waiting.pk]), {"status": "closed"})
    waiting.refresh_from_db()
    assert waiting.status == Status.CLOSED
    assert list(waiting.notes.values_list("text", flat=True)) == [
        "Pour moi",
        "Dossier PGE envoyé",
        "Relance dans 15 jours",
    ]
    page = client.get(reverse("pure-support:detail", args=[waiting.pk])).content.decode()
    assert "Relance dans 15 jours" in page
    assert "Attribuer</button>" not in page


def test_a_closed_request_cannot_be_called_back_again(client, demo_users):
    closed = CallbackRequest.objects.get(reference="AC-DEMO05")
    client.force_login(demo_users["staff"])
    response = client.post(reverse("pure-support:status", args=[closed.pk]), {"status": "called"}, follow=True)
    assert "ne peut plus passer" in response.content.decode()
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED


@pytest.mark.parametrize(
    "url_name, data",
    [
        ("pure-support:assign", {"adviser": "999999"}),
        ("pure-support:assign", {"adviser": "abc"}),
        ("pure-support:status", {"status": "new"}),
        ("pure-support:note", {"text": ""}),
        ("pure-support:note", {"text": "\x00"}),
    ],
)
def test_bad_actions_are_refused_without_a_500(client, demo_users, waiting, url_name, data):
    client.force_login(demo_users["staff"])
    response = client.post(reverse(url_name, args=[waiting.pk]), data)
    assert response.status_code == 400
    waiting.refresh_from_db()
    assert waiting.status == Status.NEW and not waiting.notes.exists()


def test_a_shopkeeper_cannot_be_made_an_adviser(client, demo_users, waiting):
    client.force_login(demo_users["staff"])
    response = client.post(
        reverse("pure-support:assign", args=[waiting.pk]), {"adviser": demo_users["shopkeeper_a"].pk}
    )
    assert response.status_code == 400
    waiting.refresh_from_db()
    assert waiting.adviser is None


def test_unknown_request_is_404_for_staff(client, demo_users):
    client.force_login(demo_users["staff"])
    assert client.get(reverse("pure-support:detail", args=[999999])).status_code == 404
    assert client.post(reverse("pure-support:note", args=[999999]), {"text": "x"}).status_code == 404


def test_team_is_reminded_once_of_requests_waiting_a_working_day(
    demo_users, mailoutbox, django_capture_on_commit_callbacks
):
    # Demo: AC-DEMO02 is 3 days old and new, AC-DEMO03 1 day old and assigned, AC-DEMO01 made just now.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("pure_jobs", stdout=io.StringIO())
    late = set(CallbackRequest.objects.filter(reminded_at__isnull=False).values_list("reference", flat=True))
    assert "AC-DEMO02" in late and "AC-DEMO01" not in late and "AC-DEMO04" not in late
    assert len(mailoutbox) == 1
    assert demo_users["staff"].email in mailoutbox[0].to
    assert "AC-DEMO02" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert callback_reminders_send() == 0
    assert len(mailoutbox) == 1


def test_a_friday_afternoon_request_is_late_only_on_monday_afternoon(waiting, mailoutbox):
    friday = paris(2026, 12, 11, 15, 0)
    CallbackRequest.objects.filter(status__in=[Status.NEW, Status.ASSIGNED]).update(
        created_at=friday - timedelta(days=30)
    )
    CallbackRequest.objects.filter(pk=waiting.pk).update(created_at=friday, reminded_at=None)
    CallbackRequest.objects.exclude(pk=waiting.pk).update(reminded_at=timezone.now())
    assert callback_reminders_send(now=paris(2026, 12, 14, 14, 59)) == 0
    assert callback_reminders_send(now=paris(2026, 12, 14, 15, 0)) == 1
