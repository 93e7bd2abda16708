"""Sign-in and password-reset throttling, keyed so that an attacker cannot lock a real person out.

Sign-in (django-axes, settings "Sign-in throttling"): failures are counted per (account, address) pair,
never per account alone: someone guessing a shopkeeper's password from one address locks only that
pair, for AXES_COOLOFF_TIME, and the shopkeeper signs in from anywhere else (their shop, their phone)
as usual. A success clears the pair's count.

Password reset (here): at most RESET_PER_ADDRESS requests an hour from one address and
RESET_PER_EMAIL an hour for one email address, so the form cannot be used to flood someone's inbox.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

RESET_PER_ADDRESS = 10
RESET_PER_EMAIL = 3
RESET_WINDOW_SECONDS = 3600


def client_ip(request) -> str:
    """The visitor's address: nginx's X-Real-IP behind our proxy (it overwrites any sent by the visitor),
    else the connection's own address."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def client_username(request, credentials=None) -> str | None:
    """The account a sign-in is for, as typed (case folded): Django's credentials, else the form's field
    (Oscar's form prefixes it "login-"; the admin's and Wagtail's do not)."""
    value = (credentials or {}).get("username")
    if not value and request is not None:
        data = getattr(request, "POST", {})
        value = data.get("login-username") or data.get("username")
    return value.strip().casefold() if value else None


def _over_limit(kind: str, value: str, limit: int) -> bool:
    key = "throttle:%s:%s" % (kind, hashlib.sha256(value.encode()).hexdigest()[:32])  # noqa: UP031
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        count = 1
    return count > limit


def too_many_attempts(request, *, status: int = 429):
    response = render(request, "kernel/too_many_attempts.html", status=status)
    response["Retry-After"] = str(RESET_WINDOW_SECONDS)
    return response


def password_reset_throttled(view):
    """Wrap the password-reset view: a POST over either limit gets the "too many attempts" page (429)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            email = request.POST.get("email", "").strip().casefold()
            over_address = _over_limit("reset-ip", client_ip(request), RESET_PER_ADDRESS)
            over_email = bool(email) and _over_limit("reset-email", email, RESET_PER_EMAIL)
            if over_address or over_email:
                return too_many_attempts(request)
        return view(request, *args, **kwargs)

    return wrapped


def axes_lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """What django-axes answers to a locked (account, address) pair: our page, in the site's layout."""
    return too_many_attempts(request)
