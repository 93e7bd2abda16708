"""Online payment (issue 14, Stripe Connect): off unless keys are given; pay at pickup always works.
Read from the environment; base.py imports it.
"""

import environ

env = environ.Env()

STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# The Connect endpoint's own secret, and the API base (empty: Stripe's; a loopback
# address for the fake server of `make run-stripe`). Stripe.js is loaded from that same origin. Then the
# seconds before a call to Stripe gives up (the shopper is waiting).
STRIPE_CONNECT_WEBHOOK_SECRET = env("STRIPE_CONNECT_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_TIMEOUT = env.int("STRIPE_TIMEOUT", default=20)
# Minutes a shopper has to pass 3-D Secure while the slot places and the stock stay held for them.
PAYMENT_HOLD_MINUTES = env.int("PAYMENT_HOLD_MINUTES", default=15)
