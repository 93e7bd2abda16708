"""The Stripe settings: off by default, a half-set configuration warns, a live key never leaves for a fake server."""

from django.core.management import call_command

from payments.checks import stripe_settings_check
from payments.config import online_payment_enabled, stripe_js_url


def _ids(settings_obj=None):
    return sorted(message.id for message in stripe_settings_check())


def test_no_keys_is_pay_at_pickup_only_and_clean(settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    assert not online_payment_enabled()
    assert _ids() == []
    call_command("check", "--fail-level", "WARNING")


def test_half_set_keys_warn(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_abc"
    settings.STRIPE_PUBLISHABLE_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    assert _ids() == ["payments.W001"]
    assert not online_payment_enabled()


def test_missing_webhook_secret_warns(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_abc"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_abc"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_a"
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    messages = stripe_settings_check()
    assert [m.id for m in messages] == ["payments.W001"]
    assert "STRIPE_CONNECT_WEBHOOK_SECRET" in messages[0].msg


def test_live_key_with_another_api_base_is_refused(settings):
    settings.STRIPE_SECRET_KEY = "sk_live_abc"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_live_abc"
    settings.STRIPE_WEBHOOK_SECRET = settings.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_a"
    settings.STRIPE_API_BASE = "http://127.0.0.1:8142"
    assert _ids() == ["payments.E001"]
    settings.STRIPE_API_BASE = ""
    assert _ids() == []
    settings.STRIPE_API_BASE = "https://api.stripe.com/"
    assert _ids() == []


def test_keys_of_two_modes_are_refused(settings):
    settings.STRIPE_SECRET_KEY = "sk_live_abc"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_abc"
    settings.STRIPE_WEBHOOK_SECRET = settings.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_a"
    settings.STRIPE_API_BASE = ""
    assert _ids() == ["payments.E002"]


def test_stripe_js_comes_from_the_api_origin(settings):
    settings.STRIPE_API_BASE = ""
    assert stripe_js_url() == "https://js.stripe.com/v3/"
    settings.STRIPE_API_BASE = "http://127.0.0.1:8142/"
    assert stripe_js_url() == "http://127.0.0.1:8142/js.stripe.com/v3/"


def test_only_the_gateway_imports_stripe():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    importers = []
    for path in root.glob("*/**/*.py"):
        if path.parts[len(root.parts)] in (".venv", "tests", "var", "node_modules"):
            continue
        text = path.read_text()
        if "import stripe" in text or "from stripe" in text:
            importers.append(str(path.relative_to(root)))
    assert importers == ["payments/gateway.py"]
