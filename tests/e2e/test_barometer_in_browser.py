"""A shopkeeper answers the CCI's open survey from their dashboard on a phone (no JavaScript needed), then reads
the public barometer: charts that fit the screen, filters in the address, no serious accessibility fault."""

import pytest
from playwright.sync_api import expect

from .a11y import axe_violations, blocking, describe_violations, horizontal_overflow
from .conftest import screenshot

pytestmark = pytest.mark.django_db


def test_shopkeeper_answers_the_survey_then_reads_the_barometer_on_a_phone(phone):
    phone.goto("/accounts/login/?next=/dashboard/")
    phone.fill("#id_login-username", "boulangerie@demo.enbasdemarue.fr")
    phone.fill("#id_login-password", "commercant-demo")
    phone.locator("button[name=login_submit]").click()
    phone.wait_for_url("**/dashboard/")
    link = phone.locator("[data-open-survey] a").get_attribute("href")
    # The personal link, on this test server rather than the site address the emails carry.
    phone.goto("/enquetes/" + link.split("/enquetes/", 1)[1])
    phone.get_by_label("Ouvert avec restrictions").check()
    phone.get_by_label("4", exact=True).check()
    phone.get_by_label("Chiffre d'affaires par rapport à l'habituel (%)").fill("75")
    phone.get_by_label("Activité partielle").check()
    assert horizontal_overflow(phone) == 0
    screenshot(phone, "survey_answer")
    phone.get_by_role("button", name="Envoyer mes réponses").click()
    expect(phone.locator("[data-thanks]")).to_be_visible()

    phone.get_by_role("link", name="Voir le baromètre de l'économie locale").click()
    phone.wait_for_url("**/barometre/")
    assert phone.locator("svg[role=img]").count() > 3
    phone.locator("select[name=commune]").select_option("Bourgoin-Jallieu")
    phone.get_by_role("button", name="Afficher").click()
    phone.wait_for_url("**/barometre/?*commune=Bourgoin-Jallieu*")
    expect(phone.locator("[data-respondents]")).to_be_visible()
    assert horizontal_overflow(phone) == 0
    screenshot(phone, "barometer_phone")
    violations = blocking(axe_violations(phone))
    assert not violations, describe_violations(violations)
