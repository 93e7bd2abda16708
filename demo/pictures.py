"""Demo pictures drawn with Pillow (product photos, logos, covers), stored once under fixed names.

A run that rolled back, or a fresh database on the same media folder, never leaves a second copy
of a file behind.
"""

from __future__ import annotations

import colorsys
import hashlib
from functools import lru_cache
from io import BytesIO

from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from PIL import Image, ImageDraw, ImageFont

ProductImage = get_model("catalogue", "ProductImage")


def store_once(*, name: str, render) -> str:
    """Write the rendered file under `name` unless it is already stored; return its name."""
    storage = ProductImage._meta.get_field("original").storage
    if storage.exists(name):
        return name
    return storage.save(name, ContentFile(render()))


@lru_cache(maxsize=16)
def _font(size: int):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        # Pillow >= 10.1 ships a scalable default font; no system font is needed.
        return ImageFont.load_default(size=size)


def _palette(seed: str) -> tuple[tuple[int, int, int], tuple[int, int, int], int]:
    digest = hashlib.sha256(seed.encode()).digest()
    hue = digest[0] / 255
    saturation = 0.30 + digest[1] / 255 * 0.30
    value = 0.78 + digest[2] / 255 * 0.17

    def rgb(s, v):
        return tuple(round(c * 255) for c in colorsys.hsv_to_rgb(hue, s, v))

    return rgb(saturation, value), rgb(min(1, saturation + 0.2), value * 0.8), digest[3]


def _pattern(draw: ImageDraw.ImageDraw, *, size: tuple[int, int], colour, kind: int) -> None:
    width, height = size
    step = 60 + kind % 5 * 15
    if kind % 4 == 0:
        for x in range(0, width + step, step):
            for y in range(0, height + step, step):
                r = step // 4
                draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    elif kind % 4 == 1:
        for x in range(-height, width, step):
            draw.polygon(
                [(x, 0), (x + step // 2, 0), (x + step // 2 + height, height), (x + height, height)], fill=colour
            )
    elif kind % 4 == 2:
        cx, cy = width * (kind % 3) // 2, height * (kind // 3 % 3) // 2
        for r in range(step // 2, 2 * max(width, height), step):
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=step // 4)
    else:
        for x in range(0, width + step, step):
            for y in range(0, height + step, step):
                draw.polygon(
                    [(x, y - step // 3), (x + step // 3, y + step // 4), (x - step // 3, y + step // 4)], fill=colour
                )


def _wrap(draw: ImageDraw.ImageDraw, text: str, *, width: int, max_lines: int, sizes: range):
    """The largest font size from `sizes` at which `text` fits in `max_lines` lines of `width`."""
    for size in sizes:
        font, lines = _font(size), []
        for word in text.split():
            if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        if len(lines) <= max_lines and all(draw.textlength(line, font=font) <= width for line in lines):
            return font, lines
    return font, lines


def _jpeg(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def _text_block(draw, *, lines, font, centre: tuple[int, int], fill) -> None:
    line_height = font.size * 1.2
    top = centre[1] - line_height * len(lines) / 2
    for index, line in enumerate(lines):
        draw.text((centre[0], top + line_height * (index + 0.5)), line, font=font, fill=fill, anchor="mm")


def product_jpeg(*, title: str, shop_name: str) -> bytes:
    size = (600, 600)
    background, accent, kind = _palette(title)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    _pattern(draw, size=size, colour=accent, kind=kind)
    draw.rounded_rectangle((50, 150, 550, 450), radius=28, fill=(252, 250, 246))
    font, lines = _wrap(draw, title, width=450, max_lines=4, sizes=range(64, 23, -4))
    _text_block(draw, lines=lines, font=font, centre=(300, 300), fill=(45, 42, 40))
    draw.text(
        (300, 530), shop_name, font=_font(24), fill=(255, 255, 255), anchor="mm", stroke_width=2, stroke_fill=accent
    )
    return _jpeg(image)


def logo_jpeg(*, name: str, seed: str) -> bytes:
    size = (400, 400)
    background, accent, _kind = _palette(seed)
    image = Image.new("RGB", size, (252, 250, 246))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 380, 380), fill=background, outline=accent, width=12)
    words = [w for w in name.replace("'", " ").split() if w[0].isupper()] or name.split()
    initials = "".join(w[0] for w in words[:2]).upper()
    draw.text(
        (200, 200), initials, font=_font(150), fill=(255, 255, 255), anchor="mm", stroke_width=4, stroke_fill=accent
    )
    return _jpeg(image)


def cover_jpeg(*, name: str, town: str, seed: str) -> bytes:
    size = (1200, 400)
    background, accent, kind = _palette(seed)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    _pattern(draw, size=size, colour=accent, kind=kind + 1)
    draw.rounded_rectangle((150, 110, 1050, 290), radius=24, fill=(252, 250, 246))
    font, lines = _wrap(draw, name, width=820, max_lines=1, sizes=range(72, 23, -4))
    draw.text((600, 180), lines[0], font=font, fill=(45, 42, 40), anchor="mm")
    draw.text((600, 250), town, font=_font(32), fill=accent, anchor="mm")
    return _jpeg(image)


def editorial_jpeg(*, title: str, kicker: str, size: tuple[int, int] = (1200, 750)) -> bytes:
    """A news or campaign picture: a patterned background, the title on a card, a kicker above it."""
    width, height = size
    background, accent, kind = _palette(title)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    _pattern(draw, size=size, colour=accent, kind=kind)
    margin_x, margin_y = width // 10, height // 4
    draw.rounded_rectangle((margin_x, margin_y, width - margin_x, height - margin_y), radius=32, fill=(252, 250, 246))
    font, lines = _wrap(draw, title, width=width - 3 * margin_x, max_lines=3, sizes=range(72, 23, -4))
    _text_block(draw, lines=lines, font=font, centre=(width // 2, height // 2 + 20), fill=(45, 42, 40))
    draw.text((width // 2, margin_y + 40), kicker.upper(), font=_font(28), fill=accent, anchor="mm")
    return _jpeg(image)


def wagtail_image_ensure(*, title: str, slug: str, kicker: str, created, size: tuple[int, int] = (1200, 750)):
    """The editors' picture library entry for a demo page, drawn and stored once."""
    from wagtail.images import get_image_model

    Picture = get_image_model()
    name = f"original_images/demo-{slug}.jpg"
    found = Picture.objects.filter(file=name).first()
    if found is not None:
        return found
    stored = store_once(name=name, render=lambda: editorial_jpeg(title=title, kicker=kicker, size=size))
    storage = Picture._meta.get_field("file").storage
    created["images"] += 1
    return Picture.objects.create(
        title=title, file=stored, width=size[0], height=size[1], file_size=storage.size(stored)
    )
