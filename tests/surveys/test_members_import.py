"""Staff import the CCI's member list (CSV) in bulk: added, updated by SIRET, refused whole when a line is wrong."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.models import Member
from surveys.services.members import MemberImportError, members_import

pytestmark = pytest.mark.django_db

HEADER = "siret;entreprise;email;commune;secteur\n"


def test_import_adds_then_updates_by_siret_and_keeps_opt_outs():
    first = members_import(
        data=(
            HEADER + "11111111111111;Alpha;a@ex.fr;Vienne;Services\n22222222222222;Beta;b@ex.fr;Crémieu;Artisanat\n"
        ).encode()
    )
    assert (first.created, first.updated) == (2, 0)
    Member.objects.filter(siret="11111111111111").update(opted_out_at="2026-01-01T00:00Z")
    again = members_import(data=("\ufeff" + HEADER + "111 111 111 11111;Alpha SA;A@EX.FR;Vienne;Commerce\n").encode())
    assert (again.created, again.updated) == (0, 1)
    alpha = Member.objects.get(siret="11111111111111")
    assert (alpha.company, alpha.email, alpha.sector) == ("Alpha SA", "a@ex.fr", "Commerce")
    assert alpha.opted_out_at is not None


def test_a_comma_separated_latin1_file_is_read():
    data = "siret,entreprise,email,commune,secteur\n33333333333333,Café de l'Hôtel,c@ex.fr,Vienne,Hôtellerie\n"
    members_import(data=data.encode("cp1252"))
    assert Member.objects.get(siret="33333333333333").company == "Café de l'Hôtel"


def test_a_wrong_line_refuses_the_whole_file_with_its_line_number():
    data = HEADER + "44444444444444;Delta;d@ex.fr;Vienne;Services\n123;Epsilon;pas-un-email;;Services\n"
    with pytest.raises(MemberImportError) as refused:
        members_import(data=data.encode())
    assert "Ligne 3" in refused.value.errors[0]
    assert "SIRET" in refused.value.errors[0] and "email" in refused.value.errors[0]
    assert not Member.objects.filter(siret="44444444444444").exists()


def test_staff_upload_shows_the_counts_and_others_are_refused(client, demo_users):
    upload = SimpleUploadedFile("adherents.csv", (HEADER + "55555555555555;Zêta;z@ex.fr;Vienne;Services\n").encode())
    client.force_login(demo_users["shopkeeper_a"])
    assert client.post(reverse("surveys-staff:members-import"), {"file": upload}).status_code == 403
    client.force_login(demo_users["staff"])
    upload.seek(0)
    page = client.post(reverse("surveys-staff:members-import"), {"file": upload}, follow=True)
    assert "1 entreprises ajoutées" in page.content.decode()
    bad = SimpleUploadedFile("adherents.csv", b"nom;ville\nA;B\n")
    page = client.post(reverse("surveys-staff:members-import"), {"file": bad})
    assert page.status_code == 400
    assert "Colonnes manquantes" in page.content.decode()
