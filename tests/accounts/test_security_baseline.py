"""The security baseline: sign-in throttling that cannot lock a real person out, password-reset limits,
the session key rotated at sign-in, uploaded pictures named after what they really are."""

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.base import SessionBase
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.module_loading import import_string
from PIL import Image

from shops.images import image_clean_upload

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide-42"
ATTACKER, SHOP, ELSEWHERE = "203.0.113.9", "198.51.100.20", "192.0.2.77"


@pytest.fixture
def person(db):
    return get_user_model().objects.create_user(email="camille@example.fr", password=PASSWORD)


def _sign_in(*, email: str, password: str, address: str, client: Client | None = None):
    client = client or Client(REMOTE_ADDR=address)
    data = {"login-username": email, "login-password": password, "login_submit": "1"}
    return client.post("/accounts/login/", data, REMOTE_ADDR=address)


def _signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_five_failures_lock_only_that_account_from_that_address(person):
    statuses = [
        _sign_in(email=person.email, password="mauvais", address=ATTACKER).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The form again after each failure, and the "too many attempts" page at the last one.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # The attacker's address is refused for this account, even with the right password…
    locked = _sign_in(email=person.email, password=PASSWORD, address=ATTACKER)
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode()
    # …while the person signs in from their own connection as usual,
    assert _signed_in(_sign_in(email=person.email, password=PASSWORD, address=SHOP))
    # and the attacker's address can still be used by someone else for their own account.
    other = get_user_model().objects.create_user(email="voisin@example.fr", password=PASSWORD)
    assert _signed_in(_sign_in(email=other.email, password=PASSWORD, address=ATTACKER))


def test_a_lock_ends_after_the_cool_off_and_failing_meanwhile_does_not_extend_it(person):
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        _sign_in(email=person.email, password="mauvais", address=ATTACKER)
    assert _sign_in(email=person.email, password=PASSWORD, address=ATTACKER).status_code == 429
    # As if the cool-off had passed since the first failures (attempt_time is the first failure's).
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert _signed_in(_sign_in(email=person.email, password=PASSWORD, address=ATTACKER))


def test_the_client_address_behind_nginx_is_its_x_real_ip(rf, settings):
    client_ip = import_string(settings.AXES_CLIENT_IP_CALLABLE)
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=ATTACKER)
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "127.0.0.1"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == ATTACKER


def test_password_reset_is_limited_per_email_address(person):
    client = Client()
    statuses = [
        client.post("/password-reset/", {"email": person.email}, REMOTE_ADDR=address).status_code
        for address in (ATTACKER, SHOP, ELSEWHERE, "192.0.2.78", "192.0.2.79")
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_the_session_key_changes_at_sign_in(person):
    client = Client(REMOTE_ADDR=SHOP)
    # An anonymous visitor's session (something kept in it), as an attacker could have planted its key.
    session = client.session
    session["visited"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key

    response = _sign_in(email=person.email, password=PASSWORD, address=SHOP, client=client)

    assert _signed_in(response)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    engine: SessionBase = import_string(settings.SESSION_ENGINE + ".SessionStore")
    assert not engine().exists(before)


@pytest.mark.parametrize(
    ("declared", "real", "extension"),
    [("photo.png", "WEBP", "webp"), ("page.html", "JPEG", "jpg"), ("script.js", "PNG", "png")],
)
def test_an_upload_is_stored_under_the_extension_of_what_it_was_re_encoded_to(declared, real, extension):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 200, 30)).save(buffer, real)
    uploaded = SimpleUploadedFile(declared, buffer.getvalue(), content_type="text/html")
    cleaned = image_clean_upload(uploaded=uploaded)
    assert cleaned.name.endswith(f".{extension}")
    assert Image.open(io.BytesIO(cleaned.read())).format == {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}[extension]
