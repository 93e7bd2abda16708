"""The production task worker: emails wait in the database (django-tasks-db) until `manage.py db_worker` runs.

The tests switch TASKS to the database backend (django_tasks rebuilds its backends when the setting
changes) and run the real worker command in batch mode. They stay inside pytest-django's test
transaction: a transactional test would empty every table, the session's demo data included. The
on-commit callbacks that enqueue the tasks are run by django_capture_on_commit_callbacks instead.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from orders.models import Notice, OrderStatus
from orders.notifications import notice_send, notices_retry
from orders.services import Customer, order_accept

from .builders import order_placed, product_for_sale, shop_open, shop_user, slot_key
from .test_notices import MAIL_DOWN

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CAMILLE = Customer(email="camille.martin@example.fr", phone="06 12 34 56 78", name="Camille Martin")
SHOP_EMAIL = "fromagerie@example.com"
# One task per email owed later, one task for all the emails of a placement.
TASK_PATHS = ("orders.notifications.notice_send", "orders.notifications.notices_send")


@pytest.fixture
def database_tasks():
    """TASKS set to the database backend for the test, the immediate one again after it."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert isinstance(task_backends["default"], DatabaseBackend)
        yield
    assert not isinstance(task_backends["default"], DatabaseBackend)


@pytest.fixture
def run_worker(monkeypatch):
    """`manage.py db_worker --batch`: runs the queued tasks, then stops."""
    # Between tasks the worker closes connections left in a transaction: here that is the test's own.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    # The command installs its own signal handlers and log handlers; the test run keeps its own.
    signals = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    handlers = {number: signal.getsignal(number) for number in signals}
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    logger_state = [(logger, logger.level, list(logger.handlers)) for logger in loggers]

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)

    yield run
    for number, handler in handlers.items():
        signal.signal(number, handler)
    for logger, level, kept in logger_state:
        logger.setLevel(level)
        logger.handlers[:] = kept


@pytest.fixture
def shop(db):
    shop = shop_open(name="Fromagerie des Roches")
    shop.email = SHOP_EMAIL
    shop.save()
    return shop


@pytest.fixture
def comte(shop):
    return product_for_sale(shop=shop, title="Comté 18 mois", price="8.40", stock=5)


def queued():
    return DBTaskResult.objects.filter(task_path__in=TASK_PATHS)


def test_placing_queues_the_emails_once_committed_and_only_the_worker_sends_them(
    database_tasks, run_worker, shop, comte, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as on_commit:
        order = order_placed(shop=shop, items=[(comte, 1)], key=slot_key(1, 10), customer=CAMILLE)
        # Owed in the order's transaction, queued only once it commits.
        assert order.notices.count() == 2
        assert not queued().exists()
    for callback in on_commit:
        callback()

    # The shopper's and the shop's emails, in one task.
    assert queued().filter(status=TaskResultStatus.READY).count() == 1
    assert mailoutbox == []
    assert not order.notices.filter(sent_at__isnull=False).exists()

    run_worker()

    assert sorted(message.to[0] for message in mailoutbox) == sorted([CAMILLE.email, SHOP_EMAIL])
    assert set(queued().values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    assert not order.notices.filter(sent_at__isnull=True).exists()

    run_worker()
    assert len(mailoutbox) == 2


def test_accepting_sends_the_shopper_one_email_through_the_worker_even_if_queued_twice(
    database_tasks, run_worker, shop, comte, mailoutbox, django_capture_on_commit_callbacks
):
    keeper = shop_user(shop=shop)
    with django_capture_on_commit_callbacks(execute=True):
        order = order_placed(shop=shop, items=[(comte, 1)], key=slot_key(1, 10), customer=CAMILLE)
    run_worker()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED
    assert queued().filter(status=TaskResultStatus.READY).count() == 1
    assert mailoutbox == []
    # A second task for the same email (a retry that crossed the first one).
    notice = order.notices.get(kind=Notice.Kind.ACCEPTED)
    notice_send.enqueue(notice_id=notice.pk)

    run_worker()

    (message,) = mailoutbox
    assert message.to == [CAMILLE.email]
    assert message.subject.startswith(f"Commande {order.number} acceptée")
    assert set(queued().values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}


def test_a_mail_server_down_during_the_worker_leaves_the_email_for_the_retry_which_sends_it_once(
    database_tasks, run_worker, shop, comte, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = order_placed(shop=shop, items=[(comte, 1)], key=slot_key(1, 10), customer=CAMILLE)

    with MAIL_DOWN:
        run_worker()

    assert mailoutbox == []
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    notice = order.notices.get(kind=Notice.Kind.PLACED)
    assert (notice.attempts, notice.sent_at) == (1, None)
    assert "SMTPServerDisconnected" in notice.last_error

    # The clock job queues them again (new tasks), and the worker sends them.
    last_failure = max(order.notices.values_list("last_attempt_at", flat=True))
    assert notices_retry(now=last_failure + timedelta(minutes=2)) == 2
    assert queued().filter(status=TaskResultStatus.READY).count() == 2
    assert mailoutbox == []
    run_worker()
    run_worker()

    assert sorted(message.to[0] for message in mailoutbox) == sorted([CAMILLE.email, SHOP_EMAIL])
    assert notices_retry(now=last_failure + timedelta(days=1)) == 0


def _settings_value(expression: str, **env) -> str:
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "TASKS_BACKEND", "DATABASE_URL"}
    base = {key: value for key, value in os.environ.items() if key not in dropped}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", f"from django.conf import settings; print({expression})"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # The last line: the shell may first say what it imported.
    return result.stdout.strip().splitlines()[-1]


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DATABASE_URL": "sqlite:////tmp/enbas-task-worker-check.sqlite3",
    "ALLOWED_HOSTS": "enbasdemarue.fr",
}


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({**PRODUCTION, "TASKS_BACKEND": ""}, "django_tasks_db.DatabaseBackend"),
        (
            {**PRODUCTION, "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
            "django_tasks.backends.immediate.ImmediateBackend",
        ),
        (
            {"DJANGO_SETTINGS_MODULE": "marketplace.settings.dev", "TASKS_BACKEND": ""},
            "django_tasks.backends.immediate.ImmediateBackend",
        ),
    ],
    ids=["production", "production-overridden", "embedded-default"],
)
def test_production_queues_tasks_in_the_database_and_the_embedded_default_runs_them_at_once(env, backend):
    assert _settings_value("settings.TASKS['default']['BACKEND']", **env) == backend
