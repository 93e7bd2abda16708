"""Oscar's settings for the marketplace: the shop's name and currency, the order pipeline, the dashboard's menu.

Imported by base.py after Oscar's own defaults, which these override."""

from django.utils.translation import gettext_lazy as _

# Oscar's defaults first, so that our OSCAR_* values below override them.
from oscar.defaults import *  # noqa: F403
from oscar.defaults import OSCAR_DASHBOARD_NAVIGATION as _OSCAR_MENU

# The surveys' menu entry in Oscar's dashboard takes its own access rule (a module with no model import).
from surveys.access import dashboard_access_fn as surveys_dashboard_access_fn

OSCAR_SHOP_NAME = "En bas de ma rue"
OSCAR_SHOP_TAGLINE = _("Vos commerces de proximité, en retrait en boutique")
OSCAR_DEFAULT_CURRENCY = "EUR"
OSCAR_CURRENCY_FORMAT = {"EUR": {"currency_digits": True, "format_type": "standard"}}
OSCAR_HOMEPAGE = "/"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_MODERATE_REVIEWS = True
OSCAR_THUMBNAIL_DEBUG = False
# One order per shop moves forward only: placed → accepted → ready → collected, with refusal,
# cancellation and no-show as ends (the pickup board comes with the order follow-up work).
OSCAR_INITIAL_ORDER_STATUS = "placed"
OSCAR_INITIAL_LINE_STATUS = "placed"
OSCAR_ORDER_STATUS_PIPELINE = {
    # Online payment waiting for 3-D Secure: placed once authorised, unpaid if it fails or the hold expires.
    "awaiting_payment": ("placed", "unpaid"),
    "unpaid": (),
    "placed": ("accepted", "refused", "cancelled"),
    "accepted": ("ready", "cancelled"),
    "ready": ("collected", "cancelled", "not_collected"),
    "collected": (),
    "refused": (),
    "cancelled": (),
    "not_collected": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE
# PURE's staff screens, then shops.access.dashboard_access_fn for every other entry.
OSCAR_DASHBOARD_DEFAULT_ACCESS_FUNCTION = "pure.access.dashboard_access_fn"
# Our entries first: what a shopkeeper and the CCI staff open most.
OSCAR_DASHBOARD_NAVIGATION = [
    {"label": _("Ma boutique"), "icon": "fas fa-store", "url_name": "my-shop:index"},
    # Its counter of new orders: templates/oscar/dashboard/layout.html.
    {"label": _("Commandes"), "icon": "fas fa-clipboard-list", "url_name": "pickup-board:index"},
    {"label": _("Boutiques à valider"), "icon": "fas fa-check", "url_name": "shop-review:index"},
    # Statistics (issue 18): a shop's own, then the CCI staff's (each entry shown to whom it concerns).
    {"label": _("Mes statistiques"), "icon": "fas fa-chart-bar", "url_name": "shop-stats:index"},
    {
        "label": _("Statistiques"),
        "icon": "fas fa-chart-line",
        "children": [
            {"label": _("Activité des boutiques"), "url_name": "staff-stats:revenue"},
            {"label": _("Boutiques sans commande"), "url_name": "staff-stats:dormant"},
            {"label": _("Inscriptions des boutiques"), "url_name": "staff-stats:funnel"},
        ],
    },
    {
        "label": _("PURE"),
        "icon": "fas fa-headset",
        "children": [
            {"label": _("Demandes de rappel"), "url_name": "pure-support:queue"},
            {"label": _("Ligne Allo CCI"), "url_name": "pure-support:hotline"},
            {"label": _("Check-lists : résultats"), "url_name": "pure-support:checklists"},
        ],
    },
    # Member surveys (issue 18): CCI staff with the surveys' permissions only.
    {
        "label": _("Enquêtes"),
        "icon": "fas fa-poll",
        "url_name": "surveys-staff:index",
        "access_fn": surveys_dashboard_access_fn,
    },
    *_OSCAR_MENU,
]
# Haystack backs only Oscar's own /search/ page; catalogue listings come from the database.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
