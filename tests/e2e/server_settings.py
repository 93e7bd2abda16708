"""Settings of the browser tests' server: the embedded default, reading the test database's passwords."""

from marketplace.settings.dev import *  # noqa: F403

# The server runs on a copy of the test database, whose demo passwords the test settings hashed
# with the fast MD5 hasher; new accounts made through the browser use the default one.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
