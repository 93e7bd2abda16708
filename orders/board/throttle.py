"""How often a shop user may try a pickup code: a counter in the shared cache (Redis across app servers).

A code is six characters out of 21: trying them at the counter's pace finds nothing, trying them by the
thousand would. The counter starts with the first try and lasts a minute; add and incr are atomic in
the cache, so two processes counting at once never lose a try.
"""

from django.core.cache import cache

CODE_TRIES_PER_MINUTE = 20
_WINDOW_SECONDS = 60


def _key(user_id: int) -> str:
    return f"pickup-board:code-tries:{user_id}"


def code_try_record(*, user_id: int) -> bool:
    """Count one pickup-code try for the user; False once the user is past the minute's allowance."""
    key = _key(user_id)
    if cache.add(key, 1, timeout=_WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        # The window ended between add and incr: this try opens the next one.
        cache.add(key, 1, timeout=_WINDOW_SECONDS)
        return True
    return count <= CODE_TRIES_PER_MINUTE


def code_tries_exhausted(*, user_id: int) -> bool:
    """Whether the user has gone past the minute's allowance (reads the counter, counts nothing)."""
    return (cache.get(_key(user_id)) or 0) > CODE_TRIES_PER_MINUTE
