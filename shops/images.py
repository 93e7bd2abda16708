"""The one pipeline shop logos, covers and product photos go through before they are stored."""

import io
import struct
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, UnidentifiedImageError

MAX_SIDE = 2400
JPEG_QUALITY = 85
WEBP_QUALITY = 85

# Only these decoders are ever given the bytes: Pillow would otherwise try every plugin it has, and
# some hand the file to outside programs (EPS to Ghostscript) or parse formats nobody here needs.
_OPEN_FORMATS = ("JPEG", "PNG", "WEBP")
# Decoded format -> (format written, extension). Phones save multi-picture JPEGs, which Pillow's JPEG
# decoder reports as "MPO"; the first picture is the photo, and it is written back as a plain JPEG.
_OUTPUTS = {"JPEG": ("JPEG", "jpg"), "MPO": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp")}
# What Pillow's parsers and decoders raise on malformed input (UnidentifiedImageError is an OSError).
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError, struct.error)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# EXIF orientation -> the transposition that shows the picture upright, as in ImageOps.exif_transpose.
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

MESSAGE_TOO_LARGE = _("Ce fichier est trop lourd (%(size)s) : %(max)s au plus.")
MESSAGE_BAD_FORMAT = _("Format d'image non accepté : envoyez une photo JPEG, PNG ou WebP.")
MESSAGE_TOO_MANY_PIXELS = _("Cette image est trop grande : %(max)s mégapixels au plus.")
MESSAGE_CORRUPT = _("Cette image est illisible ou incomplète : envoyez un autre fichier.")


def image_clean_upload(
    *, uploaded: UploadedFile, max_bytes: int = 10 * 1024 * 1024, max_pixels: int = 40_000_000, max_side: int = MAX_SIDE
) -> ContentFile:
    """Return the upload re-encoded, at most max_side pixels long, without metadata and under a random name;
    bad input only raises ValidationError."""
    data = _read_at_most(uploaded=uploaded, max_bytes=max_bytes)
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; here a bomb is always refused.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image, output_format, extension = _decode(data=data, max_pixels=max_pixels)
        image = _prepared(image=image, output_format=output_format, max_side=max_side)
    buffer = io.BytesIO()
    # Whatever info still holds (EXIF with GPS position, XMP, ICC, text chunks, PNG transparency already
    # applied as alpha) must not reach the file: some encoders copy it from there without being asked.
    image.info = {}
    if output_format == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    elif output_format == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY)
    # A name of our own: the uploaded one ("../../etc/passwd.jpg", "photo.php.jpg") must never reach storage.
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def _read_at_most(*, uploaded: UploadedFile, max_bytes: int) -> bytes:
    if uploaded.size is not None and uploaded.size > max_bytes:
        raise _too_large(size=uploaded.size, max_bytes=max_bytes)
    uploaded.seek(0)
    # The declared size comes from the upload handler; reading one byte past the limit settles it.
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(size=len(data), max_bytes=max_bytes)
    return data


def _too_large(*, size: int, max_bytes: int) -> ValidationError:
    return ValidationError(
        MESSAGE_TOO_LARGE, code="too_large", params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)}
    )


def _decode(*, data: bytes, max_pixels: int) -> tuple[Image.Image, str, str]:
    too_many_pixels = ValidationError(
        MESSAGE_TOO_MANY_PIXELS, code="too_many_pixels", params={"max": f"{max_pixels / 1_000_000:g}"}
    )
    try:
        image = Image.open(io.BytesIO(data), formats=_OPEN_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except UnidentifiedImageError as error:
        raise ValidationError(MESSAGE_BAD_FORMAT, code="bad_format") from error
    except _DECODE_ERRORS as error:
        raise ValidationError(MESSAGE_CORRUPT, code="corrupt") from error
    if image.format not in _OUTPUTS:
        raise ValidationError(MESSAGE_BAD_FORMAT, code="bad_format")
    output_format, extension = _OUTPUTS[image.format]
    width, height = image.size
    # Read from the header, before a single pixel is decoded: a few hundred bytes can claim 10000×10000.
    if width * height > max_pixels:
        raise too_many_pixels
    try:
        # A full decode, so that a truncated file is refused here rather than shown half grey. This relies
        # on ImageFile.LOAD_TRUNCATED_IMAGES staying False, its default; nothing in the project sets it.
        image.load()
    except _DECODE_ERRORS as error:
        raise ValidationError(MESSAGE_CORRUPT, code="corrupt") from error
    return image, output_format, extension


def _prepared(*, image: Image.Image, output_format: str, max_side: int) -> Image.Image:
    """Return the picture upright, at most max_side pixels long, in sRGB and in a mode its format can hold."""
    upright = _resizable(image=_upright(image=image))
    upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    upright = _in_srgb(image=upright)
    if output_format == "JPEG":
        return upright if upright.mode in ("L", "RGB") else upright.convert("RGB")
    if upright.mode in ("L", "LA", "RGB", "RGBA"):
        return upright
    return upright.convert("RGBA" if "A" in upright.getbands() else "RGB")


def _upright(*, image: Image.Image) -> Image.Image:
    """Return the picture turned as its EXIF orientation says; an unreadable EXIF block leaves it as stored."""
    # Not ImageOps.exif_transpose: it writes the EXIF block back without the orientation, work wasted on
    # metadata that is dropped anyway, and on some damaged blocks that rewrite raises AttributeError.
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    except _DECODE_ERRORS:
        return image
    method = _UPRIGHT.get(orientation) if isinstance(orientation, int) else None
    return image.transpose(method) if method is not None else image


def _resizable(*, image: Image.Image) -> Image.Image:
    """Return the image in a mode that resizes smoothly and keeps its transparency as an alpha band."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit grey PNGs: convert("L") would clip every value above 255 to white, so scale instead.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if "transparency" in image.info or image.mode in ("PA", "La", "RGBa"):
        return image.convert("RGBA")
    if image.mode == "1":
        return image.convert("L")
    if image.mode == "P":
        return image.convert("RGB")
    return image


def _in_srgb(*, image: Image.Image) -> Image.Image:
    """Return the image converted to sRGB if it carries a colour profile, since the profile is not kept."""
    profile = image.info.get("icc_profile")
    if not profile:
        return image
    output_mode = "RGBA" if image.mode in ("LA", "RGBA") else "RGB"
    try:
        return ImageCms.profileToProfile(
            image, ImageCms.ImageCmsProfile(io.BytesIO(profile)), _SRGB, outputMode=output_mode
        )
    except (ImageCms.PyCMSError, *_DECODE_ERRORS):
        # A broken or unusual profile is no reason to refuse the photo: it is kept with its raw values.
        return image
