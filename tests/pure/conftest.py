from datetime import datetime

import pytest
from django.utils import timezone

from shops.schedule import PARIS


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def clock(monkeypatch):
    """Set the site's clock: clock(paris(2026, 12, 7, 10, 0))."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


ROLES_DENIED = ("shopper", "shopkeeper_a", "editor")
