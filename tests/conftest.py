import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Migrate once, then load the demo data once for the whole run.

    Each test runs in a transaction rolled back at its end, so every test sees the
    same demo marketplace; seed_demo is idempotent, so a kept database is fine.
    """
    from django.db import connection

    # Only ever seed the test database, never a real one.
    name = str(connection.settings_dict["NAME"])
    test_name = (connection.settings_dict.get("TEST") or {}).get("NAME")
    if name != test_name and not name.rsplit("/", 1)[-1].startswith("test"):
        return
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request in English leaves English active in its thread
    (Django's test client does not reset it), and a test after it that validates a form directly would read
    its messages in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached counts, sessions in Redis)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _page_cache_minute_held(monkeypatch):
    """The page cache keeps a page within the clock minute it was rendered in; a test that asserts a
    miss then a hit must not fail because a busy machine crossed a minute between the two requests.
    Tests of the minute rule set the minute themselves."""
    from kernel import page_cache

    minute = page_cache._minute()
    monkeypatch.setattr(page_cache, "_minute", lambda: minute)


@pytest.fixture
def page_cache_off(settings):
    """Every page rendered, as for a signed-in visitor: for query budgets and the
    caches beneath the whole-page cache, which would otherwise answer a second anonymous visit itself
    (tests/test_page_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def demo_users(django_db_setup):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    emails = {
        "shopper": "client@demo.enbasdemarue.fr",
        "shopkeeper_a": "boulangerie@demo.enbasdemarue.fr",
        "shopkeeper_b": "fromagerie@demo.enbasdemarue.fr",
        "editor": "editeur@demo.enbasdemarue.fr",
        "staff": "equipe@demo.enbasdemarue.fr",
        "superuser": "admin@demo.enbasdemarue.fr",
    }
    return {role: User.objects.get(email=email) for role, email in emails.items()}


# The fake Stripe server and the settings that use it (payments, issue 14).
from tests.fake_stripe import fake_stripe, stripe_on  # noqa: E402, F401


@pytest.fixture(scope="module")
def race_db(django_db_setup, django_db_blocker, tmp_path_factory, request):
    """A private copy of the test database for one race module (tests/orders/racedb.py says why)."""
    from tests.orders.racedb import RaceDatabase, race_database_create, race_database_drop

    name = request.module.__name__.rsplit(".", 1)[-1]
    with django_db_blocker.unblock():
        settings_dict = race_database_create(tmp_path=tmp_path_factory.mktemp(name))
    database = RaceDatabase(settings_dict)
    yield database
    with django_db_blocker.unblock():
        database.close()
        race_database_drop(settings_dict=settings_dict)


@pytest.fixture
def race(race_db, django_db_blocker):
    # The workers' connections go through the same guard as the tests' own.
    with django_db_blocker.unblock():
        yield race_db


def pytest_collection_modifyitems(config, items):
    """The race tests open up to 50 connections each (tests/orders/racedb.py): with `--dist loadgroup` they
    all run on one pytest-xdist worker, one after another, so two of them never ask PostgreSQL (100
    connections by default) for 100 at once."""
    for item in items:
        if "race_db" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("races"))
