"""A database connection lost in the middle of a request: retried once, else "réessayez" with a 503, never a 500.

A connection can go at any moment: PostgreSQL restarted or failed over, a backend terminated by an
administrator, a network blip. Django only notices when a query fails, and the shopper would get a
server error. This middleware, placed above everything that touches the database (sessions, the page
cache, authentication, the basket, the view), watches every statement of the request:

- nothing committed yet (no write outside a transaction, no transaction that committed): the request
  is run once more on a fresh connection. That is safe: nothing of the first attempt is left, and
  placing a basket is idempotent per basket anyway (orders.services.placement), so even a retried
  checkout cannot double an order;
- otherwise, or if the second attempt fails too: a short page in the visitor's language, status 503
  with Retry-After, rendered without the database (no layout, no context processors).

A request that changes something (POST, PUT, PATCH, DELETE) runs in one transaction
(WritesAtomicMiddleware, just below the sessions): adding to the basket writes the basket, then its line,
then reads the offers; without the transaction a connection lost after the first write would leave a
committed half and could not be retried. With it, nothing is committed before the request's end, and
the session is saved only after the commit, so a duplicate submit never reads a session that names an
order not yet visible. The one ambiguous moment is a connection lost during the COMMIT itself: it is
retried too, which the basket placement survives (idempotent per basket).

Errors inside a transaction the caller opened (a test's, or ATOMIC_REQUESTS) are never retried: the
connection belongs to that transaction.
"""

from __future__ import annotations

import logging
import sys
import time
from contextlib import ExitStack

from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

LOST = (OperationalError, InterfaceError)
RETRY_DELAY_SECONDS = 0.2
RETRY_AFTER_SECONDS = 5
_READS = ("SELECT", "SHOW", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "EXPLAIN", "BEGIN", "PRAGMA")
_FLAG = "_database_lost"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class _CommitWatch:
    """An execute wrapper that notes whether any write of this request may have been committed."""

    def __init__(self):
        self.committed = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not str(sql).lstrip().upper().startswith(_READS):
            wrapper = context["connection"]
            if wrapper.in_atomic_block:
                transaction.on_commit(self._mark, using=wrapper.alias)
            else:
                self.committed = True
        return result

    def _mark(self):
        self.committed = True


def _note_lost(sender, request=None, **kwargs):
    """Django turned an exception into a 500 below us (a middleware's, or the error page's): note it."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, LOST):
        setattr(request, _FLAG, error)


got_request_exception.connect(_note_lost, dispatch_uid="kernel.db_resilience")


def _in_callers_transaction() -> bool:
    return any(wrapper.in_atomic_block for wrapper in connections.all(initialized_only=True))


def _connections_reset() -> None:
    for wrapper in connections.all(initialized_only=True):
        try:
            wrapper.close()
        except DatabaseError:
            wrapper.connection = None


def database_unavailable_response(request) -> HttpResponse:
    response = HttpResponse(render_to_string("kernel/database_unavailable.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class LostConnectionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for attempt in (1, 2):
            watch = _CommitWatch()
            setattr(request, _FLAG, None)
            with ExitStack() as stack:
                for wrapper in connections.all():
                    stack.enter_context(wrapper.execute_wrapper(watch))
                try:
                    response = self.get_response(request)
                    error = getattr(request, _FLAG, None)
                except LOST as raised:
                    error = raised
            if error is None:
                return response
            if _in_callers_transaction():
                return database_unavailable_response(request)
            _connections_reset()
            retry = attempt == 1 and not watch.committed
            logger.warning(
                "Database connection lost on %s %s (%s): %s",
                request.method,
                request.path,
                "retrying" if retry else "503",
                error,
            )
            if not retry:
                break
            time.sleep(RETRY_DELAY_SECONDS)
        return database_unavailable_response(request)

    def process_exception(self, request, exception):
        """A view's lost connection: answered here, so Django's error page never tries the database."""
        if isinstance(exception, LOST):
            setattr(request, _FLAG, exception)
            return HttpResponse(status=503)
        return None


class WritesAtomicMiddleware:
    """A request that may write (not GET, HEAD, OPTIONS) in one transaction, committed before the session is saved.

    Reading requests stay in autocommit: a page from the page cache opens no connection at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in _SAFE_METHODS:
            return self.get_response(request)
        try:
            with transaction.atomic():
                return self.get_response(request)
        except LOST as error:
            # The COMMIT found the connection gone (the view's own loss was answered by process_exception).
            setattr(request, _FLAG, error)
            return HttpResponse(status=503)
