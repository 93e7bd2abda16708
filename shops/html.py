"""The one place HTML written by shopkeepers is made safe to show to customers."""

import nh3

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "blockquote"})
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    # Removed with their content, not just unwrapped: their text is code, not prose.
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"},
    attributes={"a": {"href", "title"}},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    # Relative links would point into our own site (or, for "www.example.fr", nowhere); a shop links out.
    url_relative="deny",
    # nofollow: a shop description must not be a way to sell search-engine ranking.
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(value: str) -> str:
    """Return the HTML reduced to the tags, attributes and URL schemes a shop description may use."""
    # html5ever turns NUL into U+FFFD; dropping it keeps the replacement character out of the page.
    return _CLEANER.clean(value.replace("\x00", ""))
