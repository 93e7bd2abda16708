"""What payments tells the apps built on it (orders connects in its ready()), without importing them.

Sent inside the transaction that claims the webhook event, so a receiver's writes commit with the claim.
"""

from django.dispatch import Signal

# Stripe says a PaymentIntent on a shop's account changed; args: account (str), payment_intent (gateway.PaymentIntent),
# fetched again from Stripe. States only move forward: a receiver ignores what it has already gone past.
payment_intent_changed = Signal()
# Stripe says a card charge on a shop's account changed (refunded, from our dashboard or the shop's Stripe
# dashboard); args: account (str), charge (gateway.Charge), fetched again from Stripe. Its amounts only grow.
charge_changed = Signal()
