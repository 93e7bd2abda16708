"""Browser tests: Debian's Chromium driven by Playwright against a real server process.

The server runs `manage.py runserver` on a copy of the test database (demo data already
loaded), so what the browser does never leaks into the other tests' database.
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "var" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests
# themselves happen between browser steps, never concurrently with them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _copy_database(connection, tmp_path: Path, label: str) -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        target = tmp_path / "e2e.sqlite3"
        source = sqlite3.connect(settings["NAME"])
        copy = sqlite3.connect(target)
        source.backup(copy)
        source.close()
        copy.close()
        return f"sqlite:///{target}"
    import psycopg

    name = settings["NAME"]
    copy_name = f"{name}_{label}"
    connection.close()
    params = {
        "dbname": "postgres",
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
    }
    if settings["PASSWORD"]:
        params["password"] = settings["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')
        admin.execute(f'CREATE DATABASE "{copy_name}" TEMPLATE "{name}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{params['host']}:{params['port']}/{copy_name}"


@contextmanager
def _server(tmp_path: Path, *, extra_env: dict | None = None, before: tuple = (), label: str = "e2e"):
    """`runserver` on a copy of the test database (commands of `before` run on the copy first); its base URL."""
    from django.conf import settings
    from django.db import connection

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    # Each server its own copy: on PostgreSQL a database of its own name, the other server still using its own.
    database_url = _copy_database(connection, tmp_path, label)
    # E2E_PORT: a port of one's own when several people share the machine.
    port = int(os.environ.get("E2E_PORT") or 0)
    if port and extra_env:
        port += 1  # the second server of the session (online payment) takes the next one
    port = port or _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.server_settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": database_url,
        # runserver answers each request in a new thread: a connection kept past its request stays open
        # until collected, and beside the race tests' 50 they took PostgreSQL past its 100 (a CI run).
        "CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_FILE_PATH": str(tmp_path / "emails"),
        **(extra_env or {}),
    }
    env.pop("REDIS_URL", None)
    for command in before:
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    log = open(tmp_path / "server.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        # A busy machine (other test runs beside this one) may take a while to run the system checks.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the e2e server did not start:\n" + (tmp_path / "server.log").read_text())
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        if connection.vendor == "sqlite":
            shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.fixture(scope="session")
def e2e_server(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), _server(tmp_path_factory.mktemp("e2e")) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def e2e_stripe_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """A server with online payment on, against a fake Stripe of its own; `seed_demo` connects the first two
    demo shops to it (as `make run-stripe` does). Its base URL."""
    from tests.fake_stripe import PUBLISHABLE_KEY, SECRET_KEY, fake_stripe_running

    with fake_stripe_running() as fake:
        stripe_env = {
            "STRIPE_SECRET_KEY": SECRET_KEY,
            "STRIPE_PUBLISHABLE_KEY": PUBLISHABLE_KEY,
            "STRIPE_API_BASE": fake.url,
        }
        tmp_path = tmp_path_factory.mktemp("stripe-e2e")
        seeded, label = (("seed_demo",),), "e2e_pay"
        with django_db_blocker.unblock(), _server(tmp_path, extra_env=stripe_env, before=seeded, label=label) as url:
            yield url


@pytest.fixture(scope="session")
def browser(e2e_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, e2e_server):
    """A French shopper's phone: 375 px wide, French browser."""
    context = browser.new_context(
        base_url=e2e_server, viewport={"width": 375, "height": 812}, locale="fr-FR", is_mobile=True
    )
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path | None:
    """Keep a picture of the page in var/screenshots/ for people to look at.

    The picture is a record, not an assertion: under load Chromium sometimes answers
    "Unable to capture screenshot" for a full-page capture (CI failed on it once), so the
    capture is tried again, then as the viewport only, and a picture that cannot be taken
    is reported as a warning rather than failing the behaviour the test checks.
    """
    from playwright.sync_api import Error as PlaywrightError

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    last_error = None
    for full_page in (True, True, False):
        try:
            page.screenshot(path=str(path), full_page=full_page)
            return path
        except PlaywrightError as error:
            last_error = error
            page.wait_for_timeout(300)
    warnings.warn(f"screenshot {name!r} not taken: {last_error}", stacklevel=2)
    return None


@pytest.fixture(scope="session")
def e2e_email_dir(e2e_server, tmp_path_factory) -> Path:
    """The folder where the e2e server writes each email it sends (its EMAIL_FILE_PATH)."""
    # e2e_server makes one "e2e…" temporary folder per session, with the server's log and "emails" in it;
    # pytest also links it as "e2ecurrent", hence the set of resolved paths.
    base = tmp_path_factory.getbasetemp()
    folders = {path.resolve() for path in base.glob("e2e*") if (path / "server.log").exists()}
    assert len(folders) == 1, folders
    return folders.pop() / "emails"
