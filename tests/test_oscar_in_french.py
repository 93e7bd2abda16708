"""Every Oscar message a user can meet is in French: Oscar's own French catalogue lacks the msgids added
since it was last translated, and locale/fr fills them in."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import oscar
import pytest
from django.utils import translation
from django.utils.translation import trans_real

from tests.orders.builders import product_for_sale, shop_open

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _po_entries(path: Path) -> list[dict]:
    """(msgctxt, msgid, msgid_plural) of each entry of a .po file, unescaped."""
    entries, current, field = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current.get("msgid"):
                entries.append(current)
            current, field = {}, None
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        value = match.group(2) if match else line[1:-1]
        if match:
            field = match.group(1)
            current[field] = ""
        current[field] += re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), value)
    return entries


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_msgid_of_oscars_source_has_a_french_translation(tmp_path):
    # Oscar's source as makemessages sees it (Python and templates), outside any Django project.
    source = Path(oscar.__file__).parent
    copy = tmp_path / "oscar"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("locale", "static", "test*", "*.pyc", "__pycache__"))
    (copy / "locale").mkdir()
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-location", "--no-wrap"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    entries = _po_entries(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 1500

    french = trans_real.translation("fr")
    # Django's merged catalogue, then the ones gettext chained behind it (Oscar's own sits there).
    catalogs = [french._catalog]
    fallback = french._fallback
    while fallback is not None:
        catalogs.append(fallback._catalog)
        fallback = fallback._fallback
    missing = []
    for entry in entries:
        key = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if "msgid_plural" in entry:
            key = (key, 0)
        if not any(key in catalog for catalog in catalogs):
            missing.append(entry["msgid"])
    assert missing == []


@pytest.mark.django_db
def test_signing_in_with_a_guest_basket_says_the_merge_in_french(client, demo_users):
    shop = shop_open(name="Boulangerie du Marché")
    bread = product_for_sale(shop=shop, title="Baguette tradition", price="1.20", stock=20)
    assert client.post(f"/basket/add/{bread.product.pk}/", {"quantity": 3}).status_code == 302

    client.force_login(demo_users["shopper"])
    html = client.get("/basket/").content.decode()

    assert "3 articles d&#x27;une session précédente ont été ajoutés à votre panier." in html
    assert "We have merged" not in html


def test_oscars_bulk_action_prompt_is_in_french():
    with translation.override("fr"):
        assert translation.gettext("choose action") == "choisir une action"
