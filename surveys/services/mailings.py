"""Sending a wave's personal links to the members, by the task queue in batches, never inside a web request.

`mailing_start` (the staff's click) counts the members still reachable (not opted out, no bounced
address, not invited to this wave yet) and queues a task that writes one Invitation for each and queues the
batches; each batch sends its invitations over one mail connection and counts them on the Mailing, the staff's
progress bar. An invitation is sent at most once: a batch takes its rows under lock and skips those sent.
"""

from __future__ import annotations

import logging
import smtplib
from functools import partial

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from kernel.emails import email_message

from ..links import answer_url, opt_out_url
from ..models import Invitation, Mailing, Member, Wave

logger = logging.getLogger(__name__)
BATCH_SIZE = 200


def _reachable(wave: Wave):
    """Members a wave's link may go to: not opted out, no bounced address, not invited to the wave yet."""
    invited = Invitation.objects.filter(wave=wave).values("member_id")
    return Member.objects.filter(opted_out_at__isnull=True, bounced_at__isnull=True).exclude(pk__in=invited)


@transaction.atomic
def mailing_start(*, wave: Wave, user=None) -> Mailing:
    """Start sending the wave's links: one count here (the staff's request), the invitations and batches in a task."""
    mailing = Mailing.objects.create(wave=wave, started_by=user, total=_reachable(wave).count())
    transaction.on_commit(partial(mailing_prepare.enqueue, mailing_id=mailing.pk))
    return mailing


@task()
def mailing_prepare(*, mailing_id: int) -> int:
    return mailing_invitations_write(mailing_id=mailing_id)


@transaction.atomic
def mailing_invitations_write(*, mailing_id: int) -> int:
    """Invite every reachable member not yet invited to the wave, then queue their batches; how many invited."""
    mailing = Mailing.objects.select_for_update().select_related("wave").get(pk=mailing_id)
    if Invitation.objects.filter(mailing=mailing).exists():
        return 0  # this task ran already
    members = _reachable(mailing.wave).order_by("pk").values_list("pk", flat=True)
    invitations = Invitation.objects.bulk_create(
        [Invitation(mailing=mailing, wave=mailing.wave, member_id=member_id) for member_id in members.iterator()],
        batch_size=2000,
    )
    # The count may have moved since the click (an opt-out, an import): the progress bar counts what was written.
    Mailing.objects.filter(pk=mailing.pk).update(total=len(invitations))
    ids = sorted(invitation.pk for invitation in invitations if invitation.pk)
    if len(ids) != len(invitations):  # a backend that does not return ids: read them back
        ids = list(Invitation.objects.filter(mailing=mailing).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        transaction.on_commit(
            partial(mailing_batch_send.enqueue, mailing_id=mailing.pk, first=batch[0], last=batch[-1])
        )
    return len(invitations)


@task()
def mailing_batch_send(*, mailing_id: int, first: int, last: int) -> int:
    return mailing_batch_deliver(mailing_id=mailing_id, first=first, last=last)


def _message(invitation: Invitation, connection):
    wave = invitation.wave
    member = invitation.member
    unsubscribe = opt_out_url(member_id=member.pk)
    message = email_message(
        to=[member.email],
        template="survey_invitation",
        context={
            "company": member.company,
            "survey": wave.survey.title,
            "intro": wave.survey.intro,
            "wave": wave.number,
            "closes_at": wave.closes_at,
            "answer_url": answer_url(member_id=member.pk, wave_id=wave.pk),
            "opt_out_url": unsubscribe,
        },
        language="fr",
    )
    # One click in the mail client opts out (RFC 8058), as the link at the bottom of the email does.
    message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.connection = connection
    return message


def _send_one(invitation: Invitation, connection, now) -> str:
    """'sent', 'failed' or 'skipped' (the member opted out since the mailing started)."""
    member = invitation.member
    if member.opted_out_at or member.bounced_at:
        Invitation.objects.filter(pk=invitation.pk).update(failed_at=now, error="opted out or bounced")
        return "skipped"
    try:
        _message(invitation, connection).send()
    except smtplib.SMTPRecipientsRefused as error:
        # The server refused the address itself: a bounce, recorded on the member.
        Member.objects.filter(pk=member.pk).update(bounced_at=now)
        Invitation.objects.filter(pk=invitation.pk).update(failed_at=now, error=repr(error)[:500])
        return "failed"
    except Exception as error:  # any other mail failure: recorded, the batch goes on
        logger.warning("Survey invitation %s not sent: %r", invitation.pk, error)
        Invitation.objects.filter(pk=invitation.pk).update(failed_at=now, error=repr(error)[:500])
        return "failed"
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=now)
    return "sent"


def mailing_batch_deliver(*, mailing_id: int, first: int, last: int) -> int:
    """Send the batch's invitations not yet sent (ids first..last); how many this call sent."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    connection = get_connection()
    with transaction.atomic():
        # Locked so that a batch run twice (a retried task) finds its rows done and sends nothing again.
        invitations = list(
            Invitation.objects.select_for_update(of=("self",))
            .select_related("member", "wave__survey")
            .filter(mailing_id=mailing_id, pk__gte=first, pk__lte=last, sent_at__isnull=True, failed_at__isnull=True)
            .order_by("pk")
        )
        now = timezone.now()
        with connection:
            for invitation in invitations:
                counts[_send_one(invitation, connection, now)] += 1
        Mailing.objects.filter(pk=mailing_id).update(
            sent=F("sent") + counts["sent"],
            failed=F("failed") + counts["failed"],
            skipped=F("skipped") + counts["skipped"],
        )
    return counts["sent"]
