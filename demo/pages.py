"""Demo editorial pages: the home page's body, the CCI's pages and the legal pages."""

from __future__ import annotations

import json
from collections import Counter

from django.core.serializers.json import DjangoJSONEncoder
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
            "payez au retrait, en boutique.</p>"
        ),
    ),
    ("call_to_action", {"text": "Découvrir les boutiques", "url": "/boutiques/"}),
]
HOME_BODY_EN = [
    ("heading", "Order online, collect in store"),
    (
        "paragraph",
        RichText(
            "<p>En bas de ma rue brings the shops of Nord-Isère together in one marketplace: fill one basket "
            "from several shops, pick a pickup slot for each, and pay when you collect, in the shop.</p>"
        ),
    ),
    ("call_to_action", {"text": "Discover the shops", "url": "/boutiques/"}),
]

# Sentences of earlier demo data sets that promised what the site does not do (online payment is
# offered only once a shop has connected Stripe): a demo database seeded with them is corrected.
OUTDATED_SENTENCES = {
    "payez en ligne ou sur place.": "payez au retrait, en boutique.",
    "le paiement en ligne va directement sur votre compte.": (
        "vos clients vous paient directement, en boutique, au retrait."
    ),
    "Appeler le 04 65 71 00 00": "Appeler le 04 74 95 24 00",
    "tel:+33465710000": "tel:+33474952400",
}

CONTENT_PAGES = [
    {
        "slug": "allo-cci",
        "title": "Allo CCI : une question ?",
        "title_en": "Allo CCI: any questions?",
        "show_in_menus": True,
        "intro": "Une question sur votre commerce, la place de marché ou une aide ? La CCI vous répond.",
        "intro_en": "A question about your business, the marketplace or financial help? The CCI answers.",
        "body_en": [
            ("heading", "A direct line for shopkeepers"),
            (
                "paragraph",
                RichText(
                    "<p>The advisers of the CCI Nord-Isère answer Monday to Friday, 9 am to 5 pm, your "
                    "questions on opening your storefront, in-store pickup, financial help and formalities.</p>"
                ),
            ),
            ("call_to_action", {"text": "Call 04 74 95 24 00", "url": "tel:+33474952400"}),
        ],
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
        "title_en": "Shopkeepers: join the marketplace",
        "show_in_menus": True,
        "intro": "Votre vitrine en ligne, gratuite, en quelques minutes : vos clients commandent, vous préparez.",
        "intro_en": "Your online storefront, free, in a few minutes: your customers order, you prepare.",
        "body_en": [
            ("heading", "How does it work?"),
            (
                "paragraph",
                RichText(
                    "<p>Sign up with your SIRET, present your shop, give your opening hours and add your "
                    "products from a photo. The CCI's team approves your storefront within 48 hours.</p>"
                    "<p>No subscription, no commission: your customers pay you directly, in your shop, when "
                    "they collect.</p>"
                ),
            ),
            ("call_to_action", {"text": "Open my storefront", "url": "/commercants/"}),
        ],
        "body": [
            ("heading", "Comment ça marche ?"),
            (
                "paragraph",
                RichText(
                    "<p>Inscrivez-vous avec votre SIRET, présentez votre boutique, indiquez vos horaires et "
                    "ajoutez vos produits en photo. L'équipe de la CCI valide votre vitrine sous 48 heures.</p>"
                    "<p>Aucun abonnement, aucune commission : vos clients vous paient directement, en boutique, "
                    "au retrait.</p>"
                ),
            ),
            ("call_to_action", {"text": "Créer ma vitrine", "url": "/commercants/"}),
        ],
    },
    {
        "slug": "marche-de-noel-bourgoin-jallieu",
        "title": "Actualités : le marché de Noël de Bourgoin-Jallieu",
        "title_en": "News: the Christmas market of Bourgoin-Jallieu",
        "show_in_menus": False,
        "intro": "Trois week-ends de fête place Carnot, et les commandes de fin d'année en retrait sur le marché.",
        "intro_en": "Three festive weekends on place Carnot, and year-end orders collected at the market.",
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
        "Legal notice",
        "<p>Le site En bas de ma rue est édité par la CCI Nord-Isère, établissement public administratif. "
        "Directeur de la publication : le président de la CCI.</p>"
        "<p>Ceci est un site de démonstration : les boutiques, produits et personnes sont fictifs.</p>",
        "<p>En bas de ma rue is published by the CCI Nord-Isère, a public administrative body. Director of "
        "publication: the president of the CCI.</p><p>This is a demonstration site: its shops, products and "
        "people are fictitious.</p>",
    ),
    (
        "cgu",
        "Conditions générales d'utilisation",
        "Terms of use",
        "<p>La place de marché met en relation des clients et des commerçants indépendants. Chaque commande "
        "est passée auprès d'un commerçant, qui en est le vendeur et fixe ses prix, TVA comprise.</p>"
        "<p>Les commandes se retirent en boutique, au créneau choisi, sur présentation du code de retrait.</p>",
        "<p>The marketplace brings customers and independent shops together. Each order is placed with one "
        "shop, which is its seller and sets its prices, VAT included.</p><p>Orders are collected in the shop, "
        "in the chosen slot, on showing the pickup code.</p>",
    ),
    (
        "confidentialite",
        "Confidentialité",
        "Privacy",
        "<p>Nous ne collectons que les données nécessaires à vos commandes : nom, adresse e-mail, téléphone "
        "et historique d'achat. Elles ne sont transmises qu'au commerçant concerné et ne sont jamais vendues.</p>"
        "<p>Vous pouvez demander l'accès, la rectification ou la suppression de vos données à tout moment.</p>",
        "<p>We only collect the data your orders need: name, email address, phone and order history. It is "
        "passed only to the shop concerned and never sold.</p><p>You may ask to see, correct or delete your "
        "data at any time.</p>",
    ),
]


def pages_ensure(*, created: Counter) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site else HomePage.objects.first()
    if not isinstance(home, HomePage):
        return
    if not home.body:
        home.body = HOME_BODY
        home.body_en = HOME_BODY_EN
        home.save_revision().publish()
    existing = set(home.get_children().values_list("slug", flat=True))
    for spec in CONTENT_PAGES:
        if spec["slug"] not in existing:
            _page_add(parent=home, page=ContentPage(**spec))
            created["pages"] += 1
    for slug, title, title_en, body, body_en in LEGAL_PAGES:
        if slug not in existing:
            page = LegalPage(slug=slug, title=title, title_en=title_en, body=body, body_en=body_en, show_in_menus=True)
            _page_add(parent=home, page=page)
            created["pages"] += 1
    for page in [home, *ContentPage.objects.child_of(home).filter(slug__in=[p["slug"] for p in CONTENT_PAGES])]:
        _outdated_sentences_replace(page=page)


def _outdated_sentences_replace(*, page) -> None:
    """Correct, in a page still carrying it, a sentence of an earlier demo data set (OUTDATED_SENTENCES)."""
    raw = page.body.raw_data
    before = json.dumps(list(raw), cls=DjangoJSONEncoder)
    after = before
    for old, new in OUTDATED_SENTENCES.items():
        after = after.replace(old, new)
    if after != before:
        page.body = json.loads(after)
        page.save_revision().publish()


def _page_add(*, parent: Page, page: Page) -> None:
    parent.add_child(instance=page)
    # A first revision, as the editor would have made it, so the admin shows a history and a date.
    page.save_revision().publish()
