"""A private copy of the test database, and threads that each talk to it on their own connection.

Why a copy: a race needs transactions that really commit, seen by other connections. Inside
pytest-django's per-test transaction nothing commits, and on SQLite that transaction even holds the
only write lock, so other connections would wait for it forever. A transactional test
(`django_db(transaction=True)`) would commit, but it empties every table when it ends, demo data
included, for every test after it, and on SQLite the test database file is shared by everyone
working in this tree. So the race tests copy the test database (migrated, demo data loaded) once,
race on the copy, and drop it: the shared test database never sees a committed row.

- SQLite: the file is copied with SQLite's online backup API (a consistent snapshot, even while
  another process writes to it).
- PostgreSQL: CREATE DATABASE … TEMPLATE, which needs no other session on the template: the main
  connection is closed first.

The race tests themselves are not marked django_db: on SQLite a test transaction is BEGIN IMMEDIATE,
and would hold the shared test database's write lock for the whole race. pytest-django only sets
the test database up when a collected test asks for it: the race module has one such test, and
race_database_create sets it up itself if that one was deselected.

Each worker thread swaps in its own connection to the copy as Django's "default" connection for
that thread only (Django keeps connections per thread), so the code under test runs unchanged.
"""

from __future__ import annotations

import copy
import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.db.utils import load_backend
from django.test.utils import setup_databases

WORKERS = 50
# Seconds over which SQLite's racers arrive; see RaceDatabase.all_at_once.
ARRIVAL_SPREAD = 0.1


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None


class RaceDatabase:
    """Threads (at most WORKERS at once), each with its own connection to a copy of the test database."""

    def __init__(self, settings_dict: dict):
        self.settings_dict = settings_dict
        self._wrappers = []
        self._wrappers_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, initializer=self._connect)
        self.arrival_spread = ARRIVAL_SPREAD if "sqlite" in settings_dict["ENGINE"] else 0.0

    def _connect(self) -> None:
        backend = load_backend(self.settings_dict["ENGINE"])
        wrapper = backend.DatabaseWrapper(copy.deepcopy(self.settings_dict), DEFAULT_DB_ALIAS)
        # Only this thread's "default" changes: Django's connection handler is thread-local.
        connections[DEFAULT_DB_ALIAS] = wrapper
        with self._wrappers_lock:
            self._wrappers.append(wrapper)

    def call(self, function: Callable, *args, **kwargs):
        """Run one function in a worker and return its result (or raise its exception)."""
        return self._pool.submit(function, *args, **kwargs).result(timeout=300)

    def all_at_once(self, functions: list[Callable[[], Any]]) -> list[Outcome]:
        """Run each function in its own thread, all released at the same moment; their outcomes, in order.

        On SQLite, writers waiting for the lock poll it with SQLite's fixed back-off (1, 2, 5… 100 ms):
        threads released at the same instant poll in lockstep, and all but one go back to sleep each
        time, so 50 of them take seconds for work worth a few hundred milliseconds. Spreading their
        arrival over ARRIVAL_SPREAD (as real requests would be) keeps every one of them contending
        while the lock changes hands at once. PostgreSQL queues waiters on the row lock itself.
        """
        assert len(functions) <= WORKERS
        # Every worker waits here until all have arrived, so no thread can run two of them.
        barrier = threading.Barrier(len(functions))

        def run(function):
            barrier.wait(timeout=60)
            if self.arrival_spread:
                time.sleep(random.uniform(0, self.arrival_spread))
            try:
                return Outcome(value=function())
            except BaseException as error:  # the test looks at every outcome
                return Outcome(error=error)

        futures = [self._pool.submit(run, function) for function in functions]
        return [future.result(timeout=300) for future in futures]

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        for wrapper in self._wrappers:
            # Closed from this thread, once its own thread has finished with it.
            wrapper.inc_thread_sharing()
            wrapper.close()


def _on_test_database(main) -> bool:
    name, test_name = main.settings_dict["NAME"], main.settings_dict["TEST"].get("NAME")
    if main.vendor == "sqlite":
        return name == test_name or main.is_in_memory_db()
    return name == test_name or name.startswith(TEST_DATABASE_PREFIX)


def race_database_create(*, tmp_path: Path) -> dict:
    """Copy the test database (set up first if no other collected test needed it); the settings of the copy."""
    main = connections[DEFAULT_DB_ALIAS]
    if not _on_test_database(main):
        # Reused, never recreated: another session may be using it.
        setup_databases(
            verbosity=0, interactive=False, keepdb=True, aliases={DEFAULT_DB_ALIAS}, serialized_aliases=set()
        )
    # Never copy (or later drop a copy of) anything but the test database.
    assert _on_test_database(main), main.settings_dict["NAME"]
    settings_dict = copy.deepcopy(main.settings_dict)
    if main.vendor == "sqlite":
        target = tmp_path / "race.sqlite3"
        main.ensure_connection()
        with sqlite3.connect(target) as copy_connection:
            main.connection.backup(copy_connection)
        copy_connection.close()
        settings_dict["NAME"] = str(target)
        return settings_dict
    if main.vendor != "postgresql":
        raise NotImplementedError(main.vendor)
    name = f"{settings_dict['NAME']}_race_{uuid.uuid4().hex[:8]}"
    main.close()
    with main._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings_dict["NAME"]}"')
    settings_dict["NAME"] = name
    return settings_dict


def race_database_drop(*, settings_dict: dict) -> None:
    main = connections[DEFAULT_DB_ALIAS]
    if main.vendor == "sqlite":
        Path(settings_dict["NAME"]).unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(settings_dict["NAME"] + suffix).unlink(missing_ok=True)
        return
    with main._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}" WITH (FORCE)')
