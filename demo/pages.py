"""Demo editorial pages: the home page's body, the CCI's pages and the legal pages."""

from __future__ import annotations

from collections import Counter

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from editorial.models import ContentPage, HomePage, LegalPage

HOME_BODY = [
    ("heading", "Commandez en ligne, retirez en boutique"),
    (
        "paragraph",
        RichText(
            "<p>En bas de ma rue réunit les commerces du Nord-Isère sur une seule place de marché : "
            "composez un panier chez plusieurs commerçants, choisissez un créneau de retrait pour chacun, "
            "payez en ligne ou sur place.</p>"
        ),
    ),
    ("call_to_action", {"text": "Découvrir les boutiques", "url": "/boutiques/"}),
]

CONTENT_PAGES = [
    {
        "slug": "allo-cci",
        "title": "Allo CCI : une question ?",
        "show_in_menus": True,
        "intro": "Une question sur votre commerce, la place de marché ou une aide ? La CCI vous répond.",
        "body": [
            ("heading", "Une ligne directe pour les commerçants"),
            (
                "paragraph",
                RichText(
                    "<p>Les conseillers de la CCI Nord-Isère répondent du lundi au vendredi, de 9 h à 17 h, "
                    "à vos questions sur la création de votre vitrine, le retrait en boutique, les aides "
                    "et les démarches.</p>"
                ),
            ),
            ("call_to_action", {"text": "Appeler le 04 74 95 24 00", "url": "tel:+33474952400"}),
        ],
    },
    {
        "slug": "rejoindre",
        "title": "Commerçants : rejoignez la place de marché",
        "show_in_menus": True,
        "intro": "Votre vitrine en ligne, gratuite, en quelques minutes : vos clients commandent, vous préparez.",
        "body": [
            ("heading", "Comment ça marche ?"),
            (
                "paragraph",
                RichText(
                    "<p>Inscrivez-vous avec votre SIRET, présentez votre boutique, indiquez vos horaires et "
                    "ajoutez vos produits en photo. L'équipe de la CCI valide votre vitrine sous 48 heures.</p>"
                    "<p>Aucun abonnement, aucune commission : le paiement en ligne va directement sur votre "
                    "compte.</p>"
                ),
            ),
            ("call_to_action", {"text": "Créer ma vitrine", "url": "/commercants/"}),
        ],
    },
    {
        "slug": "marche-de-noel-bourgoin-jallieu",
        "title": "Actualités : le marché de Noël de Bourgoin-Jallieu",
        "show_in_menus": False,
        "intro": "Trois week-ends de fête place Carnot, et les commandes de fin d'année en retrait sur le marché.",
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>Les commerçants de Bourgoin-Jallieu vous donnent rendez-vous place Carnot pour le "
                    "marché de Noël. Commandez vos bûches, vos fromages et vos cadeaux à l'avance sur En bas "
                    "de ma rue et retirez-les directement sur les stands participants.</p>"
                ),
            ),
        ],
    },
]

LEGAL_PAGES = [
    (
        "mentions-legales",
        "Mentions légales",
        "<p>Le site En bas de ma rue est édité par la CCI Nord-Isère, établissement public administratif. "
        "Directeur de la publication : le président de la CCI.</p>"
        "<p>Ceci est un site de démonstration : les boutiques, produits et personnes sont fictifs.</p>",
    ),
    (
        "cgu",
        "Conditions générales d'utilisation",
        "<p>La place de marché met en relation des clients et des commerçants indépendants. Chaque commande "
        "est passée auprès d'un commerçant, qui en est le vendeur et fixe ses prix, TVA comprise.</p>"
        "<p>Les commandes se retirent en boutique, au créneau choisi, sur présentation du code de retrait.</p>",
    ),
    (
        "confidentialite",
        "Confidentialité",
        "<p>Nous ne collectons que les données nécessaires à vos commandes : nom, adresse e-mail, téléphone "
        "et historique d'achat. Elles ne sont transmises qu'au commerçant concerné et ne sont jamais vendues.</p>"
        "<p>Vous pouvez demander l'accès, la rectification ou la suppression de vos données à tout moment.</p>",
    ),
]


def pages_ensure(*, created: Counter) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site else HomePage.objects.first()
    if not isinstance(home, HomePage):
        return
    if not home.body:
        home.body = HOME_BODY
        home.save_revision().publish()
    existing = set(home.get_children().values_list("slug", flat=True))
    for spec in CONTENT_PAGES:
        if spec["slug"] not in existing:
            _page_add(parent=home, page=ContentPage(**spec))
            created["pages"] += 1
    for slug, title, body in LEGAL_PAGES:
        if slug not in existing:
            _page_add(parent=home, page=LegalPage(slug=slug, title=title, body=body, show_in_menus=True))
            created["pages"] += 1


def _page_add(*, parent: Page, page: Page) -> None:
    parent.add_child(instance=page)
    # A first revision, as the editor would have made it, so the admin shows a history and a date.
    page.save_revision().publish()
