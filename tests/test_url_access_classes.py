"""Every named URL of the site belongs to one access class, and each class is checked over HTTP.

The completeness test walks Django's URL resolver: a new named URL (ours, Oscar's, Wagtail's, Django
admin's) that no rule below classifies fails the build, so nobody adds a page without saying who may
open it. The checks then open each URL (with made-up identifiers where it takes some) as the people
it must refuse: an anonymous visitor, a shopper, a shopkeeper. The fine-grained checks (each
dashboard page, each role, shop A against shop B, POSTs changing nothing) stay in
tests/shops/test_authorization_matrix.py.
"""

from __future__ import annotations

import itertools
from fnmatch import fnmatch

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

PUBLIC = "public"
SIGNED_IN = "signed-in"
SHOP_STAFF = "shop staff"
CCI_STAFF = "CCI staff"
WEBHOOK = "webhook"

# First match wins: exact names and fnmatch patterns on "namespace:name".
RULES: list[tuple[str, str]] = [
    # Load balancers, search engines, language switch, the editorial site and Wagtail's document view
    # (which checks each document's privacy itself).
    ("healthz", PUBLIC),
    ("sitemap", PUBLIC),
    ("sitemap-section", PUBLIC),
    ("set_language", PUBLIC),
    ("home", PUBLIC),
    ("wagtail_serve", PUBLIC),
    ("wagtaildocs_serve", PUBLIC),
    ("wagtaildocs_authenticate_with_password", PUBLIC),
    ("wagtailcore_authenticate_with_password", PUBLIC),
    ("wagtailimages_serve", PUBLIC),
    ("wagtailadmin_login", PUBLIC),
    ("wagtailcore_login", PUBLIC),
    # Sign-in pages and the scripts and icons they load.
    ("admin:login", PUBLIC),
    ("admin:logout", PUBLIC),
    ("admin:javascript-catalog", PUBLIC),
    ("wagtailadmin_javascript_catalog", PUBLIC),
    ("wagtailadmin_sprite", PUBLIC),
    ("wagtailadmin_password_reset*", PUBLIC),
    # Shoppers, signed in or not.
    ("product-detail", PUBLIC),
    ("shops:*", PUBLIC),
    ("sitesearch:*", PUBLIC),
    ("search:*", PUBLIC),
    ("catalogue:reviews-add", SIGNED_IN),
    ("catalogue:reviews-vote", SIGNED_IN),
    ("catalogue:*", PUBLIC),
    ("offer:*", PUBLIC),
    ("basket:saved", SIGNED_IN),
    ("basket:*", PUBLIC),
    ("checkout:*", PUBLIC),
    ("pickup-checkout:*", PUBLIC),
    ("orders:track*", PUBLIC),
    ("orders:*", SIGNED_IN),
    ("pure:business-account", SIGNED_IN),
    ("pure:invoice", SIGNED_IN),
    ("pure:*", PUBLIC),
    ("robots-txt", PUBLIC),
    ("barometer:*", PUBLIC),
    # A member's personal survey link and opt-out: the signed token in the address is the key.
    ("surveys:*", PUBLIC),
    ("my-data:*", SIGNED_IN),
    ("signup:*", PUBLIC),
    ("password-reset*", PUBLIC),
    ("wishlists:detail", PUBLIC),
    ("customer:login", PUBLIC),
    ("customer:logout", PUBLIC),
    ("customer:register", PUBLIC),
    ("customer:anon-order*", PUBLIC),
    ("customer:alerts-confirm", PUBLIC),
    ("customer:alerts-cancel-by-key", PUBLIC),
    ("customer:alert-create", PUBLIC),
    # Redirects to "Mes commandes" (marketplace/urls.py), which asks to sign in.
    ("customer:order-list", PUBLIC),
    ("customer:order", PUBLIC),
    # Oscar's account deletion leads to "Mes données" (RGPD), which asks to sign in.
    ("customer:profile-delete", PUBLIC),
    ("customer:*", SIGNED_IN),
    ("login-landing", SIGNED_IN),
    # A shop's own back office (which shop's objects each one reaches: the authorization matrix).
    ("dashboard:login", PUBLIC),
    ("dashboard:logout", PUBLIC),
    ("my-shop:invitation-accept", PUBLIC),
    ("my-shop:*", SHOP_STAFF),
    ("pickup-board:*", SHOP_STAFF),
    ("shop-stats:*", SHOP_STAFF),
    ("shop-payment:*", SHOP_STAFF),
    ("dashboard:index", SHOP_STAFF),
    ("dashboard:catalogue-product*", SHOP_STAFF),
    ("dashboard:stock-alert-list", SHOP_STAFF),
    ("dashboard:order-*", SHOP_STAFF),
    # The CCI's back offices: shop review, PURE's support, Oscar's marketplace-wide screens, the CMS
    # (editors are CCI staff) and Django's admin (superusers).
    ("shop-review:*", CCI_STAFF),
    ("pure-support:*", CCI_STAFF),
    ("staff-stats:*", CCI_STAFF),
    ("surveys-staff:*", CCI_STAFF),
    ("dashboard:*", CCI_STAFF),
    ("admin:*", CCI_STAFF),
    ("editorial_*_chooser:*", CCI_STAFF),
    ("wagtail*", CCI_STAFF),
    # The CMS's "Translate" (an English version of a page, issue 16).
    ("simple_translation:*", CCI_STAFF),
    ("_util:*", CCI_STAFF),
    # Stripe's callbacks: signed, POST only.
    ("stripe-webhooks:*", WEBHOOK),
]

# Who each class must refuse (a GET answered with a sign-in redirect, 403, 404 or 405).
REFUSED = {
    PUBLIC: (),
    SIGNED_IN: ("anonymous",),
    SHOP_STAFF: ("anonymous", "shopper"),
    CCI_STAFF: ("anonymous", "shopper", "shopkeeper"),
    WEBHOOK: ("anonymous", "shopper"),
}
CANDIDATES = ("999999", "inexistant", "default_for_billing", "aa/bb")


def _walk(patterns, namespace="", keys=()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, keys + _keys(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", keys + _keys(entry.pattern)


def _keys(pattern) -> tuple[str, ...]:
    return tuple(getattr(pattern, "converters", {}) or pattern.regex.groupindex)


def _named_urls() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for name, keys in _walk(get_resolver().url_patterns):
        found.setdefault(name, keys)
    return found


def access_class(name: str) -> str | None:
    return next((access for pattern, access in RULES if fnmatch(name, pattern)), None)


def _url(name: str, keys: tuple[str, ...]) -> str | None:
    for values in itertools.product(CANDIDATES, repeat=len(keys)):
        try:
            return reverse(name, kwargs=dict(zip(keys, values, strict=True)))
        except NoReverseMatch:
            continue
    return None


def test_every_named_url_has_an_access_class():
    names = _named_urls()
    assert len(names) > 500, "the resolver walk found too little"
    unclassified = sorted(name for name in names if access_class(name) is None)
    assert not unclassified, f"named URLs in no access class (add a rule to RULES): {unclassified}"


def test_the_classification_catches_a_new_url():
    assert access_class("new-app:secret-page") is None
    assert access_class("dashboard:new-marketplace-screen") == CCI_STAFF


@pytest.fixture
def clients(demo_users):
    result = {"anonymous": Client(raise_request_exception=False)}
    for role, user in (("shopper", "shopper"), ("shopkeeper", "shopkeeper_a")):
        result[role] = Client(raise_request_exception=False)
        result[role].force_login(demo_users[user])
    return result


def _refused(response) -> bool:
    if response.status_code in (301, 302):
        return "login" in response["Location"] or "connexion" in response["Location"]
    return response.status_code in (400, 403, 404, 405)


@pytest.mark.parametrize("access", [SIGNED_IN, SHOP_STAFF, CCI_STAFF])
def test_each_protected_url_refuses_those_its_class_excludes(access, clients):
    checked, opened = 0, []
    for name, keys in sorted(_named_urls().items()):
        if access_class(name) != access:
            continue
        url = _url(name, keys)
        if url is None:
            continue
        for role in REFUSED[access]:
            # Django's admin guards every page with one check: a sample of its pages for the signed-in roles.
            if role != "anonymous" and name.startswith("admin:") and hash(name) % 10:
                continue
            response = clients[role].get(url)
            checked += 1
            if not _refused(response):
                opened.append(f"{name} {url} as {role}: {response.status_code}")
    assert checked > 0
    assert not opened, "\n".join(opened)


def test_public_urls_open_without_signing_in(clients):
    refused = []
    for name, keys in sorted(_named_urls().items()):
        if access_class(name) != PUBLIC or name in {"customer:logout", "dashboard:logout"}:
            continue
        url = _url(name, keys)
        if url is None:
            continue
        response = clients["anonymous"].get(url)
        if (
            response.status_code >= 500
            or response.status_code in (401, 403)
            or (response.status_code == 302 and "login" in response["Location"] and "login" not in url)
        ):
            refused.append(f"{name} {url}: {response.status_code} {response.get('Location', '')}")
    assert not refused, "\n".join(refused)
