"""What the production layout adds to one server: sign-in throttling behind a proxy, media on S3-compatible
storage, search on OpenSearch/Elasticsearch. Read from the environment; base.py imports it.
"""

from datetime import timedelta

import environ

env = environ.Env()

# Sign-in throttling (django-axes; kernel/accounts/throttle.py). Failures are counted per (account,
# address) pair, never per account alone, so nobody can lock a real person out; a pair is locked for
# AXES_COOLOFF_MINUTES after AXES_FAILURE_LIMIT failures, and failing again meanwhile does not extend it.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "kernel.accounts.throttle.client_ip"
AXES_USERNAME_CALLABLE = "kernel.accounts.throttle.client_username"
AXES_LOCKOUT_CALLABLE = "kernel.accounts.throttle.axes_lockout_response"
AXES_VERBOSE = False


def media_storage() -> dict | None:
    """Media on S3-compatible storage (django-storages; `pip install boto3` then) when a bucket is named,
    so that app servers on several machines share uploads; one machine's servers share MEDIA_ROOT instead."""
    bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
            # Pictures are re-encoded before they are saved: their type is the one of the new file.
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }


def search_backend() -> dict | None:
    """Beyond one database: OpenSearch or Elasticsearch (modelsearch's backends; `pip install opensearch-py`
    or `elasticsearch`), e.g. SEARCH_BACKEND=wagtail.search.backends.opensearch3 SEARCH_URL=https://search:9200,
    then `manage.py update_index` (README, "Deploy")."""
    if not env("SEARCH_URL", default=""):
        return None
    return {
        "BACKEND": env("SEARCH_BACKEND", default="wagtail.search.backends.opensearch3"),
        "URLS": env.list("SEARCH_URL"),
        "INDEX_PREFIX": env("SEARCH_INDEX_PREFIX", default="enbasdemarue_"),
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {"settings": {"index": {"analysis": {"analyzer": {"default": {"type": "french"}}}}}},
    }
