"""Demo shops: sixteen Nord-Isère shops with their hours, pickup settings, SIRET, logo and cover."""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.utils.html import escape
from oscar.core.loading import get_model
from stdnum import luhn

from shops.models import OpeningRange, Shop, ShopCategory

from .accounts import DEMO_DOMAIN
from .pictures import cover_jpeg, logo_jpeg, store_once

Partner = get_model("partner", "Partner")

# Fixed folders so that a picture has one name forever.
LOGO_FOLDER = "shops/logos/demo"
COVER_FOLDER = "shops/covers/demo"


# --- Hours and pickup settings, by kind of shop ---------------------------------------------------

# {category slug: [(ISO weekdays, (opens, closes), ...)]}; absent days are closed.
TUE_SAT = (2, 3, 4, 5, 6)
HOURS = {
    "boulangerie": [(TUE_SAT, ("07:00", "12:30"), ("15:00", "19:00")), ((7,), ("07:00", "12:30"))],
    "boucherie": [(TUE_SAT, ("08:00", "12:30"), ("15:00", "19:00")), ((7,), ("08:00", "12:00"))],
    "fromagerie": [
        ((2, 3, 4, 5), ("09:00", "12:30"), ("15:00", "19:00")),
        ((6,), ("08:30", "13:00"), ("14:30", "19:00")),
    ],
    "primeur": [(TUE_SAT, ("08:00", "12:30"), ("15:00", "19:00")), ((7,), ("08:30", "12:30"))],
    "fleuriste": [(TUE_SAT, ("09:00", "12:30"), ("14:30", "19:00")), ((7,), ("09:00", "12:30"))],
    "librairie": [((2, 3, 4, 5), ("09:30", "12:00"), ("14:00", "19:00")), ((6,), ("09:30", "19:00"))],
    "caviste": [(TUE_SAT, ("09:30", "12:30"), ("15:00", "19:30"))],
    "pret-a-porter": [((1,), ("14:00", "19:00")), (TUE_SAT, ("10:00", "12:30"), ("14:00", "19:00"))],
    "quincaillerie": [
        ((1, 2, 3, 4, 5), ("08:30", "12:00"), ("14:00", "18:30")),
        ((6,), ("08:30", "12:00"), ("14:00", "18:00")),
    ],
    "bio": [(TUE_SAT, ("09:00", "19:00"))],
}
DEFAULT_HOURS = [(TUE_SAT, ("09:30", "12:00"), ("14:00", "19:00"))]

# Shop field values: a bakery turns an order round in minutes, a florist needs hours to compose one.
PICKUP = {
    "boulangerie": {
        "slot_minutes": 15,
        "slot_capacity": 6,
        "preparation_minutes": 30,
        "days_ahead": 3,
        "same_day_cutoff": time(11, 0),
    },
    "boucherie": {
        "slot_minutes": 30,
        "slot_capacity": 4,
        "preparation_minutes": 120,
        "days_ahead": 7,
        "same_day_cutoff": time(10, 0),
    },
    "fromagerie": {"slot_minutes": 30, "slot_capacity": 4, "preparation_minutes": 60, "days_ahead": 7},
    "primeur": {"slot_minutes": 30, "slot_capacity": 5, "preparation_minutes": 60, "days_ahead": 4},
    "fleuriste": {
        "slot_minutes": 60,
        "slot_capacity": 3,
        "preparation_minutes": 180,
        "days_ahead": 14,
        "same_day_cutoff": time(12, 0),
    },
    "librairie": {"slot_minutes": 60, "slot_capacity": 8, "preparation_minutes": 60, "days_ahead": 14},
    "quincaillerie": {"slot_minutes": 60, "slot_capacity": 6, "preparation_minutes": 60, "days_ahead": 10},
}

INSTRUCTIONS = {
    "boulangerie": "Passez devant la file : vos commandes vous attendent à gauche du comptoir.",
    "boucherie": "Donnez votre code au comptoir, votre commande est gardée en chambre froide.",
    "fromagerie": "Votre commande est emballée au frais ; prévoyez un sac isotherme en été.",
    "primeur": "Les paniers sont prêts à l'entrée du magasin, sous l'auvent.",
    "fleuriste": "Les bouquets sont gardés dans l'eau jusqu'à votre passage ; présentez votre code.",
    "caviste": "Une pièce d'identité peut vous être demandée pour les boissons alcoolisées.",
    "bio": "Pensez à vos bocaux et sacs en tissu pour les compléments en vrac.",
}
DEFAULT_INSTRUCTIONS = "Présentez votre code de retrait en caisse, votre commande vous attend."


# --- The shops ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoShop:
    slug: str
    name: str
    category: str
    legal_name: str
    address: str
    postcode: str
    town: str
    latitude: str
    longitude: str
    owner: tuple[str, str]
    pitch: str
    # None: the owner signs in as <slug>@demo.enbasdemarue.fr.
    owner_email: str | None = None

    @property
    def email(self) -> str:
        return self.owner_email or f"{self.slug}@{DEMO_DOMAIN}"


BJ, VF, IDA, TDP, VI, CR = "Bourgoin-Jallieu", "Villefontaine", "L'Isle-d'Abeau", "La Tour-du-Pin", "Vienne", "Crémieu"

# fmt: off
SHOPS = [
    DemoShop("au-pain-dore", "Au Pain Doré", "boulangerie", "SARL Au Pain Doré", "12 rue de la Liberté",
             "38300", BJ, "45.586410", "5.274120", ("Julien", "Roux"),
             "Boulangerie artisanale du centre-ville : levain naturel, farines de la Bourbre et brioches de fête.",
             owner_email=f"boulangerie@{DEMO_DOMAIN}"),
    DemoShop("fromagerie-des-roches", "Fromagerie des Roches", "fromagerie", "Garnier Fromages SAS",
             "4 place des Roches", "38090", VF, "45.613820", "5.149260", ("Sophie", "Garnier"),
             "Fromages affinés sur place, des Alpes au Vercors, et le saint-marcellin du pays.",
             owner_email=f"fromagerie@{DEMO_DOMAIN}"),
    DemoShop("boucherie-saint-michel", "Boucherie Saint-Michel", "boucherie", "Boucherie Saint-Michel SARL",
             "3 place Saint-Michel", "38300", BJ, "45.585730", "5.272480", ("Marc", "Chabert"),
             "Viandes de l'Isère et de l'Ain, charcuterie maison et plats du jour à emporter."),
    DemoShop("fleurs-de-bourbre", "Fleurs de Bourbre", "fleuriste", "EURL Fleurs de Bourbre",
             "18 rue de la République", "38300", BJ, "45.587050", "5.275300", ("Inès", "Morel"),
             "Bouquets de saison, fleurs locales et plantes d'intérieur, composés à la main."),
    DemoShop("les-mots-passants", "Librairie Les Mots Passants", "librairie", "Les Mots Passants SCOP",
             "7 place Carnot", "38300", BJ, "45.587720", "5.273010", ("Hélène", "Vial"),
             "Librairie indépendante : romans, jeunesse, régionalisme et papeterie, conseils en prime."),
    DemoShop("le-panier-de-saint-bonnet", "Le Panier de Saint-Bonnet", "primeur", "Primeurs Rey et fils",
             "15 avenue de Saint-Bonnet", "38090", VF, "45.611940", "5.151830", ("Karim", "Benali"),
             "Fruits et légumes de saison, paniers préparés, producteurs du Nord-Isère mis en avant."),
    DemoShop("bio-et-vrac", "Bio & Vrac", "bio", "Bio et Vrac Villefontaine SAS", "2 rue du Vellein",
             "38090", VF, "45.615030", "5.148410", ("Aurélie", "Perrin"),
             "Épicerie bio en vrac : venez avec vos bocaux, on s'occupe du reste."),
    DemoShop("le-fournil-de-l-isle", "Le Fournil de l'Isle", "boulangerie", "SARL Le Fournil de l'Isle",
             "9 rue de l'Hôtel de Ville", "38080", IDA, "45.619480", "5.229140", ("Nicolas", "Durand"),
             "Pains au levain, viennoiseries pur beurre et tartes aux pralines depuis 1987."),
    DemoShop("quincaillerie-de-l-abeau", "Quincaillerie de l'Abeau", "quincaillerie", "Quincaillerie Faure SARL",
             "21 rue de la Gare", "38080", IDA, "45.617960", "5.226830", ("Gérard", "Faure"),
             "Outillage, visserie au détail, clés minute et conseils de bricolage depuis trois générations."),
    DemoShop("l-atelier-des-cadeaux", "L'Atelier des Cadeaux", "cadeaux", "L'Atelier des Cadeaux EURL",
             "5 place du Bourg", "38080", IDA, "45.620330", "5.227650", ("Manon", "Lefebvre"),
             "Créations d'artisans du Nord-Isère : céramique, bijoux, savons et papeterie illustrée."),
    DemoShop("boucherie-turripinoise", "Boucherie Turripinoise", "boucherie", "Boucherie Turripinoise SARL",
             "16 rue d'Italie", "38110", TDP, "45.565840", "5.444520", ("Olivier", "Bonnard"),
             "Boucherie-charcuterie de tradition : diots, caillettes et gratin dauphinois maison."),
    DemoShop("le-comptoir-du-dauphine", "Le Comptoir du Dauphiné", "epicerie-fine", "Comptoir du Dauphiné SAS",
             "8 place Antonin-Dubost", "38110", TDP, "45.566510", "5.446030", ("Chloé", "Girard"),
             "Épicerie fine régionale : noix de Grenoble, ravioles, chartreuse et douceurs d'artisans."),
    DemoShop("le-vestiaire", "Le Vestiaire", "pret-a-porter", "Le Vestiaire Turripinois EURL",
             "27 rue Pierre-Vincendon", "38110", TDP, "45.567180", "5.445210", ("Sarah", "Mercier"),
             "Prêt-à-porter femme et homme fabriqué en France, intemporel et durable."),
    DemoShop("cave-du-temple", "Cave du Temple", "caviste", "Cave du Temple SARL", "4 place du Palais",
             "38200", VI, "45.525460", "4.874060", ("Pierre", "Blanchard"),
             "Les grands vins de la vallée du Rhône à deux pas du temple d'Auguste et de Livie."),
    DemoShop("fromages-de-la-rue-marchande", "Fromages de la rue Marchande", "fromagerie",
             "Fromagerie Marchande SAS", "23 rue Marchande", "38200", VI, "45.524310", "4.875890",
             ("Lucie", "Bouvier"), "Rigottes de Condrieu, picodons et tommes fermières, coupés à la demande."),
    DemoShop("primeur-de-la-halle", "Primeur de la Halle", "primeur", "Primeur de la Halle EURL",
             "1 rue des Halles", "38460", CR, "45.724480", "5.249720", ("Antoine", "Guillot"),
             "Au pied de la halle médiévale, les fruits et légumes du plateau de l'Isle-Crémieu."),
]

# fmt: on


def shop_ensure(*, spec: DemoShop, category: ShopCategory, approved_at, created: Counter) -> Shop:
    shop = Shop.objects.select_related("partner").filter(slug=spec.slug).first()
    if shop is not None:
        return shop
    partner = Partner.objects.create(name=spec.name)
    shop = Shop(
        partner=partner,
        slug=spec.slug,
        name=spec.name,
        status=Shop.Status.APPROVED,
        category=category,
        siret=demo_siret(seed=spec.slug),
        legal_name=spec.legal_name,
        address=spec.address,
        postcode=spec.postcode,
        town=spec.town,
        latitude=Decimal(spec.latitude),
        longitude=Decimal(spec.longitude),
        phone=_demo_phone(seed=spec.slug),
        email=spec.email,
        description=f"<p>{escape(spec.pitch)}</p>",
        pickup_instructions=INSTRUCTIONS.get(spec.category, DEFAULT_INSTRUCTIONS),
        submitted_at=approved_at - timedelta(days=2, hours=3),
        approved_at=approved_at,
        **PICKUP.get(spec.category, {}),
    )
    shop.logo.name = store_once(
        name=f"{LOGO_FOLDER}/{spec.slug}.jpg", render=lambda: logo_jpeg(name=spec.name, seed=spec.slug)
    )
    shop.cover.name = store_once(
        name=f"{COVER_FOLDER}/{spec.slug}.jpg",
        render=lambda: cover_jpeg(name=spec.name, town=spec.town, seed=spec.slug),
    )
    shop.save()
    created["shops"] += 1
    return shop


def opening_hours_ensure(*, shop: Shop, spec: DemoShop, created: Counter) -> None:
    # A shop whose hours were edited during a demo keeps them.
    if shop.opening_ranges.exists():
        return
    rows = [
        OpeningRange(shop=shop, weekday=weekday, opens=time.fromisoformat(opens), closes=time.fromisoformat(closes))
        for weekdays, *ranges in HOURS.get(spec.category, DEFAULT_HOURS)
        for weekday in weekdays
        for opens, closes in ranges
    ]
    OpeningRange.objects.bulk_create(rows)
    created["opening_ranges"] += len(rows)


def demo_siret(*, seed: str) -> str:
    """A stable, well-formed SIRET for a demo shop: its SIREN and the whole number pass Luhn."""
    value = zlib.crc32(seed.encode())
    # First digit 4-9: clear of La Poste's 356 000 000, whose establishments follow another rule.
    siren = _luhn_complete(f"{4 + value % 6}{value // 6 % 10**7:07d}")
    return _luhn_complete(f"{siren}{value % 97 + 1:04d}")


def _luhn_complete(payload: str) -> str:
    return payload + luhn.calc_check_digit(payload)


def _demo_phone(*, seed: str) -> str:
    # 04 65 71 xx xx is the range ARCEP keeps for fiction in the south-east: it rings nobody.
    value = zlib.crc32(seed.encode()) % 10_000
    return f"04 65 71 {value // 100:02d} {value % 100:02d}"
