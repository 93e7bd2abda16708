"""Stripe's two webhook endpoints: the platform's own events, and the shops' accounts' (Connect).

These are the project's only CSRF-exempt views (tests/payments/test_webhooks.py checks it): Stripe cannot
send a CSRF token, it signs the raw body instead, and nothing is done before that signature is checked.
"""

import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import gateway
from ..services.webhooks import webhook_event_handle

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def platform_webhook(request):
    return _receive(request, secret=settings.STRIPE_WEBHOOK_SECRET)


@csrf_exempt
@require_POST
def connect_webhook(request):
    return _receive(request, secret=settings.STRIPE_CONNECT_WEBHOOK_SECRET)


def _receive(request, *, secret: str):
    if not secret:
        # A server fault, not the sender's: Stripe keeps the event and retries once the secret is set.
        logger.error("Stripe webhook received but its signing secret is not configured")
        return HttpResponse(status=500)
    try:
        event = gateway.webhook_event_construct(
            payload=request.body, signature=request.headers.get("Stripe-Signature", ""), secret=secret
        )
    except gateway.WebhookSignatureInvalid:
        return HttpResponseBadRequest()
    try:
        webhook_event_handle(event=event)
    except gateway.GatewayUnavailable:
        # We need a 2xx response otherwise Stripe will keep trying: here we want it to try again later.
        return HttpResponse(status=503)
    except gateway.GatewayError as error:
        if error.code == "resource_missing":
            # Stripe knows no such object on that account: nothing of ours to change, and nothing to retry.
            return HttpResponse(status=200)
        logger.error("Stripe refused to give back the object of event %s: %s", event["id"], error)
        return HttpResponse(status=500)
    return HttpResponse(status=200)
