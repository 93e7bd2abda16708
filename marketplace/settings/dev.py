"""The embedded default: SQLite, demo data, pay at pickup, emails to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A development-only key; production.py refuses to start without its own.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-enbasdemarue-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
