"""Settings for the test suite: SQLite in memory by default, PostgreSQL from DATABASE_URL."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-insecure-key-enbasdemarue"  # noqa: S105 - tests only
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# The manifest needs collectstatic; tests render pages without it.
STORAGES = {
    "default": {"BACKEND": "tests.storage.KeepFilesStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not memory) so browser tests can copy it; TEST_SQLITE_NAME separates parallel runs.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_SQLITE_NAME", default=str(BASE_DIR / "var" / "test.sqlite3"))}
