"""PURE on a phone: a business owner signs in, fills the restart checklist (no JavaScript needed), reads
the diagnosis, comes back to it, then asks a call-back about its topic and gets a reference by email."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_signup_in_browser import _fits_the_screen

pytestmark = pytest.mark.django_db


def _sign_in(page, email, password):
    page.goto("/accounts/login/?next=/pure/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", password)
    page.locator("button[name=login_submit]").click()
    page.wait_for_url("**/pure/")


def test_owner_fills_the_checklist_and_asks_a_call_back_on_a_phone(phone, e2e_email_dir):
    _sign_in(phone, "fromagerie@demo.enbasdemarue.fr", "commercant-demo")
    assert phone.locator(".pure-hotline a[href='tel:+33474952400']").is_visible()
    assert _fits_the_screen(phone)
    screenshot(phone, "pure_landing")

    phone.get_by_role("link", name="Rouvrir mon commerce au public").click()
    phone.wait_for_url("**/pure/check-list/reouverture-commerce/")
    # The fromagerie's last answers are taken up again: nine boxes of thirteen already ticked.
    assert phone.get_by_text("sont reprises").is_visible()
    assert phone.locator("input[name=item]:checked").count() == 9
    phone.get_by_label("Un écran de protection équipe la caisse").check()
    phone.get_by_label("Le paiement sans contact est proposé").uncheck()
    assert _fits_the_screen(phone)
    screenshot(phone, "pure_checklist")
    phone.get_by_role("button", name="Voir mon diagnostic").click()

    phone.wait_for_url(re.compile(r".*/pure/check-list/reouverture-commerce/diagnostic/\d+/$"))
    score = int(phone.locator("[data-score]").get_attribute("data-score"))
    assert 0 < score < 100
    assert phone.get_by_role("heading", name=re.compile("Hygiène et protection")).is_visible()
    assert phone.get_by_text("Demandez à votre banque le relèvement du plafond sans contact.").is_visible()
    assert phone.get_by_text("Vos diagnostics précédents").is_visible()
    assert _fits_the_screen(phone)
    screenshot(phone, "pure_diagnosis")
    phone.emulate_media(media="print")
    assert not phone.locator(".site-header").is_visible()
    screenshot(phone, "pure_diagnosis_print")
    phone.emulate_media(media="screen")

    phone.get_by_role("link", name="Être rappelé par un conseiller").click()
    phone.wait_for_url("**/pure/rappel/?sujet=reopening&checklist=reouverture-commerce")
    assert phone.get_by_label("Règles de réouverture").is_checked()
    # The shop's details are filled in; the phone is checked as sign-up checks it.
    assert phone.get_by_label("SIRET").input_value() != ""
    phone.get_by_label("Téléphone où vous rappeler").fill("12")
    phone.get_by_label("L'après-midi (14 h – 17 h)").check()
    phone.get_by_role("button", name="Envoyer ma demande").click()
    expect(phone.get_by_text("Numéro de téléphone invalide.")).to_be_visible()
    assert _fits_the_screen(phone)
    screenshot(phone, "pure_callback_error")
    phone.get_by_label("Téléphone où vous rappeler").fill("06 12 34 56 78")
    phone.get_by_role("button", name="Envoyer ma demande").click()

    phone.wait_for_url("**/pure/rappel/envoyee/")
    reference = phone.locator("[data-reference]").inner_text().strip()
    assert re.fullmatch(r"AC-[A-Z2-9]{6}", reference)
    screenshot(phone, "pure_callback_sent")
    emails = "".join(path.read_text(errors="replace") for path in e2e_email_dir.glob("*.log"))
    assert reference in emails and "fromagerie@demo.enbasdemarue.fr" in emails
