"""PURE's demo data: the "Allo CCI" hotline, a restart checklist with answers, call-back requests in each state."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from pure.models import CallbackNote, CallbackRequest, Checklist, ChecklistAnswer, Hotline, HotlineRange, Topic
from pure.services.checklists import checklist_diagnose

from .pure_equipment import equipment_channel_ensure

HOTLINE_TEXT = (
    "Une équipe de conseillers de la CCI Nord-Isère répond aux chefs d'entreprise : aides et financement, "
    "règles sanitaires de réouverture, vente en ligne, ressources humaines."
)
# Monday to Friday, 8:30–12:00 and 13:30–17:30.
HOTLINE_WEEK = [(day, time(8, 30), time(12)) for day in range(1, 6)] + [
    (day, time(13, 30), time(17, 30)) for day in range(1, 6)
]
CHECKLIST_SLUG = "reouverture-commerce"
# (section, [(label, advice, weight)])
CHECKLIST = [
    (
        "Hygiène et protection",
        [
            (
                "Du gel hydroalcoolique est à disposition à l'entrée",
                "Placez un distributeur de gel à l'entrée et à la caisse ; vérifiez-le chaque jour.",
                3,
            ),
            (
                "Le personnel dispose de masques et sait les porter",
                "Prévoyez deux masques par jour et par salarié, et un rappel écrit des règles de port.",
                3,
            ),
            (
                "Les surfaces touchées sont nettoyées plusieurs fois par jour",
                "Affichez un planning de nettoyage (poignées, caisse, terminal de paiement) et cochez chaque passage.",
                2,
            ),
            (
                "Un écran de protection équipe la caisse",
                "Un écran en plexiglas protège le vendeur et le client au moment du paiement.",
                1,
            ),
        ],
    ),
    (
        "Accueil du public",
        [
            (
                "La jauge de clients est calculée et affichée",
                "Comptez 4 m² par client et affichez le nombre maximal à l'entrée.",
                3,
            ),
            (
                "Un sens de circulation est matérialisé",
                "Marquez au sol l'entrée, la sortie et les distances d'un mètre.",
                2,
            ),
            (
                "Le paiement sans contact est proposé",
                "Demandez à votre banque le relèvement du plafond sans contact.",
                1,
            ),
        ],
    ),
    (
        "Trésorerie et aides",
        [
            (
                "Votre plan de trésorerie couvre les trois prochains mois",
                "Établissez un plan simple mois par mois ; un conseiller CCI peut le relire avec vous.",
                3,
            ),
            (
                "Vous avez vérifié votre droit au fonds de solidarité",
                "Le fonds de solidarité se demande chaque mois sur impots.gouv.fr.",
                2,
            ),
            (
                "Vous avez sollicité un report de charges",
                "Contactez l'Urssaf et les impôts pour reporter les échéances.",
                2,
            ),
        ],
    ),
    (
        "Vente à distance",
        [
            (
                "Votre boutique est présente en ligne",
                "Créez gratuitement votre vitrine sur En bas de ma rue : vos clients commandent et retirent chez vous.",
                2,
            ),
            (
                "Vos clients peuvent commander par téléphone ou en ligne",
                "Indiquez sur votre vitrine et votre porte comment commander.",
                2,
            ),
            ("Un créneau de retrait évite l'attente", "Définissez des créneaux de retrait et leur capacité.", 1),
        ],
    ),
]


def _id(*parts: str) -> str:
    # Stable block ids: a second seed finds the same items, and the demo answers keep pointing at them.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "enbasdemarue:pure:" + ":".join(parts)))


def _checklist_stream() -> list[dict]:
    return [
        {
            "type": "section",
            "id": _id(title),
            "value": {
                "title": title,
                "items": [
                    {
                        "type": "item",
                        "id": _id(title, label),
                        "value": {"label": label, "advice": advice, "weight": weight, "guide": None},
                    }
                    for label, advice, weight in items
                ],
            },
        }
        for title, items in CHECKLIST
    ]


def hotline_ensure(*, created: Counter) -> Hotline:
    hotline = Hotline.objects.order_by("pk").first()
    if hotline is None:
        hotline = Hotline.objects.create(text=HOTLINE_TEXT)
        HotlineRange.objects.bulk_create(
            HotlineRange(hotline=hotline, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in HOTLINE_WEEK
        )
        created["pure_hotline"] += 1
    return hotline


def checklist_ensure(*, created: Counter) -> Checklist:
    checklist = Checklist.objects.filter(slug=CHECKLIST_SLUG).first()
    if checklist is None:
        checklist = Checklist.objects.create(
            slug=CHECKLIST_SLUG,
            title="Rouvrir mon commerce au public",
            intro="Cochez ce qui est déjà en place dans votre commerce : le diagnostic vous dit ce qui reste à faire.",
            topic=Topic.REOPENING,
            sections=_checklist_stream(),
        )
        created["pure_checklists"] += 1
    return checklist


def answers_ensure(*, checklist: Checklist, users: dict, created: Counter) -> None:
    """Two fillings by the boulangerie (a week apart, better the second time), one by the fromagerie."""
    plan = {
        "boulangerie@demo.enbasdemarue.fr": [(8, [0, 1, 4]), (1, [0, 1, 2, 4, 5, 7, 10])],
        "fromagerie@demo.enbasdemarue.fr": [(2, [0, 2, 4, 6, 7, 8, 9, 10, 11])],
    }
    ids = [_id(title, label) for title, items in CHECKLIST for label, _advice, _weight in items]
    now = timezone.now()
    for email, fillings in plan.items():
        user = users.get(email)
        if user is None or ChecklistAnswer.objects.filter(checklist=checklist, user=user).exists():
            continue
        for days_ago, indexes in fillings:
            done, diagnosis = checklist_diagnose(checklist=checklist, done=[ids[i] for i in indexes])
            answer = ChecklistAnswer.objects.create(
                checklist=checklist,
                user=user,
                done=done,
                score=diagnosis.percent,
                section_scores=[{"title": s.title, "percent": s.percent} for s in diagnosis.sections],
            )
            ChecklistAnswer.objects.filter(pk=answer.pk).update(created_at=now - timedelta(days=days_ago))
            created["pure_answers"] += 1


# (reference, company, topic, status, days ago, note)
CALLBACKS = [
    ("AC-DEMO01", "Boulangerie du Pont", Topic.FINANCING, CallbackRequest.Status.NEW, 0, ""),
    ("AC-DEMO02", "Garage Martin", Topic.HR, CallbackRequest.Status.NEW, 3, ""),
    ("AC-DEMO03", "Fleurs de Saison", Topic.ONLINE, CallbackRequest.Status.ASSIGNED, 1, ""),
    (
        "AC-DEMO04",
        "Café de la Gare",
        Topic.REOPENING,
        CallbackRequest.Status.CALLED,
        2,
        "Rappelé : jauge et affichage expliqués.",
    ),
    ("AC-DEMO05", "Coiffure Élégance", Topic.OTHER, CallbackRequest.Status.CLOSED, 6, "Question réglée par email."),
]


def callbacks_ensure(*, users: dict, created: Counter) -> None:
    adviser = users.get("equipe@demo.enbasdemarue.fr")
    now = timezone.now()
    for reference, company, topic, status, days_ago, note in CALLBACKS:
        if CallbackRequest.objects.filter(reference=reference).exists():
            continue
        request = CallbackRequest.objects.create(
            reference=reference,
            name="Dominique Bernard",
            company=company,
            siret="73282932000074",
            phone="04 74 00 00 00",
            email=f"{reference.lower()}@demo.enbasdemarue.fr",
            topic=topic,
            status=status,
            adviser=adviser if status != CallbackRequest.Status.NEW else None,
        )
        CallbackRequest.objects.filter(pk=request.pk).update(created_at=now - timedelta(days=days_ago))
        if note:
            CallbackNote.objects.create(request=request, author=adviser, text=note)
        created["pure_callbacks"] += 1


def pure_ensure(*, created: Counter) -> None:
    """Create whatever is missing of PURE's demo data; a second run creates nothing."""
    hotline_ensure(created=created)
    checklist = checklist_ensure(created=created)
    users = {user.email: user for user in get_user_model().objects.filter(email__endswith="@demo.enbasdemarue.fr")}
    answers_ensure(checklist=checklist, users=users, created=created)
    callbacks_ensure(users=users, created=created)
    equipment_channel_ensure(created=created)
