"""What the editorial tests share: the home page, reading JSON-LD and meta tags out of a page."""

import json
import re
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring
from wagtail.models import Site

from editorial.models import HomePage

_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def home() -> HomePage:
    return Site.objects.get(is_default_site=True).root_page.specific


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def json_ld(html: str) -> list[dict]:
    """Every JSON-LD object of the page, parsed (a syntax error fails the test)."""
    return [json.loads(block) for block in _JSON_LD.findall(html)]


def meta(html: str, prop: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def xml_of(response) -> Element:
    """The response parsed as XML (a feed, a sitemap): malformed XML fails the test."""
    assert response.status_code == 200, response.status_code
    return fromstring(response.content)
