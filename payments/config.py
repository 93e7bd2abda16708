"""What the Stripe settings say: whether online payment is on, and where Stripe and Stripe.js live.

Read from settings at each call (never cached at import), so tests and `make run-stripe` can switch it.
"""

from django.conf import settings

# Stripe's own API; any other base (the fake server on loopback) is for tests and the offline demo.
DEFAULT_API_BASE = "https://api.stripe.com"
DEFAULT_JS_URL = "https://js.stripe.com/v3/"


def stripe_api_base() -> str:
    return (settings.STRIPE_API_BASE or DEFAULT_API_BASE).rstrip("/")


def stripe_js_url() -> str:
    """Stripe.js from the same origin as the API: Stripe's, or the fake server's stand-in."""
    base = stripe_api_base()
    if base == DEFAULT_API_BASE:
        return DEFAULT_JS_URL
    return f"{base}/js.stripe.com/v3/"


def stripe_origins() -> list[str]:
    """The origins the browser talks to while paying (for the Content-Security-Policy)."""
    base = stripe_api_base()
    if base == DEFAULT_API_BASE:
        return ["https://js.stripe.com", "https://api.stripe.com", "https://*.stripe.com"]
    return [base]


def online_payment_enabled() -> bool:
    """Online payment is offered only when both keys are set; pay at pickup always works."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)
