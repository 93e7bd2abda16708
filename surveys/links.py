"""The personal links of the emails: signed, so that nobody answers for another member or opts them out.

A survey link carries the member and the wave; the opt-out link the member only. Neither needs an account.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

ANSWER_SALT = "surveys.answer"
OPT_OUT_SALT = "surveys.opt-out"


def answer_token(*, member_id: int, wave_id: int) -> str:
    return signing.dumps([member_id, wave_id], salt=ANSWER_SALT, compress=True)


def answer_token_read(token: str) -> tuple[int, int] | None:
    """(member id, wave id) of a link made here, else None."""
    try:
        value = signing.loads(token, salt=ANSWER_SALT)
    except signing.BadSignature:
        return None
    if isinstance(value, list) and len(value) == 2 and all(type(part) is int for part in value):
        return value[0], value[1]
    return None


def opt_out_token(*, member_id: int) -> str:
    return signing.dumps(member_id, salt=OPT_OUT_SALT)


def opt_out_token_read(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    return value if type(value) is int else None


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def answer_url(*, member_id: int, wave_id: int) -> str:
    return absolute(reverse("surveys:answer", kwargs={"token": answer_token(member_id=member_id, wave_id=wave_id)}))


def opt_out_url(*, member_id: int) -> str:
    return absolute(reverse("surveys:opt-out", kwargs={"token": opt_out_token(member_id=member_id)}))
