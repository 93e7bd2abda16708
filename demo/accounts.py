"""Demo accounts: a shopper, two shopkeepers, an editor and a senior editor, a CCI staff member and a superuser
(README)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from kernel.accounts import groups

DEMO_DOMAIN = "demo.enbasdemarue.fr"
SHOPKEEPER_PASSWORD = "commercant-demo"  # noqa: S105 - published in the README, like every demo password


@dataclass(frozen=True)
class DemoUser:
    email: str
    password: str
    first_name: str
    last_name: str
    group: str | None = None
    is_staff: bool = False
    is_superuser: bool = False


USERS = [
    DemoUser(f"client@{DEMO_DOMAIN}", "client-demo", "Camille", "Martin"),
    DemoUser(f"boulangerie@{DEMO_DOMAIN}", SHOPKEEPER_PASSWORD, "Julien", "Roux", groups.SHOPKEEPERS),
    DemoUser(f"fromagerie@{DEMO_DOMAIN}", SHOPKEEPER_PASSWORD, "Sophie", "Garnier", groups.SHOPKEEPERS),
    DemoUser(f"editeur@{DEMO_DOMAIN}", "editeur-demo", "Léa", "Fontaine", groups.EDITORS),
    DemoUser(f"redaction@{DEMO_DOMAIN}", "redaction-demo", "Marc", "Perrin", groups.SENIOR_EDITORS),
    DemoUser(f"equipe@{DEMO_DOMAIN}", "equipe-demo", "Thomas", "Bernard", groups.STAFF, is_staff=True),
    DemoUser(f"admin@{DEMO_DOMAIN}", "admin-demo", "Alex", "Admin", is_staff=True, is_superuser=True),
]


def user_ensure(*, spec: DemoUser, hashes: dict[str, str], created: Counter):
    User = get_user_model()
    user = User.objects.filter(email__iexact=spec.email).first()
    if user is None:
        create = User.objects.create_superuser if spec.is_superuser else User.objects.create_user
        user = create(spec.email, None, first_name=spec.first_name, last_name=spec.last_name)
        if spec.password not in hashes:
            hashes[spec.password] = make_password(spec.password)
        user.password = hashes[spec.password]
        user.is_staff = spec.is_staff or spec.is_superuser
        user.save(update_fields=["password", "is_staff"])
        created["users"] += 1
    if spec.group:
        user.groups.add(Group.objects.get(name=spec.group))
    return user
