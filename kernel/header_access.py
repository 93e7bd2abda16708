"""Which of the header's links a signed-in user gets (dashboard, site editing), kept in their session.

Asking `perms` costs two queries (the user's and their groups' permissions) on every page a user
sees signed in. The header only chooses which links to show (each page checks its own access), so
the answer is kept in the session and asked again every HEADER_ACCESS_SECONDS.
"""

import time

from django.utils.functional import SimpleLazyObject

HEADER_ACCESS_SECONDS = 300
_SESSION_KEY = "header_access"


def header_access(request):
    """`header_access.dashboard` and `header_access.edit_site` for the header, read only if shown."""
    return {"header_access": SimpleLazyObject(lambda: header_access_for(request))}


def header_access_for(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"dashboard": False, "edit_site": False}
    session = getattr(request, "session", None)
    kept = session.get(_SESSION_KEY) if session is not None else None
    now = int(time.time())
    if kept and kept.get("user") == user.pk and now - kept.get("at", 0) < HEADER_ACCESS_SECONDS:
        return kept
    kept = {
        "user": user.pk,
        "at": now,
        "dashboard": bool(user.is_staff or user.has_perm("partner.dashboard_access")),
        "edit_site": bool(user.has_perm("wagtailadmin.access_admin")),
    }
    if session is not None:
        session[_SESSION_KEY] = kept
    return kept
