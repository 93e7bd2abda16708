"""Pictures as a phone needs them: WebP crops of a photo in a few widths, for an <img srcset> (issue 22)."""

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django import template
from django.conf import settings
from oscar.core.thumbnails import get_thumbnailer

from kernel.cached_html import render_incomplete

register = template.Library()
logger = logging.getLogger(__name__)

# sorl-thumbnail's default (95) makes a 320 px WebP of a product photo weigh 13 KiB; at 75 it weighs 6 KiB
# and looks the same at a card's size.
QUALITY = 75

# The pictures worked out, kept in the process: asking sorl-thumbnail costs a round trip to its key-value
# store (the cache) per width, 72 for a page of 24 cards. A photo's name always names the same picture
# (an upload is saved under a new generated name), so what was worked out stays right; the oldest are
# forgotten beyond PICTURES_KEPT.
PICTURES_KEPT = 10_000
_kept: OrderedDict[tuple, "Picture"] = OrderedDict()
_kept_lock = threading.Lock()


@dataclass(frozen=True)
class Picture:
    src: str
    srcset: str
    width: int
    height: int


@register.simple_tag
def picture(source, widths: str, ratio: str = "1:1", quality: int = QUALITY) -> Picture | None:
    """WebP crops of `source` at `ratio` in `widths` ("160 240 320"): `srcset`, `src` (the widest) and that
    one's `width` and `height`; None when there is no source or the thumbnailer fails (no photo, not a 500)."""
    if not source:
        return None
    key = (settings.MEDIA_ROOT, getattr(source, "name", source), widths, ratio, quality)
    with _kept_lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    found = _picture(source, widths=widths, ratio=ratio, quality=quality)
    if found is not None:
        with _kept_lock:
            _kept[key] = found
            while len(_kept) > PICTURES_KEPT:
                _kept.popitem(last=False)
    return found


def _picture(source, *, widths: str, ratio: str, quality: int) -> Picture | None:
    across, down = (int(part) for part in ratio.split(":"))
    thumbnailer = get_thumbnailer()
    candidates = []
    try:
        for width in sorted(int(w) for w in widths.split()):
            height = round(width * down / across)
            thumbnail = thumbnailer.generate_thumbnail(
                source, size=f"{width}x{height}", crop="center", format="WEBP", quality=quality
            )
            candidates.append((thumbnail.url, width, height))
    except Exception:
        # As Oscar's {% oscar_thumbnail %}: a file the thumbnailer cannot handle costs the page its photo.
        if getattr(settings, "OSCAR_THUMBNAIL_DEBUG", settings.DEBUG):
            raise
        logger.exception("thumbnails of %s", source)
        # Perhaps a moment's failure (the thumbnails' key-value store, a file being written): a grid or
        # list kept for everybody is not kept with a card missing its photo.
        render_incomplete()
        return None
    url, width, height = candidates[-1]
    return Picture(src=url, srcset=", ".join(f"{url} {w}w" for url, w, _ in candidates), width=width, height=height)
