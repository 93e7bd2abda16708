"""A shopkeeper signs up on a phone, from the home page to a shop waiting for validation; the CCI
approves it; the shopkeeper then edits their hours in their dashboard."""

import email
import re
import uuid
from email import policy
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.django_db

CONFIRM_PATH = re.compile(r"/commercants/confirmer/[^/\s\"<>]+/")
# A valid SIRET (Luhn on SIREN and SIRET) that the demo data does not use; typed with spaces, as people do.
SIRET = "552 081 317 66522"


def _confirm_path(folder: Path, address: str) -> str:
    """The confirmation link's path in the email the server wrote for this address."""
    for path in sorted(folder.glob("*.log")):
        # The file backend separates messages with a line of 79 dashes.
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            message = email.message_from_bytes(raw.strip(), policy=policy.default)
            if address not in str(message.get("To", "")):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    match = CONFIRM_PATH.search(part.get_content())
                    if match:
                        return match.group(0)
    raise AssertionError(f"no confirmation email for {address} in {folder}")


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_shopkeeper_signs_up_on_a_phone_from_the_home_page(phone, browser, e2e_server, e2e_email_dir):
    address = f"fleuriste-{uuid.uuid4().hex[:8]}@exemple.fr"

    # From the home page: the footer's page for shopkeepers, then its call to action.
    phone.goto("/")
    phone.get_by_role("link", name="Commerçants : rejoignez la place de marché").click()
    phone.get_by_role("link", name="Créer ma vitrine").click()
    phone.wait_for_url("**/commercants/")
    assert phone.get_by_role("heading", name="Créez votre vitrine gratuitement").is_visible()
    screenshot(phone, "signup_landing")
    phone.get_by_role("link", name="Créer ma vitrine").first.click()

    # Step 1: the account.
    phone.wait_for_url("**/commercants/inscription/etape-1/")
    assert phone.get_by_text("Étape 1 sur 4").is_visible()
    assert phone.get_by_role("link", name="Se connecter").last.get_attribute("href") == (
        "/accounts/login/?next=/commercants/inscription/"
    )
    assert _fits_the_screen(phone)
    screenshot(phone, "signup_step1")
    phone.get_by_label("Prénom").fill("Lucie")
    phone.get_by_role("textbox", name="Nom", exact=True).fill("Garnier")
    phone.get_by_label("Adresse email").fill(address)
    phone.get_by_label("Téléphone").fill("06 98 76 54 32")
    phone.locator("#id_password").fill("Pivoines-et-tulipes-38")
    phone.get_by_label("Confirmation du mot de passe").fill("Pivoines-et-tulipes-38")
    phone.get_by_role("button", name="Créer mon compte").click()

    # Step 2: the business, with a first SIRET typed wrong.
    phone.wait_for_url("**/commercants/inscription/etape-2/")
    assert phone.get_by_text("Étape 2 sur 4").is_visible()
    assert phone.get_by_role("button", name="Renvoyer l'email").is_visible()
    phone.get_by_label("Numéro SIRET").fill("552 081 317 6652")
    phone.get_by_label("Nom de la boutique").fill("Fleurs de Lucie")
    phone.get_by_label("Catégorie").select_option(index=1)
    phone.get_by_role("button", name="Enregistrer et continuer").click()
    expect(phone.get_by_text("Un numéro SIRET comporte 14 chiffres ; vous en avez saisi 13.")).to_be_visible()
    phone.get_by_label("Numéro SIRET").fill(SIRET)
    assert _fits_the_screen(phone)
    screenshot(phone, "signup_step2")
    phone.get_by_role("button", name="Enregistrer et continuer").click()
    phone.wait_for_url("**/commercants/inscription/etape-3/")

    # The confirmation email, written to a file by the server; its link opened in the same browser.
    phone.goto(_confirm_path(e2e_email_dir, address))
    assert phone.get_by_role("heading", name="Votre adresse email est confirmée").is_visible()
    screenshot(phone, "signup_email_confirmed")
    phone.get_by_role("link", name="Continuer mon inscription").click()

    # Step 3: the shop, with its pin on a Leaflet map served from our own static files.
    phone.wait_for_url("**/commercants/inscription/etape-3/")
    assert phone.get_by_text("Étape 3 sur 4").is_visible()
    phone.get_by_role("textbox", name="Adresse", exact=True).fill("4 place Carnot")
    town = phone.get_by_label("Commune")
    assert town.get_attribute("list") == "signup-towns"
    town.fill("Bourgoin-Jallieu")
    town.dispatch_event("change")
    assert phone.get_by_label("Code postal").input_value() == "38300"
    assert phone.locator("#id_latitude").input_value() == "45.586400"
    marker = phone.locator("#shop-map .leaflet-marker-icon")
    marker.wait_for()
    # The mouse reaches only what is on the screen: the map may start below the fold of a phone.
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    phone.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    phone.mouse.down()
    phone.mouse.move(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 + 30, steps=8)
    phone.mouse.up()
    moved = (phone.locator("#id_latitude").input_value(), phone.locator("#id_longitude").input_value())
    assert moved != ("45.586400", "5.274100")
    phone.get_by_label("Présentation").fill("Bouquets de saison et plantes de la région.")
    assert _fits_the_screen(phone)
    screenshot(phone, "signup_step3")
    phone.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 4: hours, terms, submit.
    phone.wait_for_url("**/commercants/inscription/etape-4/")
    assert phone.get_by_text("Étape 4 sur 4").is_visible()
    phone.get_by_role("textbox", name="Lundi").fill("9h-12h30, 14h-19h")
    phone.get_by_label("Mêmes horaires du lundi au samedi").check()
    phone.get_by_label("J'accepte les conditions générales d'utilisation").check()
    assert _fits_the_screen(phone)
    screenshot(phone, "signup_step4")
    phone.get_by_role("button", name="Soumettre ma boutique").click()

    phone.wait_for_url("**/commercants/inscription/merci/")
    assert phone.get_by_role("heading", name="Merci, votre boutique est en attente de validation").is_visible()
    assert phone.get_by_text("Fleurs de Lucie").is_visible()
    screenshot(phone, "signup_done")

    # Coming back later leads to the same page: the shop waits for the CCI.
    phone.goto("/commercants/inscription/")
    phone.wait_for_url("**/commercants/inscription/merci/")

    # The CCI's staff approve it, on a desktop.
    desk = browser.new_context(base_url=e2e_server, viewport={"width": 1280, "height": 900}, locale="fr-FR")
    staff = desk.new_page()
    staff.goto("/dashboard/login/")
    staff.locator("#dashboard_login_form input[name=username]").fill("equipe@demo.enbasdemarue.fr")
    staff.locator("#dashboard_login_form input[name=password]").fill("equipe-demo")
    staff.locator("#dashboard_login_form input[type=submit]").click()
    staff.wait_for_url("**/dashboard/")
    staff.goto("/dashboard/boutiques/")
    staff.get_by_role("link", name="Fleurs de Lucie").first.click()
    screenshot(staff, "review_pending_shop")
    staff.get_by_role("button", name="Valider la boutique").click()
    staff.wait_for_load_state()
    expect(staff.locator(".alert-success").first).to_be_visible()
    screenshot(staff, "review_approved")
    desk.close()

    # The shopkeeper, back on the phone, now has "Ma boutique" and changes the Sunday hours.
    phone.goto("/dashboard/ma-boutique/horaires/")
    assert phone.get_by_label("Dimanche").is_visible()
    phone.get_by_label("Mêmes horaires du lundi au samedi").uncheck()
    phone.get_by_label("Dimanche").fill("9h-12h")
    phone.get_by_role("button", name="Enregistrer les horaires").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("Horaires enregistrés.")).to_be_visible()
    assert _fits_the_screen(phone)
    screenshot(phone, "space_hours_saved")

    # Shoppers see the approved shop and its Sunday hours.
    phone.goto("/boutiques/")
    phone.get_by_role("link", name=re.compile("Fleurs de Lucie")).click()
    phone.locator(".week-hours summary").click()
    assert "09:00–12:00" in phone.locator(".week-hours dl").inner_text()
