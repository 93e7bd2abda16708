"""The demo survey: "Baromètre de la reprise", two weekly waves (the first closed, the second open), a member
list over the territory with the demo shops among it, and answers to both waves, so that /barometre/ shows
figures, their change from wave 1 to wave 2, and the shopkeepers' dashboard the open survey."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from barometer.market import market_summary_refresh
from barometer.services import wave_summary_refresh
from shops.models import Shop
from surveys.models import Answer, Member, Response, Survey, Wave
from surveys.questions import survey_questions

SLUG = "barometre-reprise"
SECTORS = ("Commerce alimentaire", "Commerce non alimentaire", "Hôtellerie-restauration", "Services", "Artisanat")
TOWNS = ("Bourgoin-Jallieu", "Villefontaine", "L'Isle-d'Abeau", "La Tour-du-Pin", "Vienne", "Crémieu")
MEMBERS = 320
COMMENTS = (
    "Le click and collect nous a sauvé le mois.",
    "Besoin d'aide pour la trésorerie.",
    "Les clients reviennent doucement.",
    "Difficile de recruter pour la réouverture.",
)
OPEN = ("Ouvert normalement", "Ouvert avec restrictions", "Fermé")
AIDS = ("Fonds de solidarité", "Prêt garanti (PGE)", "Activité partielle", "Report de charges", "Aucune")
QUESTIONS = [
    ("single", {"label": "Votre établissement est-il ouvert ?", "required": True, "choices": list(OPEN)}),
    ("scale", {"label": "Comment jugez-vous votre activité cette semaine ?", "required": True,
               "low": "Très mauvaise", "high": "Très bonne"}),
    ("number", {"label": "Chiffre d'affaires par rapport à l'habituel", "required": True, "unit": "%",
                "min_value": 0, "max_value": 300}),
    ("multiple", {"label": "Quelles aides avez-vous demandées ?", "required": False, "choices": list(AIDS)}),
    ("text", {"label": "Un mot pour la CCI ?", "required": False}),
]  # fmt: skip


def _survey(created: Counter) -> Survey:
    survey = Survey.objects.filter(slug=SLUG).first()
    if survey is not None:
        return survey
    survey = Survey(
        title="Baromètre de la reprise",
        slug=SLUG,
        intro="Cinq questions, deux minutes : la CCI suit chaque semaine la situation des entreprises du Nord-Isère.",
        questions=QUESTIONS,
    )
    survey.save()
    now = timezone.now()
    Wave.objects.bulk_create(
        [
            Wave(survey=survey, number=1, opens_at=now - timedelta(days=14), closes_at=now - timedelta(days=7)),
            Wave(survey=survey, number=2, opens_at=now - timedelta(days=7), closes_at=now + timedelta(days=7)),
        ]
    )
    created["surveys"] += 1
    return survey


def _members(created: Counter) -> list[Member]:
    rng = random.Random(18)
    members = [
        Member(siret=shop.siret, company=shop.name, email=shop.email or f"{shop.slug}@demo.enbasdemarue.fr",
               town=shop.town, sector="Commerce alimentaire" if number % 2 else "Commerce non alimentaire")
        for number, shop in enumerate(Shop.objects.exclude(siret="").order_by("pk"))
    ]  # fmt: skip
    for number in range(MEMBERS):
        members.append(
            Member(
                siret=f"9{number:013d}",
                company=f"Entreprise adhérente {number + 1}",
                email=f"adherent{number + 1}@demo.enbasdemarue.fr",
                town=rng.choices(TOWNS, weights=(6, 3, 3, 2, 5, 1))[0],
                sector=rng.choice(SECTORS),
            )
        )
    before = Member.objects.count()
    Member.objects.bulk_create(members, ignore_conflicts=True)
    created["members"] += Member.objects.count() - before
    return list(Member.objects.filter(siret__in=[m.siret for m in members]).order_by("pk"))


def _answers(*, wave: Wave, questions, member: Member, rng: random.Random, mood: float) -> list[Answer]:
    rows = []
    for question in questions:
        common = {"wave": wave, "question": question.id, "town": member.town, "sector": member.sector}
        if question.kind == "single":
            rows.append(Answer(option=rng.choices(OPEN, weights=(3 + 4 * mood, 4, 3 - 2 * mood))[0], **common))
        elif question.kind == "scale":
            value = max(1, min(5, round(rng.gauss(2.3 + 1.2 * mood, 1))))
            rows.append(Answer(option=str(value), number=value, **common))
        elif question.kind == "number":
            rows.append(Answer(number=max(0, round(rng.gauss(55 + 25 * mood, 20))), **common))
        elif question.kind == "text":
            if rng.random() < 0.15:
                rows.append(Answer(text=rng.choice(COMMENTS), **common))
        elif question.kind == "multiple":
            rows += [Answer(option=aid, **common) for aid in AIDS[:4] if rng.random() < 0.35] or [
                Answer(option=AIDS[-1], **common)
            ]
    return rows


def surveys_ensure(*, created: Counter) -> None:
    """The demo survey, its member list and answers to both waves (once), then the barometer's summaries."""
    survey = _survey(created)
    members = _members(created)
    questions = survey_questions(survey)
    rng = random.Random(1802)
    demo_shop_sirets = set(Shop.objects.values_list("siret", flat=True))
    for wave, share, mood in ((1, 0.55, 0.0), (2, 0.45, 1.0)):
        wave = Wave.objects.get(survey=survey, number=wave)
        if Response.objects.filter(wave=wave).exists():
            continue
        # The demo shopkeepers have not answered the open wave: their dashboard invites them to.
        chosen = [m for m in members if rng.random() < share and not (wave.number == 2 and m.siret in demo_shop_sirets)]
        responses = Response.objects.bulk_create(
            [
                Response(
                    wave=wave, member=m, town=m.town, sector=m.sector, submitted_at=wave.opens_at + timedelta(hours=6)
                )
                for m in chosen
            ]
        )
        responses = Response.objects.filter(wave=wave).select_related("member")
        rows = []
        for response in responses:
            for answer in _answers(wave=wave, questions=questions, member=response.member, rng=rng, mood=mood):
                answer.response = response
                rows.append(answer)
        Answer.objects.bulk_create(rows, batch_size=2000)
        created["survey_responses"] += len(chosen)
    for wave in survey.waves.all():
        wave_summary_refresh(wave_id=wave.pk)
    market_summary_refresh()
