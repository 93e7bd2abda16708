"""Settings for the benchmark: the production settings, on a local PostgreSQL, over plain http.

tests/bench/run.py sets the environment production.py requires (DJANGO_SECRET_KEY, DATABASE_URL,
ALLOWED_HOSTS) plus SECURE_SSL_REDIRECT=false, STATIC_ROOT and MEDIA_ROOT, then starts gunicorn
with these settings.
"""

from marketplace.settings.production import *  # noqa: F403
from marketplace.settings.production import env

# The plain "hello" view in front of the site: the ceiling every page is compared with.
ROOT_URLCONF = env("BENCH_ROOT_URLCONF", default="tests.bench.urls")
STATIC_ROOT = env("STATIC_ROOT")
