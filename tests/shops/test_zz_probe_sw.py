import re
import pytest
from tests.shops.test_signup_wizard import *  # noqa
from tests.shops.test_signup_wizard import _business, _shop, _step, _shop_data, _png_claiming_10000_by_10000, POSTSCRIPT

pytestmark = pytest.mark.django_db

def _errors(r):
    return re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', r.content.decode(), re.S) + re.findall(r'<div class="alert alert-danger"[^>]*>(.*?)</div>', r.content.decode(), re.S)

def test_probe(client, at_step, category, free_sirets):
    at_step(3)
    for name in ["Le Fournil\x00 d'Anne", "A" * 200_000]:
        print("NAME", _errors(_business(client, siret=free_sirets[0], category=category, name=name)))
    for siret in ["７３２８２９３２０００００７４", "7328293200007"]:
        print("SIRET", _errors(_business(client, siret=siret, category=category)))
    for d in ["Pain\x00", "B" * 200_000]:
        print("DESC", _errors(_shop(client, description=d)))
    from django.core.files.uploadedfile import SimpleUploadedFile
    for content, name in [(_png_claiming_10000_by_10000(), "a.png"), (POSTSCRIPT, "a.jpg")]:
        r = client.post(_step(3), {**_shop_data(), "logo": SimpleUploadedFile(name, content)})
        print("IMG", _errors(r))
    r = client.post(_step(4), {"day_1": "19h-9h", "action": "submit", "terms_accepted": "on"})
    print("HOURS", _errors(r))
