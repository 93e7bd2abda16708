"""Demo news: the index under the home page, three rubrics and six articles with pictures."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

from editorial.models import HomePage, NewsCategory, NewsIndexPage, NewsPage
from shops.models import Shop

from .pictures import wagtail_image_ensure

CATEGORIES = [
    ("Vie des commerces", "vie-des-commerces"),
    ("Aides et démarches", "aides-et-demarches"),
    ("La place de marché", "place-de-marche"),
]


RUBRICS = {slug: name for name, slug in CATEGORIES}


def _p(*paragraphs: str) -> RichText:
    return RichText("".join(f"<p>{text}</p>" for text in paragraphs))


# (slug, title, rubric, tags, summary, body paragraphs, shop slug shown in the article or None)
ARTICLES = [
    (
        "marche-de-noel-place-carnot",
        "Le marché de Noël revient place Carnot à Bourgoin-Jallieu",
        "vie-des-commerces",
        ["Noël", "Bourgoin-Jallieu"],
        "Trois week-ends de fête et les commandes de fin d'année à retirer directement sur les stands.",
        [
            "Du 6 au 22 décembre, une quarantaine d'exposants s'installent place Carnot : artisans, "
            "producteurs et commerçants du centre-ville.",
            "Nouveauté cette année : les commandes passées sur En bas de ma rue se retirent sur le stand "
            "du commerçant, au créneau choisi. Bûches, chocolats et foies gras sont à réserver dès maintenant.",
        ],
        "au-pain-dore",
    ),
    (
        "quarante-commerces-en-ligne",
        "Click and collect : les commerces du Nord-Isère s'organisent",
        "place-de-marche",
        ["Retrait en boutique"],
        "Boulangers, fromagers, libraires : la place de marché de la CCI compte de nouvelles vitrines chaque semaine.",
        [
            "Depuis son lancement, la place de marché réunit des commerces de Bourgoin-Jallieu, Villefontaine, "
            "L'Isle-d'Abeau, La Tour-du-Pin, Vienne et Crémieu.",
            "Chaque commerçant fixe ses créneaux de retrait et ses délais de préparation ; les clients "
            "composent un seul panier chez plusieurs boutiques.",
        ],
        None,
    ),
    (
        "aides-region-commerce-proximite",
        "Rebond économique : les aides pour les commerces de proximité",
        "aides-et-demarches",
        ["Aides", "Rebond"],
        "Subventions d'investissement, prêts d'honneur, accompagnement numérique : le point sur les dispositifs.",
        [
            "La Région et l'intercommunalité soutiennent les investissements des commerces indépendants : "
            "vitrine, mise aux normes, outils numériques.",
            "Les conseillers de la CCI vous aident à monter votre dossier. Prenez rendez-vous par Allo CCI "
            "au 04 74 95 24 00.",
        ],
        None,
    ),
    (
        "fromagerie-des-roches-dix-ans",
        "Villefontaine : la Fromagerie des Roches fête ses dix ans",
        "vie-des-commerces",
        ["Villefontaine", "Portrait"],
        "Sophie Garnier affine depuis dix ans les tommes et saint-marcellin de la région : rencontre.",
        [
            "Installée place des Roches, la fromagerie propose plus de quatre-vingts fromages, dont une "
            "trentaine de producteurs de l'Isère et de la Savoie.",
            "Pour ses dix ans, elle propose des plateaux à composer en ligne et à retirer le samedi matin.",
        ],
        "fromagerie-des-roches",
    ),
    (
        "allo-cci-ligne-directe",
        "Allo CCI : une ligne directe pour vos questions",
        "aides-et-demarches",
        ["Allo CCI"],
        "Création de votre vitrine, retrait en boutique, aides : les conseillers répondent du lundi au vendredi.",
        [
            "Une question sur la place de marché, une démarche administrative, une aide ? Appelez le "
            "04 74 95 24 00, du lundi au vendredi de 9 h à 17 h, ou demandez à être rappelé.",
        ],
        None,
    ),
    (
        "soldes-hiver-ce-qui-change",
        "Soldes d'hiver : ce qui change pour les commerçants",
        "aides-et-demarches",
        ["Soldes", "Réglementation"],
        "Dates, affichage des prix de référence, ventes en ligne : les règles à connaître avant le 8 janvier.",
        [
            "Les soldes d'hiver durent quatre semaines. Le prix de référence affiché est le prix le plus bas "
            "pratiqué dans les trente jours précédant la réduction.",
            "Les mêmes règles s'appliquent aux produits vendus sur la place de marché.",
        ],
        None,
    ),
]


def news_ensure(*, home: HomePage, created: Counter) -> NewsIndexPage:
    categories = {}
    for name, slug in CATEGORIES:
        categories[slug], was_created = NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name})
        created["news_categories"] += was_created
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = NewsIndexPage(
            title="Actualités",
            slug="actualites",
            show_in_menus=True,
            intro="Les nouvelles des commerces du Nord-Isère et de la CCI.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        created["pages"] += 1
    existing = set(index.get_children().values_list("slug", flat=True))
    today = timezone.localdate()
    for position, (slug, title, rubric, tags, summary, paragraphs, shop_slug) in enumerate(ARTICLES):
        if slug in existing:
            continue
        body = [("paragraph", _p(*paragraphs))]
        shop = Shop.objects.filter(slug=shop_slug).first() if shop_slug else None
        if shop is not None:
            body.append(("shop", {"shop": shop}))
        article = NewsPage(
            title=title,
            slug=slug,
            date=today - timedelta(days=5 * position + 1),
            summary=summary,
            image=wagtail_image_ensure(title=title, slug=f"news-{slug}", kicker=RUBRICS[rubric], created=created),
            body=body,
        )
        index.add_child(instance=article)
        article.categories.set([categories[rubric]])
        article.tags.set(tags)
        article.save_revision().publish()
        created["pages"] += 1
    return index
