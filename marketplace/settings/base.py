"""Settings shared by every environment; the others import this and override."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
# A local .env is read when present; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# After .env is read: it reads the environment when imported.
from .scale_out import media_storage, search_backend  # noqa: E402

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Project apps come before Oscar and Wagtail so that their templates win.
    "kernel.accounts.apps.AccountsConfig",
    "editorial.apps.EditorialConfig",
    "sitesearch.apps.SiteSearchConfig",
    "shops.apps.ShopsConfig",
    "orders.apps.OrdersConfig",
    # Online payment (Stripe Connect), between the shops and the orders that use it.
    "payments.apps.PaymentsConfig",
    "pure.apps.PureConfig",
    # Issue 18: member surveys (a domain app) and the public barometer that reads them and the orders.
    "surveys.apps.SurveysConfig",
    "barometer.apps.BarometerConfig",
    # Demo data (`manage.py seed_demo`): may import every app above, none imports it.
    "demo.apps.DemoConfig",
    # Oscar, with our thin forks in place of the apps they replace.
    "oscar.config.Shop",
    "oscar_apps.analytics.AnalyticsConfig",
    "oscar.apps.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar_apps.partner.apps.PartnerConfig",
    "oscar_apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar_apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar_apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    # The news index's feed (/actualites/flux/) is a route of the page itself.
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    # English versions of pages: an editor's "Translate" copies a page into the English tree (issue 16).
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    # The database queue of the production worker (`manage.py db_worker`); unused by the immediate backend.
    "django_tasks_db",
    "csp",
    # Sign-in throttling (below, "Sign-in throttling").
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above everything that reads the database: a lost connection is retried once, else a 503 page.
    "kernel.db_resilience.LostConnectionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Below the sessions: a POST's writes in one transaction, committed before its session is saved, so
    # a connection lost half-way leaves nothing behind and the request can be run again (above).
    "kernel.db_resilience.WritesAtomicMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # ?lang=en-gb: an address in a language (the English version of a page), kernel/language.py.
    "kernel.language.AddressLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Inside the CSRF middleware (which sets each visitor's token cookie), before everything a
    # cached page skips: authentication, messages, the basket, the view.
    "kernel.page_cache.PublicPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's middleware, strict on the public site, relaxed in the back offices (marketplace/csp.py).
    "marketplace.csp.SiteCSPMiddleware",
    # Oscar's, reading the lines with their shop, stock mode and product class in one query (issue 20).
    "oscar_apps.basket_middleware.BasketMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: answers a locked-out sign-in with kernel.accounts.throttle's page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar_apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.core.context_processors.metadata",
                "editorial.context_processors.site_chrome",
                "pure.context_processors.hotline",
                "kernel.context_processors.map_tiles",
                "kernel.context_processors.language_switch",
                # The header's basket count in one query, without Oscar's full basket load (issue 20).
                "kernel.basket_count.basket_count",
                "kernel.header_access.header_access",
                "payments.context_processors.online_payment",
            ],
            # `{% load prices %}`: Oscar's currency filter, formatted amounts kept (oscar_apps/currency_filters.py);
            # `{% load cached_html %}`: `{% sharedcache %}`, HTML kept for every visitor (kernel/cached_html.py).
            "libraries": {"prices": "oscar_apps.currency_filters", "cached_html": "kernel.cached_html"},
        },
    },
]

# Database: SQLite is the embedded default. IMMEDIATE transactions make concurrent
# writers queue on the busy timeout instead of failing with "database is locked"
# when a read transaction tries to upgrade to a write.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
            ),
        }
    )
else:
    # Reusing connections doubles the product page's throughput on this machine.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer (a failover, a network cut) fails a connection attempt within
    # seconds, not TCP's minutes: the visitor gets the "réessayez" page and the worker is free again.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out (account, address) pair before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "customer:login"
# Shopkeepers and staff to their dashboard, shoppers to their account (marketplace/accounts/views.py).
LOGIN_REDIRECT_URL = "login-landing"

# Cache and sessions: local memory and the database by default, Redis when configured,
# so that several app servers share them.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "kernel.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "enbas",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    # Room for the cached pages and product grids of a small territory (Django's default is 300).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Whole public pages kept for visitors not signed in and with no message waiting (kernel/page_cache.py),
# within the clock minute they were rendered in; 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
PAGE_CACHE_VIEWS = [
    "home",
    "wagtail_serve",
    "shops:directory",
    "shops:storefront",
    "product-detail",
    "catalogue:index",
    "catalogue:category",
    "sitesearch:results",
    "barometer:index",
]
# Cookies that only hold what an address chose (the town picked in the directory): a page is kept per
# value, and kept with the cookie it sets.
PAGE_CACHE_SHARED_COOKIES = ["shops_near"]

# i18n: French first, English second.
LANGUAGE_CODE = "fr"
# British English: Oscar ships an en_US catalogue that would turn "basket" into "cart".
LANGUAGES = [("fr", "Français"), ("en-gb", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files that browsers ask for at the site's root (/favicon.ico), served there by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set (marketplace/settings/scale_out.py).
STORAGES["default"] = media_storage() or STORAGES["default"]
# Images above this many bytes are refused before decoding.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Email: console and files under the media folder by default, SMTP from EMAIL_URL.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "kernel.mail.ConsoleAndFileEmailBackend"
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(MEDIA_ROOT / "emails"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="En bas de ma rue <ne-pas-repondre@enbasdemarue.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# PURE: who gets the reminder of call-back requests waiting a working day (`manage.py pure_jobs`);
# empty: the active staff of the CCI staff group.
PURE_TEAM_EMAILS = env.list("PURE_TEAM_EMAILS", default=[])

# Background work: run at once by default; production.py queues it in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="") or "django_tasks.backends.immediate.ImmediateBackend"}}

# Online payment (Stripe Connect): off unless keys are given; pay at pickup always works.
from .online_payment import *  # noqa: E402, F403

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# The map tiles' provider (plain and retina URLs, credit): their origins are allowed for images below.
from .map_tiles import *  # noqa: E402, F403

# Scripts and styles come from our own static files only: no inline script, style element or style
# attribute on the public site. The back offices (Oscar's dashboard, Wagtail's and Django's admin: their
# templates carry inline scripts and styles) get 'unsafe-inline' added (marketplace/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *MAP_TILES_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
CSP_RELAXED_PREFIXES = ["/dashboard/", "/cms/", "/django-admin/"]
# Wagtail's admin would fetch avatars from Gravatar and its release check from wagtail.org: the CSP
# blocks both (nothing from another origin), so they are turned off rather than failing in the console.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Oscar: the shop, the order pipeline, the dashboard menu (marketplace/settings/oscar_site.py).
from .oscar_site import *  # noqa: E402, F403

# RGPD (issue 18): a guest's name, phone and email are erased from their orders this many days after placing
# them (orders_jobs); the orders stay for the shops' records.
GUEST_DATA_RETENTION_DAYS = env.int("GUEST_DATA_RETENTION_DAYS", default=365)

# Wagtail.
WAGTAIL_SITE_NAME = "En bas de ma rue"
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# English versions of pages are Wagtail translations (a second page tree in the "en-gb" locale). The site
# keeps one address per page and the visitor's language (cookie or ?lang=): editorial.translation serves
# the English version where one is published, else the French page with a note.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "french",
    }
}
# OpenSearch or Elasticsearch when SEARCH_URL is set (marketplace/settings/scale_out.py).
WAGTAILSEARCH_BACKENDS["default"] = search_backend() or WAGTAILSEARCH_BACKENDS["default"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "txt", "csv"]
# Documents go through Wagtail's view (permission and privacy checks), never a direct media link.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Editors' pictures: no SVG (a script carrier), at most 40 megapixels (a decompression bomb stops there).
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Scheduled publishing runs from `manage.py publish_scheduled` (cron); moderation through workflows.
WAGTAIL_WORKFLOW_ENABLED = True

# Application prefixes that a top-level Wagtail page may not take as its slug.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "basket",
        "catalogue",
        "checkout",
        "cms",
        "commercants",
        "dashboard",
        "django-admin",
        "healthz",
        "i18n",
        "media",
        "offers",
        "boutiques",
        "recherche",
        "search",
        "static",
        "stripe",
        "commandes",
        "pure",
        "barometre",
        "enquetes",
    }
)

# Sign-in throttling: django-axes, keyed on (account, address) (marketplace/settings/scale_out.py).
from .scale_out import *  # noqa: E402, F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
