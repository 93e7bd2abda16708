"""Sending a wave's links: by tasks in batches, each member once, opted-out and bounced members skipped."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from surveys.links import opt_out_token
from surveys.models import Invitation, Mailing, Member
from surveys.services import mailings
from surveys.services.mailings import mailing_batch_deliver, mailing_start

from .builders import members_create, survey_create

pytestmark = pytest.mark.django_db


def test_links_go_in_batches_to_reachable_members_once(django_capture_on_commit_callbacks, monkeypatch, client):
    monkeypatch.setattr(mailings, "BATCH_SIZE", 2)
    survey = survey_create()
    wave = survey.waves.get(number=2)
    Member.objects.all().delete()
    members = members_create(5)
    Member.objects.filter(pk=members[0].pk).update(opted_out_at="2026-01-01T00:00Z")
    Member.objects.filter(pk=members[1].pk).update(bounced_at="2026-01-01T00:00Z")
    with django_capture_on_commit_callbacks(execute=True) as tasks:
        mailing = mailing_start(wave=wave)
    assert mailing.total == 3  # counted at the click; the invitations are written by a task
    assert len(tasks) == 3  # that task, then two batches (three members, batches of two)
    mailing.refresh_from_db()
    assert (mailing.total, mailing.sent, mailing.finished) == (3, 3, True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members[2:])
    message = mail.outbox[0]
    assert "/enquetes/" in message.body and "/enquetes/desinscription/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A batch run again (a retried task) sends nothing; a second mailing finds nobody left.
    first = Invitation.objects.filter(mailing=mailing).order_by("pk").first().pk
    assert mailing_batch_deliver(mailing_id=mailing.pk, first=first, last=first + 10) == 0
    assert mailing_start(wave=wave).total == 0
    assert len(mail.outbox) == 3


def test_a_refused_address_is_recorded_as_bounced(monkeypatch, django_capture_on_commit_callbacks):
    survey = survey_create()
    wave = survey.waves.get(number=2)
    Member.objects.all().delete()
    [member] = members_create(1)

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({member.email: (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        mailing = mailing_start(wave=wave)
    mailing.refresh_from_db()
    assert (mailing.sent, mailing.failed) == (0, 1)
    member.refresh_from_db()
    assert member.bounced_at is not None


def test_staff_see_the_progress_bar(client, demo_users, django_capture_on_commit_callbacks):
    survey = survey_create()
    wave = survey.waves.get(number=2)
    client.force_login(demo_users["staff"])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("surveys-staff:wave-send", kwargs={"pk": wave.pk}))
    mailing = Mailing.objects.get(wave=wave)
    assert response["Location"] == reverse("surveys-staff:mailing", kwargs={"pk": mailing.pk})
    page = client.get(response["Location"]).content.decode()
    # Nothing sent yet (the batches wait for the worker): the page refreshes itself and shows 0 %.
    assert 'data-progress="0"' in page and 'http-equiv="refresh"' in page


def test_one_link_opts_a_member_out(client):
    [member] = members_create(1)
    url = reverse("surveys:opt-out", kwargs={"token": opt_out_token(member_id=member.pk)})
    assert client.get(url).status_code == 200
    member.refresh_from_db()
    assert member.opted_out_at is None  # a mail scanner's GET changes nothing
    # The mail client's one-click POST (RFC 8058) carries no CSRF token.
    client.handler.enforce_csrf_checks = True
    page = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert "data-opted-out" in page.content.decode()
    member.refresh_from_db()
    assert member.opted_out_at is not None
    assert client.get(url[:-4] + "abc/").status_code == 404
