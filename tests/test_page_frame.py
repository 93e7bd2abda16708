"""The frame every page shares, checked on the server's HTML: one <main id="main"> where the skip link leads,
one h1, no page that reloads itself, and the icon browsers ask for at /favicon.ico. The browser test
tests/e2e/test_accessibility.py runs axe-core on the same pages."""

import re
from html.parser import HTMLParser

import pytest
from oscar.core.loading import get_model

from shops.selectors.visibility import shop_public_q

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _mains(html: str) -> list[str]:
    return re.findall(r"<main\b[^>]*>", html)


class _ListChildren(HTMLParser):
    """The tags found directly inside a <ul> or <ol> (only <li> is allowed there)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], []

    def handle_starttag(self, tag, attrs):
        if self.stack and self.stack[-1] in {"ul", "ol"}:
            self.found.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def _list_children(html: str) -> set[str]:
    parser = _ListChildren()
    parser.feed(html)
    return set(parser.found) - {"li", "script", "template"}


@pytest.mark.parametrize("url", ["/", "/boutiques/", "/basket/", "/accounts/login/", "/catalogue/"])
def test_skip_link_leads_to_the_one_main_of_the_page(client, url):
    html = _html(client.get(url))
    assert 'href="#main"' in html
    mains = _mains(html)
    assert len(mains) == 1, mains
    assert 'id="main"' in mains[0]


def test_product_page_has_a_main(client):
    product = Product.objects.filter(shop_public_q("stockrecords__partner__shop__"), is_public=True).first()
    mains = _mains(_html(client.get(product.get_absolute_url())))
    assert len(mains) == 1 and 'id="main"' in mains[0]


def test_login_page_has_a_title_of_its_own(client):
    html = _html(client.get("/accounts/login/"))
    assert re.findall(r"<h1\b[^>]*>\s*Se connecter ou créer un compte\s*</h1>", html)


@pytest.mark.parametrize("role", ["staff", "shopkeeper_a"])
def test_dashboard_pages_have_a_main_and_never_reload_themselves(client, demo_users, role):
    client.force_login(demo_users[role])
    for url in ["/dashboard/", "/dashboard/catalogue/"]:
        html = _html(client.get(url))
        mains = _mains(html)
        assert len(mains) == 1 and 'id="main"' in mains[0], url
        assert 'http-equiv="refresh"' not in html, url
        # Oscar's account bar put its logout <form> straight in a <ul>.
        assert _list_children(html) == set(), url


def test_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # An ICO file starts with a reserved zero word and the type 1.
    assert body[:4] == b"\x00\x00\x01\x00"


def test_product_list_checkboxes_are_named_and_not_a_sort_link(client, demo_users):
    client.force_login(demo_users["shopkeeper_a"])
    html = _html(client.get("/dashboard/catalogue/"))
    boxes = re.findall(r'<input type="checkbox" name="selected_product"[^>]*>', html)
    assert boxes and all('aria-label="Sélectionner « ' in box for box in boxes)
    # A header link with no text, to sort by a checkbox, meant nothing to anyone.
    assert "sort=checkbox" not in html
    # Oscar's column order and default sort are kept.
    headers = re.findall(r"<th\b[^>]*>(.*?)</th>", html, re.S)
    assert "Titre" in headers[1]
