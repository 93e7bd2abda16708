"""A shop's Stripe account and the webhook events already handled.

Payments themselves are Oscar's `Source` (one per order) and `PaymentEvent` rows, written by the services.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConnectedAccount(models.Model):
    """The shop's own Stripe account (Connect, direct charges): money goes straight to the shop."""

    shop = models.OneToOneField(
        "shops.Shop", on_delete=models.PROTECT, related_name="stripe_account", verbose_name=_("boutique")
    )
    stripe_id = models.CharField(_("compte Stripe"), max_length=64, unique=True)
    charges_enabled = models.BooleanField(_("paiements activés"), default=False)
    details_submitted = models.BooleanField(_("informations transmises"), default=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("compte Stripe d'une boutique")
        verbose_name_plural = _("comptes Stripe des boutiques")

    def __str__(self):
        return self.stripe_id


class WebhookEvent(models.Model):
    """A Stripe event already handled: claimed in the same transaction as its effect, so a duplicate does nothing."""

    stripe_id = models.CharField(_("événement Stripe"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    account = models.CharField(_("compte"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("reçu le"), auto_now_add=True)

    class Meta:
        verbose_name = _("événement Stripe")
        verbose_name_plural = _("événements Stripe")

    def __str__(self):
        return self.stripe_id
