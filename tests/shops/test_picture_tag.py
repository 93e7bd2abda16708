"""{% picture %}: WebP crops in the widths asked, worked out once per photo in a process."""

import io
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from shops.templatetags import picture_tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "#c2410c").save(buffer, format="JPEG")
    name = default_storage.save(f"tests/{uuid.uuid4().hex}.jpg", ContentFile(buffer.getvalue()))
    yield default_storage.open(name)
    default_storage.delete(name)


@pytest.fixture
def thumbnails_made(monkeypatch):
    """Each thumbnail the tag asks sorl-thumbnail for, as (name, size)."""
    asked = []
    thumbnailer = picture_tags.get_thumbnailer()
    generate = thumbnailer.generate_thumbnail

    def counting(source, **options):
        asked.append((getattr(source, "name", source), options["size"]))
        return generate(source, **options)

    monkeypatch.setattr(thumbnailer, "generate_thumbnail", counting)
    monkeypatch.setattr(picture_tags, "get_thumbnailer", lambda: thumbnailer)
    return asked


def test_a_picture_gives_webp_crops_in_each_width(photo):
    picture = picture_tags.picture(photo, "160 320")

    assert (picture.width, picture.height) == (320, 320)
    urls = [part.split(" ")[0] for part in picture.srcset.split(", ")]
    assert [part.split(" ")[1] for part in picture.srcset.split(", ")] == ["160w", "320w"]
    assert picture.src == urls[-1] and all(url.endswith(".webp") for url in urls)


def test_a_photo_shown_again_is_not_asked_of_the_thumbnailer_again(photo, thumbnails_made):
    first = picture_tags.picture(photo, "160 240 320")
    assert len(thumbnails_made) == 3

    for _ in range(5):
        assert picture_tags.picture(photo, "160 240 320") == first
    assert len(thumbnails_made) == 3

    # Other widths or another ratio are other pictures.
    picture_tags.picture(photo, "160 300")
    picture_tags.picture(photo, "480", ratio="3:1")
    assert len(thumbnails_made) == 6


def test_a_photo_the_thumbnailer_fails_on_shows_none_and_is_tried_again(photo, thumbnails_made, monkeypatch):
    thumbnailer = picture_tags.get_thumbnailer()
    working = thumbnailer.generate_thumbnail

    def failing(source, **options):
        raise OSError("disk full")

    monkeypatch.setattr(thumbnailer, "generate_thumbnail", failing)
    assert picture_tags.picture(photo, "160") is None

    monkeypatch.setattr(thumbnailer, "generate_thumbnail", working)
    assert picture_tags.picture(photo, "160").width == 160
    assert thumbnails_made == [(photo.name, "160x160")]


def test_the_pictures_kept_are_bounded(photo, monkeypatch):
    monkeypatch.setattr(picture_tags, "PICTURES_KEPT", 2)
    for widths in ("100", "110", "120"):
        picture_tags.picture(photo, widths)

    assert len(picture_tags._kept) == 2
