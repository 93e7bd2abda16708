"""A fake Stripe on loopback for the tests and the offline demo: localstripe (a test dependency) and our shim."""
