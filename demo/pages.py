"""Demo editorial pages: the home page's sections, the CCI's guides, the FAQ and the legal pages; the
news (demo/news.py) and the campaign (demo/campaigns.py) are called from here."""

from __future__ import annotations

import json
from collections import Counter

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from editorial.models import CampaignPage, ContentPage, FaqPage, HomePage, LegalPage

from .campaigns import campaign_ensure
from .legal import DEMO_NOTICE, DEMO_NOTICE_EN, LEGAL_PAGES
from .news import news_ensure
from .translations import translations_ensure

# The sections the data migration editorial 0007 gives a home page (and the text an older demo added):
# a home with only these is the default one, and gets the demo's arrangement.
DEFAULT_HOME_TYPES = {"hero", "shops_near", "new_shops", "heading", "paragraph", "call_to_action"}

HOME_TEXT = [
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
]

GUIDES = [
    {
        "slug": "a-propos",
        "title": "À propos",
        "show_in_menus": True,
        "title_en": "About",
        "intro": "En bas de ma rue est la place de marché des commerces du Nord-Isère, portée par la CCI.",
        "intro_en": "En bas de ma rue is the marketplace of the shops of Nord-Isère, run by the CCI.",
        "body_en": [
            (
                "paragraph",
                RichText(
                    "<p>The CCI Nord-Isère created En bas de ma rue so that the area's independent shops sell "
                    "online with no subscription and no commission, and their customers order from several "
                    "shops in one basket.</p>"
                ),
            ),
        ],
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>La CCI Nord-Isère a créé En bas de ma rue pour que les commerces indépendants du territoire "
                    "vendent en ligne sans abonnement ni commission, et que leurs clients commandent chez plusieurs "
                    "commerçants en un seul panier.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "comment-ca-marche",
        "title": "Comment ça marche ?",
        "show_in_menus": True,
        "title_en": "How does it work?",
        "intro": "Trouvez une boutique, remplissez votre panier, choisissez un créneau, retirez en boutique.",
        "intro_en": "Find a shop, fill your basket, pick a slot, collect in the shop.",
        "body_en": [
            ("heading", "1. Find your shops"),
            ("paragraph", RichText("<p>Choose your town or let the map guide you.</p>")),
            ("heading", "2. Order from several shops"),
            ("paragraph", RichText("<p>One basket; one order per shop, each with its own slot.</p>")),
            ("heading", "3. Collect in the shop"),
            ("paragraph", RichText("<p>Show your pickup code: your order is waiting for you.</p>")),
            ("call_to_action", {"text": "Find a shop", "url": "/boutiques/"}),
        ],
        "body": [
            ("heading", "1. Trouvez vos commerces"),
            ("paragraph", RichText("<p>Choisissez votre commune ou laissez-vous guider par la carte.</p>")),
            ("heading", "2. Commandez chez plusieurs boutiques"),
            ("paragraph", RichText("<p>Un seul panier ; une commande par boutique, chacune avec son créneau.</p>")),
            ("heading", "3. Retirez en boutique"),
            ("paragraph", RichText("<p>Présentez votre code de retrait : votre commande vous attend.</p>")),
            ("call_to_action", {"text": "Trouver une boutique", "url": "/boutiques/"}),
        ],
    },
]

FAQ = [
    ("Faut-il un compte pour commander ?", "Non : vous pouvez commander sans compte ; un compte garde vos commandes."),
    (
        "Comment se passe le retrait ?",
        "Vous choisissez un créneau par boutique. Présentez votre code de retrait au commerçant.",
    ),
    (
        "Puis-je payer sur place ?",
        "Oui : vous payez au retrait, en boutique.",
    ),
    ("Et si je ne peux pas venir ?", "Annulez depuis « Mes commandes » ou appelez la boutique."),
    (
        "Combien coûte une vitrine pour un commerçant ?",
        "Rien : l'inscription est gratuite et la CCI ne prend aucune commission.",
    ),
    ("Qui valide les boutiques ?", "L'équipe de la CCI Nord-Isère vérifie chaque inscription (SIRET) sous 48 heures."),
]


def _home_sections(campaign: CampaignPage, text: list) -> list:
    return [
        ("hero", {"title": "", "text": "", "image": None, "search": True}),
        ("shops_near", {"title": ""}),
        ("campaign_banner", {"page": campaign, "text": ""}),
        ("latest_news", {"title": "", "count": 3}),
        ("new_shops", {"title": "", "count": 8}),
        *text,
    ]


def _home_arrange(home: HomePage, campaign: CampaignPage) -> None:
    """Give the default home the demo's sections, in French and in English (once: an arranged home has
    its news section)."""
    if {block.block_type for block in home.body} - DEFAULT_HOME_TYPES:
        return
    home.body = _home_sections(campaign, HOME_TEXT)
    home.body_en = _home_sections(campaign, HOME_BODY_EN)
    home.save_revision().publish()


def pages_ensure(*, created: Counter) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site else HomePage.objects.first()
    if not isinstance(home, HomePage):
        return
    existing = set(home.get_children().values_list("slug", flat=True))
    for spec in [*CONTENT_PAGES, *GUIDES]:
        if spec["slug"] not in existing:
            _page_add(parent=home, page=ContentPage(**spec))
            created["pages"] += 1
    if "questions-frequentes" not in existing:
        questions = [("question", {"question": q, "answer": RichText(f"<p>{a}</p>")}) for q, a in FAQ]
        faq = FaqPage(
            slug="questions-frequentes",
            title="Questions fréquentes",
            title_en="Frequently asked questions",
            show_in_menus=True,
            intro="Commander, retirer, payer, ouvrir sa vitrine : les réponses aux questions les plus posées.",
            questions=questions,
        )
        _page_add(parent=home, page=faq)
        created["pages"] += 1
    for slug, title, title_en, body, body_en in LEGAL_PAGES:
        if slug not in existing:
            page = LegalPage(
                slug=slug,
                title=title,
                title_en=title_en,
                body=DEMO_NOTICE + body,
                body_en=DEMO_NOTICE_EN + body_en,
                show_in_menus=True,
            )
            _page_add(parent=home, page=page)
            created["pages"] += 1
    for page in [home, *ContentPage.objects.child_of(home).filter(slug__in=[p["slug"] for p in CONTENT_PAGES])]:
        _outdated_sentences_replace(page=page)
    news_ensure(home=home, created=created)
    _home_arrange(home, campaign_ensure(home=home, created=created))
    # After the French pages are written: their English versions start as copies of them.
    translations_ensure(home=home, guides=GUIDES, created=created)


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
