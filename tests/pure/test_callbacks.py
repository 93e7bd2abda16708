"""The call-back request: the form (checked like sign-up, rate-limited, with a honeypot) and its acknowledgement."""

import re

import pytest
from django.urls import reverse

from pure.models import CallbackRequest
from pure.public.throttle import CALLBACKS_PER_HOUR

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Claire Dumas",
    "company": "Épicerie Dumas",
    "siret": "732 829 320 00074",
    "phone": "06 12 34 56 78",
    "email": "claire@example.org",
    "topic": "financing",
    "window": "morning",
    "message": "Prêt garanti : suis-je éligible ?",
}


def ours():
    """The requests the tests make (the demo data has its own)."""
    return CallbackRequest.objects.exclude(reference__startswith="AC-DEMO")


def post(client, django_capture_on_commit_callbacks, data=None, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("pure:callback"), {**VALID, **(data or {})}, **extra)


def test_request_is_recorded_and_acknowledged_by_email_with_its_reference(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = post(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    request = CallbackRequest.objects.get(email="claire@example.org")
    assert request.siret == "73282932000074"
    assert request.phone == "06 12 34 56 78"
    assert request.status == CallbackRequest.Status.NEW
    assert request.reference.startswith("AC-")
    sent = client.get(response["Location"]).content.decode()
    assert request.reference in sent
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["claire@example.org"]
    assert request.reference in mailoutbox[0].subject
    assert "Financement et aides" in mailoutbox[0].body
    assert "04 74 95 24 00" in mailoutbox[0].body


@pytest.mark.parametrize(
    "data, message",
    [
        ({"siret": "732 829 320 00075"}, "Ce numéro SIRET n&#x27;est pas valide"),
        ({"siret": "1234"}, "14 chiffres"),
        ({"siret": "７３２８２９３２０００７４"}, "que des chiffres de 0 à 9"),
        ({"phone": "12"}, "Numéro de téléphone invalide."),
        ({"email": "pas-un-email"}, "adresse"),
        ({"topic": "bitcoin"}, "Sélectionnez un choix valide"),
        ({"window": ""}, "Champ requis."),
        ({"name": ""}, "Champ requis."),
        ({"name": "a\x00b"}, "caract"),
        ({"message": "x" * 5000}, "1000 caract"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_recorded(
    client, mailoutbox, django_capture_on_commit_callbacks, data, message
):
    response = post(client, django_capture_on_commit_callbacks, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Votre demande n'est pas partie" in page
    assert not ours().exists()
    assert mailoutbox == []


def test_garbage_post_never_gives_a_500(client):
    response = client.post(
        reverse("pure:callback"), {"topic": ["a", "b"], "siret": "\x00" * 30, "checklist": "x" * 500}
    )
    assert response.status_code == 200
    assert not ours().exists()


def test_honeypot_gets_the_same_answer_but_nothing_is_recorded(client, mailoutbox, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, {"website": "http://spam.example"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert not ours().exists()
    assert mailoutbox == []


def test_one_address_is_limited_to_a_few_requests_an_hour(client, django_capture_on_commit_callbacks):
    for _ in range(CALLBACKS_PER_HOUR):
        assert post(client, django_capture_on_commit_callbacks).status_code == 302
    response = post(client, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "Allo CCI" in response.content.decode()
    assert ours().count() == CALLBACKS_PER_HOUR
    # Another address is not held back.
    other = post(client, django_capture_on_commit_callbacks, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_topic_of_the_link_is_chosen_and_a_shopkeeper_finds_their_shop_filled_in(client, demo_users):
    client.force_login(demo_users["shopkeeper_a"])
    shop = demo_users["shopkeeper_a"].partners.get().shop
    page = client.get(reverse("pure:callback") + "?sujet=hr").content.decode()
    assert re.search(r'<input type="radio" name="topic" value="hr"[^>]* checked', page)
    assert not re.search(r'<input type="radio" name="topic" value="financing"[^>]* checked', page)
    assert shop.siret in page
    assert demo_users["shopkeeper_a"].email in page


def test_sent_page_without_a_request_goes_back_to_the_form(client):
    response = client.get(reverse("pure:callback-sent"))
    assert response.status_code == 302
    assert response["Location"] == reverse("pure:callback")
