"""HTML rendered once for every visitor and cached (storefront grid, catalogue cards, the footer, the
home's sections).

Its forms are rendered with a placeholder for the CSRF token, swapped for the visitor's own token on
every response: a cached page must never hand one visitor's token to another. Views call
cached_render; templates use `{% load cached_html %}{% sharedcache %}`, Django's `{% cache %}` under
the same rule.
"""

import functools
import hashlib
from collections.abc import Callable
from contextvars import ContextVar

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Passed as "csrf_token" to the cached render, so {% csrf_token %} writes it into the input below.
CSRF_PLACEHOLDER = "csrf-token-placeholder"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'

# Set by a part of a render that failed for a moment (a photo's thumbnails): that HTML is shown, not kept.
_incomplete: ContextVar[bool] = ContextVar("cached_html_incomplete", default=False)


def render_incomplete() -> None:
    """What is being rendered lacks something that may work on the next try: it must not be kept for
    everybody (a card without its photo for an hour)."""
    _incomplete.set(True)


def cached_render(request, *, key: str, template: str, context: Callable[[], dict], timeout: int) -> str:
    """The template rendered once for everybody under `key` (which must name what the HTML shows, e.g. a
    version of its rows), `context()` called only on a miss, with the visitor's own CSRF token put in."""
    return csrf_token_put(request, cached_html(request, key=key, template=template, context=context, timeout=timeout))


def cached_html(request, *, key: str, template: str, context: Callable[[], dict], timeout: int) -> str:
    """cached_render's HTML with the CSRF placeholder still in: for HTML that goes into a larger cached
    part (shared_page), whose own placeholder is swapped once."""
    html = cache.get(key)
    if html is None:
        # Without the request's context processors the HTML holds no user, basket or token; the request
        # itself is there for the pricing strategy only (Oscar's purchase_info_for_product).
        html, complete = _rendered(
            lambda: render_to_string(template, {**context(), "request": request, "csrf_token": CSRF_PLACEHOLDER})
        )
        html = mark_safe(html)  # noqa: S308 - our own template's output
        if complete:
            cache.set(key, html, timeout)
    return html


def clock_minute() -> str:
    """The clock minute now, what HTML showing the time of day (a shop "ouvert", its next slot) varies on."""
    return timezone.now().strftime("%Y%m%d%H%M")


# A shared part is right only within its clock minute: kept no longer than the next one.
SHARED_PAGE_SECONDS = 120


class PageAnswered(Exception):
    """Raised by a shared part's build() when the page is not shared parts but this response (a redirect
    to the page's own address): nothing is kept, and the view returns the response."""

    def __init__(self, response):
        super().__init__(response)
        self.response = response


def shared_page(
    request, *, name: str, vary: list[str], build: Callable[[], dict], timeout: int = SHARED_PAGE_SECONDS
) -> dict:
    """What a page shows every visitor alike (a storefront's content), built once per address, language,
    public pages' version and clock minute, and kept: the whole-page cache's rule (kernel.page_cache)
    for the part of a page that a signed-in visitor shares with everybody.

    `build()` runs on a miss only and may raise (Http404, PageAnswered: nothing is kept); parts holding "private": True
    are the visitor's own (a product only they may see) and not kept either. Its HTML values (safe
    strings, rendered with the CSRF placeholder) get the visitor's own token; other values come as kept.
    """
    # Imported here: the page cache imports the models (via Oscar's get_model) when loaded.
    from .page_cache import public_pages_version

    address = "|".join([request.scheme, request.get_host(), *vary])
    digest = hashlib.sha1(address.encode(), usedforsecurity=False).hexdigest()[:20]
    key = f"shared-page:{name}:{get_language()}:{public_pages_version()}:{clock_minute()}:{digest}"
    parts = cache.get(key)
    if parts is None:
        parts, complete = _rendered(build)
        if complete and not parts.get("private"):
            cache.set(key, parts, timeout)
    return {
        part: csrf_token_put(request, value) if isinstance(value, SafeString) else value
        for part, value in parts.items()
    }


def _rendered(render: Callable[[], str]) -> tuple[str, bool]:
    """The HTML and whether all of it rendered (render_incomplete was not called meanwhile)."""
    outer = _incomplete.set(False)
    try:
        html = render()
        return html, not _incomplete.get()
    finally:
        # A fragment within a fragment: what failed inside also stops the outer one from being kept.
        if not _incomplete.get():
            _incomplete.reset(outer)


def csrf_token_put(request, html: str) -> str:
    """The cached HTML with the visitor's own CSRF token in place of the placeholder."""
    placeholder = _CSRF_INPUT.format(CSRF_PLACEHOLDER)
    if placeholder not in html:
        # No form: no token to mask (each one costs two random strings).
        return mark_safe(html)  # noqa: S308 - our own rendered template
    token_input = format_html(_CSRF_INPUT, get_token(request))
    # Our own rendered template, with a token escaped by format_html.
    return mark_safe(html.replace(placeholder, token_input))  # noqa: S308


register = template.Library()


@functools.cache
def _mark(kind: str, name: str) -> str:
    """An HTML comment marking a place in kept HTML, made once per process. Keyed on the site's secret: a
    shopkeeper's text cannot forge a mark and have a visitor's part (or a part's end) put in it."""
    secret = salted_hmac(f"kernel.cached_html.{kind}", name).hexdigest()[:16]
    return f"<!--{kind}:{name}:{secret}-->"


@register.simple_tag
def personal(name: str) -> str:
    """`{% personal "name" %}`: where HTML kept for everybody takes a part of the visitor's own, put in by
    personal_put on every request (a product page's review button, stock alert, wish lists)."""
    return mark_safe(_mark("personal", name))  # noqa: S308 - a fixed comment


def personal_put(html: str, parts: dict[str, Callable[[], str]]) -> str:
    """The kept HTML with each `{% personal %}` mark it holds replaced by its part, rendered for this
    visitor; a part whose mark is not in the HTML is not rendered."""
    for name, render in parts.items():
        mark = _mark("personal", name)
        if mark in html:
            html = html.replace(mark, render())
    return mark_safe(html)  # noqa: S308 - our own templates' output


@register.tag("sharedcache")
def do_sharedcache(parser, token):
    """`{% sharedcache timeout name vary_on… %}…{% endsharedcache %}`: `{% cache %}` for HTML every visitor
    gets, its forms' CSRF token the visitor's own; the vary_on values must name all it shows."""
    nodelist = parser.parse(("endsharedcache",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' tag requires at least 2 arguments.")
    return _SharedCacheNode(
        nodelist, parser.compile_filter(bits[1]), bits[2], [parser.compile_filter(bit) for bit in bits[3:]]
    )


class _SharedCacheNode(template.Node):
    def __init__(self, nodelist, expire_time_var, fragment_name: str, vary_on: list):
        self.nodelist = nodelist
        self.expire_time_var = expire_time_var
        self.fragment_name = fragment_name
        self.vary_on = vary_on

    def render(self, context):
        if context.get("shared_parts_capture"):
            # A render of a page for its shared parts (shared_template_page), outside any part: what is
            # here is thrown away, and its vary_on (context processors' values) are missing.
            return ""
        expire_time = self.expire_time_var.resolve(context)
        expire_time = None if expire_time is None else int(expire_time)
        key = make_template_fragment_key(self.fragment_name, [var.resolve(context) for var in self.vary_on])
        html = cache.get(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html, complete = _rendered(lambda: self.nodelist.render(context))
            if complete:
                cache.set(key, html, expire_time)
        return csrf_token_put(context["request"], html)


# --- Parts of a page template kept for everybody ----------------------------------------------------


@register.tag("sharedpart")
def do_sharedpart(parser, token):
    """`{% sharedpart "name" %}…{% endsharedpart %}`: a part of a page the same for every visitor. Rendered
    as usual, unless the view brings it already built (`shared_parts`, from shared_template_page)."""
    nodelist = parser.parse(("endsharedpart",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes one quoted name.")
    return _SharedPartNode(nodelist, bits[1][1:-1])


class _SharedPartNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        parts = context.get("shared_parts")
        if parts is not None and self.name in parts:
            return parts[self.name]
        if not context.get("shared_parts_capture"):
            return self.nodelist.render(context)
        # A part within a part (a block's own and its parent's) is taken whole with the outer one.
        with context.push(shared_parts_capture=False):
            html = self.nodelist.render(context)
        return _mark("part", self.name) + html + _mark("part", "/" + self.name)


def shared_template_page(
    request,
    *,
    name: str,
    vary: list[str],
    template: str,
    context: Callable[[], dict],
    timeout: int = SHARED_PAGE_SECONDS,
) -> dict:
    """The `{% sharedpart %}`s of a page template, built once for every visitor as shared_page builds
    parts: on a miss the template is rendered with `context()` alone (no context processors, nothing of
    the visitor, the CSRF placeholder) and each part taken from it (one within another is part of it). context()'s
    "shared_values" (names, flags: what the rest of the page reads) come along under "values", and its
    "private": True keeps the parts for this visitor only. Render the page with {"shared_parts": parts}."""

    def build() -> dict:
        values = context()
        html = render_to_string(
            template,
            {**values, "request": request, "csrf_token": CSRF_PLACEHOLDER, "shared_parts_capture": True},
        )
        parts = {"private": bool(values.get("private")), "values": values.get("shared_values", {})}
        start = 0
        while (begin := html.find("<!--part:", start)) != -1:
            part = html[begin + len("<!--part:") : html.index(":", begin + len("<!--part:"))]
            opening, closing = _mark("part", part), _mark("part", "/" + part)
            end = html.index(closing, begin)
            parts[part] = mark_safe(html[begin + len(opening) : end])  # noqa: S308 - our own template's output
            start = end + len(closing)
        return parts

    return shared_page(request, name=name, vary=vary, build=build, timeout=timeout)
