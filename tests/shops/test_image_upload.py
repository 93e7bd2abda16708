import io
import random
import re
import struct
import warnings
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import EpsImagePlugin, ExifTags, Image, ImageCms, ImageFile
from PIL.PngImagePlugin import PngInfo

from shops.images import image_clean_upload

GENERATED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp)$")


# --- Files built for the tests ---------------------------------------------------------------------


def _noise(size: tuple[int, int], *, mode: str = "RGB", seed: int = 0) -> Image.Image:
    # Noise does not compress, so half of the file really is half of the picture.
    rng = random.Random(seed)
    bands = len(mode)
    return Image.frombytes(mode, size, bytes(rng.getrandbits(8) for _ in range(size[0] * size[1] * bands)))


def _encode(image: Image.Image, image_format: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **params)
    return buffer.getvalue()


def _exif_with_camera_and_gps(*, orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "AppareilEspion"
    exif[ExifTags.Base.Model] = "Modèle 3000"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (45.0, 35.0, 12.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (5.0, 10.0, 30.0),
        }
    )
    return exif


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header announces width×height RGB pixels and whose data holds none."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00"))
        + _png_chunk(b"IEND", b"")
    )


def _upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _clean(content: bytes, name: str = "photo.jpg", **limits) -> ContentFile:
    return image_clean_upload(uploaded=_upload(content, name), **limits)


def _refusal(content: bytes, name: str = "photo.jpg", **limits) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _clean(content, name, **limits)
    return caught.value


def _decoded(cleaned: ContentFile) -> Image.Image:
    image = Image.open(io.BytesIO(cleaned.read()))
    image.load()
    return image


def _is_close(pixel: tuple[int, ...], expected: tuple[int, ...], *, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


# --- Accepted pictures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")], ids=["jpeg", "png", "webp"]
)
def test_picture_is_re_encoded_in_its_own_format_under_a_generated_name(image_format, extension):
    content = _encode(_noise((64, 48)), image_format)
    cleaned = _clean(content, f"photo.{extension}")
    assert GENERATED_NAME.match(cleaned.name)
    assert cleaned.name.endswith(f".{extension}")
    decoded = _decoded(cleaned)
    assert decoded.format == image_format
    assert decoded.size == (64, 48)


def test_format_comes_from_the_bytes_not_the_name():
    cleaned = _clean(_encode(_noise((16, 16)), "PNG"), "photo.jpg")
    assert cleaned.name.endswith(".png")
    assert _decoded(cleaned).format == "PNG"


def test_jpeg_is_written_progressive():
    assert _decoded(_clean(_encode(_noise((64, 64)), "JPEG"))).info.get("progressive")


def test_jpeg_loses_camera_and_gps_exif():
    content = _encode(_noise((64, 48)), "JPEG", exif=_exif_with_camera_and_gps())
    assert Image.open(io.BytesIO(content)).getexif()[ExifTags.Base.Make] == "AppareilEspion"
    decoded = _decoded(_clean(content))
    assert "exif" not in decoded.info
    assert len(decoded.getexif()) == 0
    assert b"AppareilEspion" not in _clean(content).read()


def test_webp_loses_exif_and_xmp():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>Secret</rdf:RDF></x:xmpmeta>'
    content = _encode(_noise((32, 32)), "WEBP", exif=_exif_with_camera_and_gps(), xmp=xmp)
    assert "exif" in Image.open(io.BytesIO(content)).info
    cleaned = _clean(content, "photo.webp").read()
    decoded = Image.open(io.BytesIO(cleaned))
    assert "exif" not in decoded.info
    assert "xmp" not in decoded.info
    assert b"AppareilEspion" not in cleaned
    assert b"Secret" not in cleaned


def test_png_loses_exif_and_text_chunks():
    text = PngInfo()
    text.add_text("Comment", "Adresse : 12 rue Secrète")
    content = _encode(_noise((32, 32)), "PNG", pnginfo=text, exif=_exif_with_camera_and_gps())
    assert "Comment" in Image.open(io.BytesIO(content)).info
    cleaned = _clean(content, "photo.png").read()
    decoded = Image.open(io.BytesIO(cleaned))
    decoded.load()
    assert "Comment" not in decoded.info
    assert "exif" not in decoded.info
    assert b"AppareilEspion" not in cleaned


def test_colour_profile_is_applied_then_dropped():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    content = _encode(Image.new("RGB", (32, 32), (200, 30, 30)), "JPEG", icc_profile=srgb)
    decoded = _decoded(_clean(content))
    assert "icc_profile" not in decoded.info
    assert _is_close(decoded.getpixel((16, 16)), (200, 30, 30), tolerance=12)


def test_broken_colour_profile_does_not_refuse_the_photo():
    content = _encode(Image.new("RGB", (32, 32), (200, 30, 30)), "JPEG", icc_profile=b"pas un profil ICC")
    decoded = _decoded(_clean(content))
    assert "icc_profile" not in decoded.info
    assert _is_close(decoded.getpixel((16, 16)), (200, 30, 30), tolerance=12)


def test_exif_orientation_is_applied_to_the_pixels():
    # Stored sideways, as phones do: the left half red, the right half blue, orientation 6 ("rotate 90°
    # clockwise to display"). Upright, the picture is taller than wide with red on top.
    sideways = Image.new("RGB", (80, 40), (0, 0, 255))
    sideways.paste((255, 0, 0), (0, 0, 40, 40))
    content = _encode(sideways, "JPEG", exif=_exif_with_camera_and_gps(orientation=6))
    decoded = _decoded(_clean(content))
    assert decoded.size == (40, 80)
    assert _is_close(decoded.getpixel((20, 10)), (255, 0, 0))
    assert _is_close(decoded.getpixel((20, 70)), (0, 0, 255))
    # No orientation left behind to make a viewer rotate it a second time.
    assert ExifTags.Base.Orientation not in decoded.getexif()


def test_photo_whose_exif_block_is_damaged_is_still_turned_upright():
    # The Model tag claims to hold floats: Pillow reads the block, but ImageOps.exif_transpose raised
    # AttributeError when writing it back (Pillow 13.0), found by fuzzing this pipeline.
    exif = _exif_with_camera_and_gps(orientation=6).tobytes()
    assert exif.count(b"\x01\x10\x00\x02") == 1
    damaged = exif.replace(b"\x01\x10\x00\x02", b"\x01\x10\x00\x0b")
    sideways = Image.new("RGB", (80, 40), (0, 0, 255))
    sideways.paste((255, 0, 0), (0, 0, 40, 40))
    decoded = _decoded(_clean(_encode(sideways, "JPEG", exif=damaged)))
    assert decoded.size == (40, 80)
    assert _is_close(decoded.getpixel((20, 10)), (255, 0, 0))
    assert "exif" not in decoded.info


def test_large_photo_is_scaled_down_to_2400_pixels_on_its_long_side():
    content = _encode(Image.new("RGB", (3000, 1200), (10, 120, 10)), "JPEG")
    assert _decoded(_clean(content)).size == (2400, 960)


def test_small_photo_is_not_enlarged():
    assert _decoded(_clean(_encode(_noise((30, 20)), "JPEG"))).size == (30, 20)


def test_cmyk_jpeg_becomes_rgb():
    content = _encode(Image.new("CMYK", (16, 16), (0, 255, 255, 0)), "JPEG")
    decoded = _decoded(_clean(content))
    assert decoded.mode == "RGB"
    assert _is_close(decoded.getpixel((8, 8)), (255, 0, 0))


def test_grey_jpeg_stays_grey():
    assert _decoded(_clean(_encode(Image.new("L", (16, 16), 90), "JPEG"))).mode == "L"


def test_palette_png_with_transparency_keeps_it_as_alpha():
    picture = Image.new("P", (16, 16), 0)
    picture.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    picture.paste(1, (8, 0, 16, 16))
    content = _encode(picture, "PNG", transparency=1)
    decoded = _decoded(_clean(content, "logo.png"))
    assert decoded.mode == "RGBA"
    assert decoded.getpixel((2, 2)) == (255, 0, 0, 255)
    assert decoded.getpixel((12, 2))[3] == 0


def test_rgba_webp_keeps_its_alpha():
    content = _encode(Image.new("RGBA", (16, 16), (0, 128, 0, 100)), "WEBP", lossless=True)
    decoded = _decoded(_clean(content, "logo.webp"))
    assert decoded.mode == "RGBA"
    assert decoded.getpixel((8, 8))[3] == 100


def test_sixteen_bit_grey_png_keeps_its_tones():
    picture = Image.new("I;16", (16, 16), 32768)
    decoded = _decoded(_clean(_encode(picture, "PNG"), "scan.png"))
    assert decoded.mode == "L"
    assert 120 <= decoded.getpixel((8, 8)) <= 136


def test_phone_multi_picture_jpeg_is_kept_as_a_plain_jpeg_of_the_first_picture():
    first, second = Image.new("RGB", (32, 32), (255, 0, 0)), Image.new("RGB", (32, 32), (0, 0, 255))
    content = _encode(first, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(content)).format == "MPO"
    cleaned = _clean(content)
    assert cleaned.name.endswith(".jpg")
    decoded = _decoded(cleaned)
    assert decoded.format == "JPEG"
    assert getattr(decoded, "n_frames", 1) == 1
    assert _is_close(decoded.getpixel((16, 16)), (255, 0, 0))


def test_bytes_appended_after_a_jpeg_do_not_survive():
    content = _encode(_noise((32, 32)), "JPEG") + b"<script>alert(1)</script><?php system($_GET['c']); ?>"
    cleaned = _clean(content).read()
    assert b"<script>" not in cleaned
    assert b"<?php" not in cleaned


@pytest.mark.parametrize("name", ["../../etc/passwd.jpg", "évil name.jpg", "photo.php.jpg", "/abs/x.jpg", "photo"])
def test_uploaded_name_never_reaches_the_stored_name(name):
    cleaned = _clean(_encode(_noise((16, 16)), "JPEG"), name)
    assert GENERATED_NAME.match(cleaned.name)
    assert "/" not in cleaned.name
    assert cleaned.name.count(".") == 1


def test_every_upload_gets_a_different_name():
    content = _encode(_noise((16, 16)), "JPEG")
    assert _clean(content).name != _clean(content).name


def test_upload_already_read_is_read_from_its_start():
    upload = _upload(_encode(_noise((16, 16)), "JPEG"))
    upload.read()
    assert _decoded(image_clean_upload(uploaded=upload)).size == (16, 16)


# --- Refused files -----------------------------------------------------------------------------------------


def test_eleven_megabyte_file_is_refused_as_too_large():
    assert _refusal(b"\xff" * (11 * 1024 * 1024)).code == "too_large"


def test_too_large_message_is_french():
    with translation.override("fr"):
        message = _refusal(b"\xff" * 2048, max_bytes=1024).messages[0]
    assert message.startswith("Ce fichier est trop lourd")


def test_file_is_refused_as_too_large_before_any_decoding():
    # A valid picture, refused only for its weight: the limit is checked before Pillow sees the bytes.
    assert _refusal(_encode(_noise((64, 64)), "PNG"), max_bytes=1024).code == "too_large"


def test_file_larger_than_its_declared_size_is_refused_as_too_large():
    upload = _upload(b"\xff" * 4096)
    upload.size = 10
    with pytest.raises(ValidationError) as caught:
        image_clean_upload(uploaded=upload, max_bytes=1024)
    assert caught.value.code == "too_large"


def test_png_header_claiming_10000_by_10000_pixels_is_refused_without_decoding():
    # Decoding would need 300 MB; an empty IDAT would then make it "corrupt", not "too_many_pixels".
    content = _png_claiming(10_000, 10_000)
    assert len(content) < 120
    assert _refusal(content, "photo.png").code == "too_many_pixels"


def test_png_header_beyond_pillows_own_bomb_limit_is_refused_as_too_many_pixels():
    # 30000×30000 is over twice Image.MAX_IMAGE_PIXELS: Pillow raises DecompressionBombError itself.
    assert 30_000 * 30_000 > 2 * Image.MAX_IMAGE_PIXELS
    assert _refusal(_png_claiming(30_000, 30_000), "photo.png").code == "too_many_pixels"


def test_bomb_warning_is_an_error_only_during_the_call():
    _refusal(_png_claiming(10_000, 10_000), "photo.png")
    with pytest.warns(Image.DecompressionBombWarning):
        warnings.warn("ailleurs, un simple avertissement", Image.DecompressionBombWarning, stacklevel=1)


def test_png_header_claiming_more_than_the_limit_but_less_than_pillows_is_refused():
    # 7000×7000 = 49 Mpx: above our 40 Mpx, below the 89 Mpx where Pillow would start to warn.
    assert 7000 * 7000 < Image.MAX_IMAGE_PIXELS
    assert _refusal(_png_claiming(7000, 7000), "photo.png").code == "too_many_pixels"


def test_pixel_limit_can_be_lowered_by_the_caller():
    assert _refusal(_encode(_noise((100, 100)), "PNG"), "photo.png", max_pixels=5000).code == "too_many_pixels"


def test_too_many_pixels_message_is_french():
    with translation.override("fr"):
        message = _refusal(_png_claiming(7000, 7000), "photo.png").messages[0]
    assert message == "Cette image est trop grande : 40 mégapixels au plus."


POSTSCRIPT = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n%%EndComments\n"
    b"(%pipe%id) (w) file\nnewpath 0 0 moveto 100 100 lineto stroke\nshowpage\n%%EOF\n"
)


def test_postscript_named_like_a_jpeg_is_refused_as_bad_format():
    # Pillow left to itself would take it for an EPS, which it renders with Ghostscript.
    assert Image.open(io.BytesIO(POSTSCRIPT)).format == "EPS"
    assert _refusal(POSTSCRIPT, "photo.jpg").code == "bad_format"


def test_postscript_is_never_handed_to_the_eps_decoder(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the EPS decoder was tried")

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", fail)
    assert _refusal(POSTSCRIPT, "photo.jpg").code == "bad_format"


def test_svg_with_script_named_like_a_png_is_refused_as_bad_format():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
    assert _refusal(svg, "x.png").code == "bad_format"


def test_gif_with_script_appended_is_refused_as_bad_format():
    content = _encode(Image.new("P", (16, 16), 1), "GIF") + b"<script>alert(1)</script>"
    assert Image.open(io.BytesIO(content)).format == "GIF"
    assert _refusal(content, "photo.gif").code == "bad_format"


@pytest.mark.parametrize(
    ("image_format", "mode"),
    [("TIFF", "RGB"), ("BMP", "RGB"), ("ICO", "RGBA"), ("PDF", "RGB"), ("PPM", "RGB"), ("TGA", "RGB")],
)
def test_other_picture_formats_are_refused_as_bad_format(image_format, mode):
    content = _encode(Image.new(mode, (16, 16)), image_format)
    assert _refusal(content, "photo.jpg").code == "bad_format"


@pytest.mark.parametrize(
    "content",
    [b"", b"hello", b"<?php echo 1; ?>", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"RIFF\x00\x00\x00\x00WEBP"],
    ids=["empty", "text", "php", "png-signature-only", "jpeg-marker-only", "webp-header-only"],
)
def test_non_pictures_are_refused_as_bad_format(content):
    assert _refusal(content).code == "bad_format"


def test_bad_format_message_is_french():
    with translation.override("fr"):
        message = _refusal(b"hello").messages[0]
    assert message == "Format d'image non accepté : envoyez une photo JPEG, PNG ou WebP."


def test_truncated_jpeg_is_refused_as_corrupt():
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    content = _encode(_noise((128, 128)), "JPEG")
    assert _refusal(content[: len(content) // 2]).code == "corrupt"


def test_truncated_png_is_refused_as_corrupt():
    content = _encode(_noise((128, 128)), "PNG")
    assert _refusal(content[: len(content) // 2], "photo.png").code == "corrupt"


def test_truncated_webp_is_refused():
    content = _encode(_noise((128, 128)), "WEBP")
    assert _refusal(content[: len(content) // 2], "photo.webp").code in {"corrupt", "bad_format"}


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_damaged_files_raise_nothing_but_validation_error():
    # A seeded fuzz: flipped bytes and cuts in real files must end as a clean picture or a refusal.
    rng = random.Random(20240601)
    originals = [
        _encode(_noise((24, 24), seed=1), "JPEG", exif=_exif_with_camera_and_gps(orientation=3)),
        _encode(_noise((24, 24), seed=2), "PNG"),
        _encode(_noise((24, 24), mode="RGBA", seed=3), "WEBP"),
    ]
    for _ in range(400):
        damaged = bytearray(rng.choice(originals))
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.getrandbits(8)
        if rng.random() < 0.3:
            damaged = damaged[: rng.randrange(1, len(damaged))]
        try:
            cleaned = _clean(bytes(damaged))
        except ValidationError as error:
            assert error.code in {"bad_format", "too_many_pixels", "corrupt"}
        else:
            assert GENERATED_NAME.match(cleaned.name)
