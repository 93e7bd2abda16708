"""schema.org structured data written into a page's head as JSON-LD."""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString

# As Django's json_script: nothing in the data can close the <script> element or open a comment.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data: dict | list) -> SafeString:
    """A <script type="application/ld+json"> element holding `data`."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))
