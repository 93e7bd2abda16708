"""How many call-back requests one address may send: a few per hour, counted in the shared cache.

The count lives in the cache (Redis when several app servers run), never in a process, and is kept per
client IP as the web server gives it (REMOTE_ADDR: a proxy in front must set it, not a header we trust).
"""

from django.core.cache import cache

CALLBACKS_PER_HOUR = 5
WINDOW_SECONDS = 3600


def _key(request) -> str:
    return f"pure:callback-rate:{request.META.get('REMOTE_ADDR', '')}"


def callback_rate_exceeded(request) -> bool:
    """Whether this address has already sent its share of requests this hour."""
    return (cache.get(_key(request)) or 0) >= CALLBACKS_PER_HOUR


def callback_rate_count(request) -> None:
    """Count one request (or one the honeypot caught) against the address."""
    key = _key(request)
    # add() starts the window only once; incr() keeps its expiry.
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS)
