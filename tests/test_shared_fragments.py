"""HTML kept once for every visitor (kernel/cached_html.py): the footer and `{% sharedcache %}` (issue 20:
the frame every page starts from, rendered once a minute instead of on each request)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.middleware.csrf import _does_token_match, get_token
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

PARIS = ZoneInfo("Europe/Paris")


def _footer(client, address="/boutiques/") -> str:
    response = client.get(address)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('class="site-footer"') :]


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


@pytest.fixture
def hotline_reads(monkeypatch):
    """How many times the hotline's status was worked out for a footer."""
    from pure.selectors import hotline

    calls = []
    real = hotline.hotline_now

    def counted(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(hotline, "hotline_now", counted)
    return calls


def test_the_footer_is_worked_out_once_a_minute(client, clock, hotline_reads):
    clock(datetime(2026, 12, 7, 10, 0, 5, tzinfo=PARIS))
    first = _footer(client)
    clock(datetime(2026, 12, 7, 10, 0, 40, tzinfo=PARIS))
    again = _footer(client, "/catalogue/")

    assert len(hotline_reads) == 1
    # The same footer (up to the language switch, which returns to the page it is on).
    assert again.split('class="language-switch"')[0] == first.split('class="language-switch"')[0]
    assert "Ouvert maintenant" in again


def test_the_hotline_closing_shows_in_the_next_minute(client, clock, hotline_reads):
    # The demo hotline closes at noon on weekdays; 7 December 2026 is a Monday.
    clock(datetime(2026, 12, 7, 11, 59, 30, tzinfo=PARIS))
    assert "Ouvert maintenant" in _footer(client)

    clock(datetime(2026, 12, 7, 12, 0, 10, tzinfo=PARIS))
    footer = _footer(client)

    assert "Fermé" in footer and "ouvre à 13h30" in footer
    assert len(hotline_reads) == 2


def test_the_language_switch_returns_each_visitor_to_their_own_page(client):
    _footer(client, "/boutiques/")

    assert 'name="next" type="hidden" value="/catalogue/"' in _footer(client, "/catalogue/")


def test_the_footer_is_kept_per_language(client):
    french = _footer(client)
    client.cookies["django_language"] = "en-gb"
    english = _footer(client)

    assert "Toutes les boutiques" in french
    assert "All shops" in english and "Toutes les boutiques" not in english


def _request_with_own_token():
    """A request and its visitor's CSRF secret."""
    request = RequestFactory().get("/")
    get_token(request)
    return request, request.META["CSRF_COOKIE"]


def _token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_shared_fragment_is_kept_yet_each_visitor_posts_with_their_own_token():
    template = engines["django"].from_string(
        "{% load cached_html %}{% sharedcache 60 a-form %}<form>{{ label }}{% csrf_token %}</form>{% endsharedcache %}"
    )
    first, first_token = _request_with_own_token()
    second, second_token = _request_with_own_token()

    first_html = template.render({"label": "Ajouter"}, first)
    # Kept: what the second visitor's context says differently is not rendered again…
    second_html = template.render({"label": "Autre chose"}, second)

    assert "Ajouter" in second_html and "Autre chose" not in second_html
    # …but each gets a token of their own secret, never the first visitor's.
    assert first_token != second_token
    assert _does_token_match(_token_in(first_html), first_token)
    assert _does_token_match(_token_in(second_html), second_token)
    assert not _does_token_match(_token_in(second_html), first_token)


def test_a_shared_fragment_varies_on_what_it_names():
    template = engines["django"].from_string(
        "{% load cached_html %}{% sharedcache 60 a-label label %}{{ label }}{% endsharedcache %}"
    )
    request, _token = _request_with_own_token()

    assert template.render({"label": "un"}, request) == "un"
    assert template.render({"label": "deux"}, request) == "deux"


def test_a_minute_later_is_another_key(clock, client, hotline_reads):
    moment = datetime(2026, 12, 7, 10, 0, 0, tzinfo=PARIS)
    clock(moment)
    _footer(client)
    clock(moment + timedelta(minutes=1))
    _footer(client)

    assert len(hotline_reads) == 2


def test_a_fragment_missing_a_photo_is_shown_but_not_kept(monkeypatch):
    """A photo whose thumbnails fail for a moment costs that render its photo, not the next visitors'."""
    from shops.templatetags import picture_tags

    class Thumbnail:
        url = "/media/cache/a.webp"

    class Thumbnailer:
        fails = True

        def generate_thumbnail(self, source, **options):
            if self.fails:
                raise OSError("the thumbnails' store did not answer")
            return Thumbnail()

    thumbnailer = Thumbnailer()
    monkeypatch.setattr(picture_tags, "get_thumbnailer", lambda: thumbnailer)
    template = engines["django"].from_string(
        "{% load cached_html picture_tags %}{% sharedcache 60 a-card %}"
        "{% picture source '160' as photo %}{% if photo %}<img src='{{ photo.src }}'>{% endif %}"
        "{% endsharedcache %}"
    )
    request, _token = _request_with_own_token()

    assert "<img" not in template.render({"source": "products/a.jpg"}, request)

    thumbnailer.fails = False
    assert "<img src='/media/cache/a.webp'>" in template.render({"source": "products/a.jpg"}, request)

    # Kept once whole: read back without rendering (another source would not even be asked for).
    thumbnailer.fails = True
    assert "<img src='/media/cache/a.webp'>" in template.render({"source": "products/b.jpg"}, request)
