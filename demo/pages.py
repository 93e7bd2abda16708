"""Demo editorial pages: the home page's sections, the CCI's guides, the FAQ and the legal pages; the
news (demo/news.py) and the campaign (demo/campaigns.py) are called from here."""

from __future__ import annotations

from collections import Counter

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from editorial.models import CampaignPage, ContentPage, FaqPage, HomePage, LegalPage

from .campaigns import campaign_ensure
from .legal import DEMO_NOTICE, LEGAL_PAGES
from .news import news_ensure

# The sections the data migration editorial 0004 gives a home page (and the text an older demo added):
# a home with only these is the default one, and gets the demo's arrangement.
DEFAULT_HOME_TYPES = {"hero", "shops_near", "new_shops", "heading", "paragraph", "call_to_action"}

HOME_TEXT = [
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
]

GUIDES = [
    {
        "slug": "a-propos",
        "title": "À propos",
        "show_in_menus": True,
        "intro": "En bas de ma rue est la place de marché des commerces du Nord-Isère, portée par la CCI.",
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
        "intro": "Trouvez une boutique, remplissez votre panier, choisissez un créneau, retirez en boutique.",
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
        "Oui, le paiement au retrait est toujours possible ; certaines boutiques proposent aussi le paiement en ligne.",
    ),
    ("Et si je ne peux pas venir ?", "Annulez depuis « Mes commandes » ou appelez la boutique."),
    (
        "Combien coûte une vitrine pour un commerçant ?",
        "Rien : l'inscription est gratuite et la CCI ne prend aucune commission.",
    ),
    ("Qui valide les boutiques ?", "L'équipe de la CCI Nord-Isère vérifie chaque inscription (SIRET) sous 48 heures."),
]


def _home_arrange(home: HomePage, campaign: CampaignPage) -> None:
    """Give the default home the demo's sections (once: an arranged home has its news section)."""
    if {block.block_type for block in home.body} - DEFAULT_HOME_TYPES:
        return
    home.body = [
        ("hero", {"title": "", "text": "", "image": None, "search": True}),
        ("shops_near", {"title": ""}),
        ("campaign_banner", {"page": campaign, "text": ""}),
        ("latest_news", {"title": "", "count": 3}),
        ("new_shops", {"title": "", "count": 8}),
        *HOME_TEXT,
    ]
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
            show_in_menus=True,
            intro="Commander, retirer, payer, ouvrir sa vitrine : les réponses aux questions les plus posées.",
            questions=questions,
        )
        _page_add(parent=home, page=faq)
        created["pages"] += 1
    for slug, title, body in LEGAL_PAGES:
        if slug not in existing:
            page = LegalPage(slug=slug, title=title, body=DEMO_NOTICE + body, show_in_menus=True)
            _page_add(parent=home, page=page)
            created["pages"] += 1
    news_ensure(home=home, created=created)
    _home_arrange(home, campaign_ensure(home=home, created=created))


def _page_add(*, parent: Page, page: Page) -> None:
    parent.add_child(instance=page)
    # A first revision, as the editor would have made it, so the admin shows a history and a date.
    page.save_revision().publish()
