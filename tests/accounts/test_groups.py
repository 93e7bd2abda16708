import pytest
from django.contrib.auth.models import Group

from kernel.accounts import groups

pytestmark = pytest.mark.django_db


def test_the_three_groups_exist_with_their_permissions():
    shopkeepers = Group.objects.get(name=groups.SHOPKEEPERS)
    editors = Group.objects.get(name=groups.EDITORS)
    staff = Group.objects.get(name=groups.STAFF)
    assert shopkeepers.permissions.filter(codename="dashboard_access").exists()
    assert editors.permissions.filter(codename="access_admin").exists()
    assert staff.permissions.filter(codename="change_product").exists()
    assert not editors.permissions.filter(content_type__app_label="catalogue").exists()


def test_editor_uses_the_cms_and_not_the_dashboard(client, demo_users):
    editor = demo_users["editor"]
    assert not editor.is_staff
    client.force_login(editor)
    assert client.get("/cms/").status_code == 200
    response = client.get("/dashboard/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login" in response["Location"]


def test_shopkeeper_uses_the_dashboard_and_not_the_cms(client, demo_users):
    shopkeeper = demo_users["shopkeeper_a"]
    assert not shopkeeper.is_staff
    client.force_login(shopkeeper)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/cms/").status_code in (302, 403)
    assert client.get("/django-admin/").status_code == 302


def test_staff_run_the_dashboard_but_not_django_admin(client, demo_users):
    client.force_login(demo_users["staff"])
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/catalogue/").status_code == 200
    # Django admin is for superusers only.
    assert client.get("/django-admin/accounts/user/").status_code in (302, 403)


def test_superuser_reaches_django_admin(client, demo_users):
    client.force_login(demo_users["superuser"])
    assert client.get("/django-admin/accounts/user/").status_code == 200


def test_email_is_unique_regardless_of_case(demo_users):
    from django.contrib.auth import get_user_model
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create_user("CLIENT@demo.enbasdemarue.fr", "x")


def test_staff_see_oscar_customer_and_report_screens(client, demo_users):
    client.force_login(demo_users["staff"])
    assert client.get("/dashboard/users/").status_code == 200
    assert client.get("/dashboard/reports/").status_code == 200


def test_django_admin_refuses_staff(client, demo_users):
    client.force_login(demo_users["staff"])
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_link_followed_by_staff_cannot_add_a_user_to_a_shop(client, demo_users):
    from shops.models import Shop

    shop_a = Shop.objects.get(slug="au-pain-dore")
    intruder = demo_users["shopkeeper_b"]
    client.force_login(demo_users["staff"])
    response = client.get(f"/dashboard/partners/{shop_a.partner_id}/users/{intruder.pk}/link/")
    assert response.status_code == 405
    assert not shop_a.partner.users.filter(pk=intruder.pk).exists()
