"""System checks of the Stripe settings (`manage.py check`): a half-set configuration is a warning,
a live key sent anywhere but Stripe is an error."""

from django.conf import settings
from django.core import checks

from .config import DEFAULT_API_BASE, stripe_api_base

KEY_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_CONNECT_WEBHOOK_SECRET")


@checks.register(checks.Tags.security)
def stripe_settings_check(app_configs=None, **kwargs):
    errors = []
    given = [name for name in KEY_SETTINGS if getattr(settings, name, "")]
    missing = [name for name in KEY_SETTINGS if not getattr(settings, name, "")]
    if given and missing:
        errors.append(
            checks.Warning(
                f"Stripe is half configured: {', '.join(given)} set but {', '.join(missing)} empty.",
                hint="Set all of them for online payment, or none for pay at pickup only.",
                id="payments.W001",
            )
        )
    secret = settings.STRIPE_SECRET_KEY or ""
    if secret.startswith(("sk_live_", "rk_live_")) and stripe_api_base() != DEFAULT_API_BASE:
        errors.append(
            checks.Error(
                f"A live Stripe key would be sent to {stripe_api_base()}.",
                hint=f"A live key only goes to {DEFAULT_API_BASE}: empty STRIPE_API_BASE or use a test key.",
                id="payments.E001",
            )
        )
    publishable = settings.STRIPE_PUBLISHABLE_KEY or ""
    if secret and publishable and secret.startswith("sk_live_") != publishable.startswith("pk_live_"):
        errors.append(
            checks.Error(
                "STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY are not of the same mode (live and test).",
                id="payments.E002",
            )
        )
    return errors
