"""Whole public pages cached for visitors who are not signed in and have no message waiting.

A shopper's visits before signing in (the home page, the directory, a storefront, a product, a
search) are the same page for everybody but for the CSRF token of their forms and the count of the
header's basket badge. Such a page is rendered once and kept, the tokens and the count replaced by
placeholders; each visitor gets it with their own token (the CSRF cookie set by Django's own
middleware around this one) and their basket's count (one query) put back.

What decides that a page is the same for everybody:
- the request: a GET without a session or messages cookie (a signed-in user or a shopper with a
  message waiting is always rendered afresh), keyed on the full address (scheme, host,
  path, query), the language and the values of settings.PAGE_CACHE_SHARED_COOKIES (cookies that
  only hold what the address chose, like the town the shopper picked);
- the response: a 200 of one of settings.PAGE_CACHE_VIEWS, that set no cookie but those shared ones
  (kept with the page and set again with it), changed no session, added no message and did not ask
  not to be cached.

How long a page is right:
- a write that changes what public pages show (a shop, its hours, slots or products, a stock
  count, a booking, a published page, the search index) changes the cache's version, at once and
  again when its transaction commits: every cached page is then stale;
- a page is kept only within the clock minute it was rendered in, so "open now", "pickup today
  from 15:30" and the slots offered are right to the minute, as a fresh render would be.
With several app servers the version must live in a shared cache (REDIS_URL); with each process's
local memory, another process serves its own copy until the minute ends.
"""

from __future__ import annotations

import hashlib
import re
import time
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.signing import BadSignature, Signer
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language
from oscar.core.loading import get_model

VERSION_KEY = "page-cache:version"
# Django's {% csrf_token %} writes exactly this input.
_TOKEN_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
_CSRF_SLOT = '<input type="hidden" name="csrfmiddlewaretoken" value="{{page-cache-csrf}}">'
# The header's basket badge (templates/includes/header.html).
_BASKET_BADGE = "data-basket-count>{}</span>"
_BASKET_SLOT = "data-basket-count>{{page-cache-basket}}</span>"
# Set on the way out: the page's own copy would be wrong (Content-Length) or is not ours to keep.
_HEADERS_NOT_KEPT = frozenset({"content-length", "set-cookie"})
_NOT_CACHEABLE = ("private", "no-cache", "no-store", "max-age=0")


def public_pages_changed() -> None:
    """Every cached page is stale: now (a reader in this process or transaction) and at commit."""
    _version_new()
    transaction.on_commit(_version_new)


def public_pages_version() -> str:
    """The current version of what public pages show: it changes on every write public_pages_changed
    and page_cache_watch see, so a fragment cached under it (the footer's links) is never stale."""
    return cache.get(VERSION_KEY) or PublicPageCacheMiddleware._version_first()


def _version_new() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def page_cache_watch(*, app_labels: frozenset[str] = frozenset(), models=()) -> None:
    """Make every save and delete of these apps' models (and of `models`) stale the cached pages.

    Each app that owns something a public page shows calls this from its AppConfig.ready, so the
    kernel never has to know which apps those are.
    """
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    labels = {model._meta.label for model in models}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in app_labels or model._meta.label in labels:
            for signal in (post_save, post_delete, m2m_changed):
                signal.connect(_model_changed, sender=model, dispatch_uid=f"page-cache-{model._meta.label}")


def _model_changed(sender, **kwargs) -> None:
    if not kwargs.get("raw"):
        public_pages_changed()


def basket_items(cookie: str) -> int | None:
    """The number of items in the open anonymous basket an Oscar basket cookie names (one query), or None
    when it names none: read as Oscar's BasketMiddleware.get_cookie_basket reads it (a signed basket id)."""
    Basket = get_model("basket", "Basket")
    try:
        basket_id = int(Signer().unsign(cookie))
    except (BadSignature, ValueError):
        return None
    return (
        Basket.objects.filter(pk=basket_id, owner=None, status=Basket.OPEN)
        .annotate(items=Coalesce(Sum("lines__quantity"), 0))
        .values_list("items", flat=True)
        .first()
    )


def _minute() -> int:
    """The clock minute now: a page is served only within the one it was rendered in."""
    return int(time.time() // 60)


class PublicPageCacheMiddleware:
    """Serves and keeps the pages described above; sits just inside CsrfViewMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.PAGE_CACHE_SECONDS
        self.views = frozenset(settings.PAGE_CACHE_VIEWS)
        self.shared_cookies = tuple(settings.PAGE_CACHE_SHARED_COOKIES)
        self.private_cookies = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
        self.basket_cookie = settings.OSCAR_BASKET_COOKIE_OPEN

    def __call__(self, request):
        if (
            not self.seconds
            or request.method != "GET"
            # Wagtail's preview renders through a dummy request: an editor's draft is never kept or served.
            or getattr(request, "is_dummy", False)
            or any(request.COOKIES.get(name) for name in self.private_cookies)
            or not self._listed(request)
        ):
            return self.get_response(request)
        key = self._key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or self._version_first()
        minute = _minute()
        entry = found.get(key)
        if entry is not None and entry["version"] == version and entry["minute"] == minute:
            basket = request.COOKIES.get(self.basket_cookie)
            items = basket_items(basket) if basket else 0
            if items is not None:
                return self._response_from(request, entry, basket_items=items)
            # A cookie naming no open basket: Oscar's basket middleware sorts it out on a render.
        response = self.get_response(request)
        if self._keepable(request, response) and (kept := self._entry(request, response, version, minute)):
            cache.set(key, kept, self.seconds)
            patch_vary_headers(response, ("Cookie",))
            response["X-Page-Cache"] = "miss"
        return response

    def _listed(self, request) -> bool:
        """Whether the address is one of the cached views: other pages never wait on the cache."""
        try:
            return resolve(request.path_info, getattr(request, "urlconf", None)).view_name in self.views
        except Resolver404:
            return False

    def _key(self, request) -> str:
        shared = " ".join(request.COOKIES.get(name, "") for name in self.shared_cookies)
        address = f"{get_language()} {request.build_absolute_uri()} {shared}"
        return "page-cache:" + hashlib.blake2b(address.encode(), digest_size=16).hexdigest()

    @staticmethod
    def _version_first() -> str:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        return cache.get(VERSION_KEY)

    def _keepable(self, request, response) -> bool:
        messages = getattr(request, "_messages", None)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and set(response.cookies) <= set(self.shared_cookies)
            and not getattr(session, "modified", False)
            and not getattr(messages, "added_new", False)
            and not (user is not None and user.is_authenticated)
            and not any(word in cache_control for word in _NOT_CACHEABLE)
        )

    @staticmethod
    def _entry(request, response, version: str, minute: int) -> dict | None:
        charset = response.charset
        # Each form's token (one per {% csrf_token %}) becomes the placeholder, and so does the count
        # of the basket badge, the one part of these pages that depends on the basket.
        content = _TOKEN_INPUT.sub(_CSRF_SLOT, response.content.decode(charset))
        # The count the header printed (kernel.basket_count), without loading the basket again.
        shown = getattr(request, "basket_count_shown", None)
        basket = getattr(request, "basket", None)
        if shown is None:
            shown = basket.num_items if basket is not None else 0
        badge = _BASKET_BADGE.format(shown)
        if content.count(badge) != 1:
            return None
        return {
            "version": version,
            "minute": minute,
            "headers": [(name, value) for name, value in response.items() if name.lower() not in _HEADERS_NOT_KEPT],
            "content": content.replace(badge, _BASKET_SLOT),
            "charset": charset,
            "cookies": {name: morsel.copy() for name, morsel in response.cookies.items()},
        }

    @staticmethod
    def _response_from(request, entry: dict, *, basket_items: int) -> HttpResponse:
        token_input = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
        content = entry["content"].replace(_CSRF_SLOT, token_input)
        content = content.replace(_BASKET_SLOT, _BASKET_BADGE.format(basket_items))
        response = HttpResponse(content, charset=entry["charset"])
        for name, value in entry["headers"]:
            response[name] = value
        for name, morsel in entry["cookies"].items():
            response.cookies[name] = morsel.copy()
        # What the response was rendered for depends on the cookies (no session, the basket's count).
        patch_vary_headers(response, ("Cookie",))
        response["X-Page-Cache"] = "hit"
        return response
