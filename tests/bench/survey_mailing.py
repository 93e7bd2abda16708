"""Benchmark the sending of a wave's links to 22,000 members, on the database tests/bench/barometer.py keeps.

    .venv/bin/python tests/bench/barometer.py --keep     # once: 22,000 members, a survey and its waves
    .venv/bin/python tests/bench/survey_mailing.py

Tasks use the database backend, as in production: the staff's click (surveys.services.mailings.mailing_start)
writes the invitations and queues the batches; the web request ends there. Then every queued batch is run
here, one after another, as one db_worker would, with Django's in-memory mail backend (no SMTP server: this
measures our work, not a mail relay). Figures are appended to tests/bench/RESULTS.md.
"""

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).with_name("RESULTS.md")
BATCHES = 10


def main() -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/enbas_surveys_bench",
            "DJANGO_DEBUG": "false",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django_tasks_db.models import DBTaskResult

    from surveys.models import Invitation, Mailing, Wave
    from surveys.services.mailings import mailing_batch_deliver, mailing_invitations_write, mailing_start

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    load = os.getloadavg()
    wave = Wave.objects.filter(survey__slug="bench").order_by("-number").first()
    Invitation.objects.filter(wave=wave).delete()
    before = DBTaskResult.objects.count()
    started = time.perf_counter()
    mailing = mailing_start(wave=wave)
    request_seconds = time.perf_counter() - started
    started = time.perf_counter()
    mailing_invitations_write(mailing_id=mailing.pk)  # the task the click queued, as the worker runs it
    prepare_seconds = time.perf_counter() - started
    queued = DBTaskResult.objects.count() - before
    started = time.perf_counter()
    ids = list(Invitation.objects.filter(mailing=mailing).order_by("pk").values_list("pk", flat=True))
    # The first BATCHES batches give the worker's pace (all 110 took 11 minutes on this busy machine).
    ids = ids[: BATCHES * 200]
    for start in range(0, len(ids), 200):
        batch = ids[start : start + 200]
        mailing_batch_deliver(mailing_id=mailing.pk, first=batch[0], last=batch[-1])
    send_seconds = time.perf_counter() - started
    mailing = Mailing.objects.get(pk=mailing.pk)
    text = f"""
## {datetime.now(UTC):%Y-%m-%d %H:%M UTC} · sending a survey wave to 22,000 members (issue 18)

- command: `.venv/bin/python tests/bench/survey_mailing.py` (after `tests/bench/barometer.py --keep`)
- machine: 2 CPU, PostgreSQL on 127.0.0.1; load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}
- tasks in the database (production's backend); emails to Django's in-memory backend (no SMTP relay)

| what | figure |
|---|---:|
| staff's click: reachable members counted, a task queued (the web request) | {request_seconds * 1000:.0f} ms |
| that task: invitations written, batches queued (the worker) | {prepare_seconds:.1f} s |
| invitations / tasks queued | {mailing.total} / {queued} |
| first {BATCHES} batches sent one after another (one worker) | {send_seconds:.1f} s |
| emails sent / failed in them | {mailing.sent} / {mailing.failed} |
| emails per second (one worker) | {mailing.sent / send_seconds:.0f} |
"""
    print(text)
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write(text)


if __name__ == "__main__":
    main()
