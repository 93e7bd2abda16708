"""Demo data for the embedded default: Nord-Isère shops, their products and hours, accounts and pages.

Every row is looked up by a natural key (email, slug, UPC) before it is created and existing rows are
left as they are, so a second run creates nothing. Generated pictures are written under fixed names
and reused when already stored, so a run that rolled back, or a fresh database on the same media
folder, never leaves a second copy of a file behind.
"""

from __future__ import annotations

import colorsys
import hashlib
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal
from functools import lru_cache, partial
from io import BytesIO
from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image, ImageDraw, ImageFont
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from marketplace.accounts import groups
from marketplace.editorial.models import ContentPage, HomePage, LegalPage
from marketplace.oscar_apps.partner.tva import TVA_INTERMEDIATE, TVA_NORMAL, TVA_REDUCED, TVA_SUPER_REDUCED

from .models import OpeningRange, Shop, ShopCategory

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

DEMO_DOMAIN = "demo.enbasdemarue.fr"
SHOPKEEPER_PASSWORD = "commercant-demo"  # noqa: S105 - published in the README, like every demo password
PRODUCT_CLASS_NAME = "Produit"
# Fixed folders (not Oscar's dated OSCAR_IMAGE_FOLDER) so that a picture has one name forever.
PICTURE_FOLDER = "images/products/demo"
LOGO_FOLDER = "shops/logos/demo"
COVER_FOLDER = "shops/covers/demo"


# --- Accounts -------------------------------------------------------------------------------------


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
    DemoUser(f"equipe@{DEMO_DOMAIN}", "equipe-demo", "Thomas", "Bernard", groups.STAFF, is_staff=True),
    DemoUser(f"admin@{DEMO_DOMAIN}", "admin-demo", "Alex", "Admin", is_staff=True, is_superuser=True),
]


# --- Shop categories and what each sells ----------------------------------------------------------

# (name, slug), in the directory's order.
CATEGORIES = [
    ("Boulangerie", "boulangerie"),
    ("Boucherie", "boucherie"),
    ("Fromagerie", "fromagerie"),
    ("Primeur", "primeur"),
    ("Fleuriste", "fleuriste"),
    ("Librairie", "librairie"),
    ("Caviste", "caviste"),
    ("Épicerie fine", "epicerie-fine"),
    ("Prêt-à-porter", "pret-a-porter"),
    ("Quincaillerie", "quincaillerie"),
    ("Cadeaux", "cadeaux"),
    ("Bio", "bio"),
]

A = TVA_NORMAL  # alcohol and non-food
P = TVA_INTERMEDIATE  # food prepared to eat now, flowers and plants
F = TVA_REDUCED  # food, books
N = TVA_SUPER_REDUCED  # press


@dataclass(frozen=True)
class Assortment:
    """What a kind of shop sells: (name, price or {variant: price}[, TVA rate]) and a default rate."""

    rate: Decimal
    blurb: str
    items: list[tuple]


# Data tables are laid out by hand, one product family per tuple, to stay readable.
# fmt: off
ASSORTMENTS = {
    "boulangerie": Assortment(F, "Pétri et cuit chaque jour dans notre fournil.", [
        ("Baguette tradition", "1.30"), ("Baguette classique", "1.10"),
        ("Pain de campagne", {"500 g": "2.60", "1 kg": "4.90"}),
        ("Pain complet", {"400 g": "2.40", "800 g": "4.40"}),
        ("Pain aux céréales 400 g", "2.80"), ("Pain de seigle 400 g", "2.90"), ("Pain aux noix 300 g", "3.20"),
        ("Fougasse", {"aux olives": "3.50", "aux lardons": "3.80"}),
        ("Croissant pur beurre", "1.20"), ("Pain au chocolat", "1.30"), ("Pain aux raisins", "1.60"),
        ("Chausson aux pommes", "1.70"), ("Brioche", {"tressée": "4.50", "de Saint-Genix": "9.50"}),
        ("Tarte aux pralines", {"(part)": "3.20", "(6 parts)": "18.00"}),
        ("Éclair", {"au chocolat": "2.60", "au café": "2.60"}),
        ("Flan pâtissier (part)", "2.80"), ("Macarons (boîte de 6)", "8.50"), ("Sablés (sachet 200 g)", "4.20"),
        ("Sandwich jambon-beurre", "4.50", P), ("Sandwich poulet-crudités", "5.20", P),
        ("Quiche lorraine (part)", "3.90", P), ("Pizza du boulanger (part)", "3.50", P),
        ("Gâteau de Savoie", "8.00"), ("Pogne de Romans", "8.50"),
    ]),
    "boucherie": Assortment(F, "Viande française, découpée à la demande par votre boucher.", [
        ("Entrecôte de bœuf", {"300 g": "9.90", "500 g": "15.90"}), ("Faux-filet 300 g", "8.70"),
        ("Bavette d'aloyau 250 g", "6.90"), ("Steaks hachés pur bœuf", {"(x2)": "5.40", "(x4)": "10.20"}),
        ("Bœuf bourguignon à mijoter 1 kg", "17.90"), ("Rôti de porc 1 kg", "13.50"),
        ("Côtes de porc (x2)", "6.80"), ("Poulet fermier label rouge", "14.90"),
        ("Cuisses de poulet (x4)", "8.20"), ("Gigot d'agneau (le kg)", "24.90"),
        ("Épaule d'agneau (le kg)", "19.50"), ("Blanquette de veau 500 g", "11.90"),
        ("Escalopes de veau (x2)", "12.40"),
        ("Saucisses", {"de Toulouse (x4)": "6.20", "aux herbes (x4)": "6.40"}), ("Diots de Savoie (x4)", "7.20"),
        ("Merguez (x6)", "6.90"), ("Chipolatas (x6)", "5.90"),
        ("Jambon blanc à l'os", {"(2 tranches)": "4.80", "(4 tranches)": "9.20"}),
        ("Saucisson sec 250 g", "7.50"), ("Rosette de Lyon 250 g", "7.90"), ("Pâté en croûte (tranche)", "3.20"),
        ("Terrine de campagne 200 g", "4.50"), ("Caillettes (x2)", "5.20"),
        ("Brochettes de bœuf marinées (x4)", "11.80"),
        ("Gratin dauphinois (part)", "4.50", P), ("Plat du jour à emporter", "9.50", P),
    ]),
    "fromagerie": Assortment(F, "Affiné dans nos caves, coupé à la commande.", [
        ("Saint-Marcellin IGP", "2.90"), ("Saint-Félicien", "4.20"),
        ("Bleu du Vercors-Sassenage AOP 200 g", "5.40"),
        ("Tomme de Savoie IGP", {"250 g": "4.90", "500 g": "9.40"}), ("Beaufort AOP 250 g", "8.90"),
        ("Comté AOP", {"12 mois 250 g": "6.90", "24 mois 250 g": "8.90"}),
        ("Reblochon de Savoie AOP", "8.50"), ("Raclette au lait cru 500 g", "10.50"),
        ("Tomme de chèvre 250 g", "7.20"), ("Picodon AOP", "2.80"), ("Rigotte de Condrieu AOP", "2.50"),
        ("Brie de Meaux AOP 250 g", "5.60"), ("Camembert de Normandie AOP", "6.20"),
        ("Roquefort AOP 150 g", "5.90"), ("Fourme d'Ambert AOP 200 g", "4.60"), ("Mont d'Or AOP", "13.90"),
        ("Emmental de Savoie 250 g", "4.20"), ("Abondance AOP 250 g", "6.40"), ("Chevrotin AOP", "9.80"),
        ("Faisselle fermière", "3.20"), ("Beurre de baratte", {"doux 250 g": "4.60", "demi-sel 250 g": "4.60"}),
        ("Crème crue 25 cl", "3.40"), ("Yaourts fermiers (x4)", "4.40"),
        ("Plateau de fromages (6 personnes)", "32.00"), ("Fondue savoyarde (mélange 600 g)", "15.90"),
        ("Confiture de cerises noires", "4.90"), ("Vin de Savoie Apremont 75 cl", "9.50", A),
    ]),
    "primeur": Assortment(F, "Fruits et légumes de saison, des producteurs du Nord-Isère quand c'est possible.", [
        ("Pommes", {"Golden (le kg)": "2.90", "Reine des reinettes (le kg)": "3.40"}),
        ("Poires Williams (le kg)", "3.60"), ("Bananes (le kg)", "2.20"), ("Oranges à jus (le kg)", "2.80"),
        ("Clémentines de Corse (le kg)", "3.90"), ("Kiwis (x6)", "2.90"), ("Citrons (x3)", "1.80"),
        ("Raisin chasselas (le kg)", "4.50"), ("Noix de Grenoble AOP (500 g)", "6.50"),
        ("Fraises gariguette (250 g)", "4.20"), ("Cerises (500 g)", "6.50"),
        ("Pommes de terre", {"Charlotte (2 kg)": "3.90", "Bintje (2,5 kg)": "4.20"}),
        ("Carottes (le kg)", "1.80"), ("Poireaux (la botte)", "2.50"), ("Courgettes (le kg)", "2.90"),
        ("Tomates", {"grappe (le kg)": "3.90", "cœur de bœuf (le kg)": "4.90"}),
        ("Salade", {"batavia (pièce)": "1.40", "mâche (200 g)": "2.60"}),
        ("Oignons jaunes (le kg)", "2.20"), ("Ail rose (tresse)", "5.50"), ("Échalotes (500 g)", "2.40"),
        ("Champignons de Paris (500 g)", "3.20"), ("Courge butternut (pièce)", "2.80"),
        ("Potimarron (pièce)", "3.20"), ("Avocats (x2)", "2.90"),
        ("Panier de fruits de saison (3 kg)", "12.00"), ("Panier de légumes de saison (4 kg)", "14.00"),
        ("Persil plat (botte)", "1.20"), ("Jus de pomme artisanal (1 L)", "3.90"),
    ]),
    "fleuriste": Assortment(P, "Composé à la main dans notre atelier, le jour du retrait.", [
        ("Bouquet de saison", {"petit": "25.00", "moyen": "35.00", "grand": "50.00"}),
        ("Bouquet de roses", {"rouges (x12)": "39.00", "blanches (x12)": "39.00"}),
        ("Bouquet champêtre", "29.00"), ("Bouquet de pivoines", "34.00"), ("Tulipes (botte de 10)", "12.00"),
        ("Renoncules (botte de 10)", "15.00"), ("Rose à l'unité", "3.50"),
        ("Composition", {"de table": "39.00", "de deuil": "65.00"}), ("Orchidée en pot", "29.90"),
        ("Monstera en pot", "35.00"), ("Pothos suspendu", "19.90"), ("Ficus", "39.00"),
        ("Cactus (pot de 10 cm)", "7.50"), ("Trio de succulentes", "16.00"), ("Lavande en pot", "9.90"),
        ("Basilic en pot", "4.50"), ("Couronne de porte", "35.00"), ("Bouquet de fleurs séchées", "24.00"),
        ("Bouquet de mariée (sur commande)", "90.00"),
        ("Vase en verre soufflé", "24.00", A), ("Cache-pot en céramique", "18.00", A),
        ("Bougie parfumée", "16.00", A), ("Carte de vœux", "3.50", A), ("Terreau universel (10 L)", "8.90", A),
        ("Engrais pour orchidées", "6.90", A), ("Arrosoir en zinc", "22.00", A),
    ]),
    "librairie": Assortment(F, "Choisi et conseillé par l'équipe de la librairie.", [
        ("Le Rouge et le Noir (poche)", "6.90"), ("La Chartreuse de Parme (poche)", "7.90"),
        ("Les Misérables, tome 1 (poche)", "8.90"), ("Madame Bovary (poche)", "5.90"),
        ("Vingt mille lieues sous les mers (poche)", "6.50"), ("Méditations poétiques (poche)", "6.90"),
        ("Guide de randonnée : Nord-Isère", "14.90"), ("Balades à vélo autour de Bourgoin-Jallieu", "12.50"),
        ("Histoire de Vienne la romaine", "24.00"), ("Cuisine dauphinoise : 60 recettes", "19.90"),
        ("Meurtres à Crémieu (roman policier)", "8.90"), ("Le loup de la Bourbre (album jeunesse)", "13.50"),
        ("Cahier d'activités maternelle", "6.90"), ("Dictionnaire de français", "29.90"),
        ("Atlas du monde", "24.90"), ("Bande dessinée : Les lacs de l'Isère", "15.95"),
        ("Le Dauphiné libéré (journal du jour)", "1.50", N), ("Magazine de randonnée (mensuel)", "6.90", N),
        ("Carnet ligné", {"A5": "9.90", "A6": "6.90"}, A), ("Stylo plume", "19.00", A),
        ("Agenda semainier", "14.90", A), ("Marque-pages en cuir", "6.50", A),
        ("Crayons de couleur (boîte de 24)", "12.90", A), ("Carte postale de Bourgoin-Jallieu", "1.20", A),
        ("Jeu des 7 familles du patrimoine isérois", "12.00", A),
        ("Puzzle 1000 pièces : lac de Paladru", "19.90", A), ("Chèque-lire (carte illustrée)", "3.00", A),
        ("Liseuse de voyage (étui)", "24.00", A),
    ]),
    "caviste": Assortment(A, "Sélectionné par votre caviste, à boire ou à garder.", [
        ("Côte-Rôtie AOP 75 cl", "49.00"), ("Condrieu AOP 75 cl", "42.00"), ("Saint-Joseph rouge 75 cl", "22.00"),
        ("Crozes-Hermitage", {"rouge 75 cl": "18.50", "blanc 75 cl": "19.50"}),
        ("Hermitage rouge 75 cl", "65.00"), ("Côtes-du-Rhône", {"rouge 75 cl": "9.90", "rosé 75 cl": "9.50"}),
        ("IGP Isère Balmes dauphinoises", {"rouge 75 cl": "11.50", "blanc 75 cl": "11.50"}),
        ("Mondeuse de Savoie 75 cl", "13.90"), ("Chignin-Bergeron 75 cl", "17.90"), ("Morgon 75 cl", "15.90"),
        ("Champagne brut 75 cl", "32.00"), ("Clairette de Die tradition 75 cl", "11.90"),
        ("Crémant de Bourgogne 75 cl", "14.50"), ("Chartreuse", {"verte 70 cl": "42.00", "jaune 70 cl": "42.00"}),
        ("Génépi 50 cl", "24.00"), ("Whisky français 70 cl", "45.00"),
        ("Bière artisanale", {"blonde 33 cl": "3.20", "ambrée 33 cl": "3.40", "IPA 33 cl": "3.60"}),
        ("Coffret dégustation (3 bouteilles)", "55.00"), ("Tire-bouchon sommelier", "14.90"),
        ("Verres à vin (x2)", "16.00"),
        ("Jus de raisin bio 1 L", "4.50", F), ("Sirop artisanal de framboise 50 cl", "7.90", F),
    ]),
    "epicerie-fine": Assortment(F, "Des produits d'artisans de la région, choisis un à un.", [
        ("Cerneaux de noix de Grenoble AOP 250 g", "7.90"), ("Huile de noix 25 cl", "9.90"),
        ("Huile d'olive vierge extra 50 cl", "14.50"),
        ("Miel", {"de montagne 500 g": "11.00", "d'acacia 500 g": "12.50"}),
        ("Confiture", {"d'abricot": "4.90", "de myrtille": "5.50", "de figue": "5.20"}),
        ("Ravioles du Dauphiné IGP (4 plaques)", "4.80"), ("Crozets de Savoie 400 g", "4.20"),
        ("Pâte à tartiner noisette 250 g", "7.50"), ("Chocolat noir 70 % (tablette 100 g)", "4.50"),
        ("Terrine de canard 180 g", "7.20"), ("Foie gras de canard mi-cuit 180 g", "29.00"),
        ("Moutarde à l'ancienne 200 g", "3.90"), ("Vinaigre de noix 25 cl", "6.50"),
        ("Sel aux herbes 150 g", "4.90"), ("Thé", {"vert 100 g": "8.90", "noir 100 g": "8.50"}),
        ("Café en grains", {"moka d'Éthiopie 250 g": "7.90", "Colombie 250 g": "7.50"}),
        ("Croquants aux noix", "5.90"), ("Tapenade noire 90 g", "4.90"), ("Lentilles vertes 500 g", "3.90"),
        ("Soupe de potiron 75 cl", "4.90"),
        # Sweets (confiserie) and spirits are taxed at the normal rate.
        ("Bonbons à la chartreuse (boîte 200 g)", "11.90", A), ("Nougat de Montélimar 200 g", "8.50", A),
        ("Caramels au beurre salé 150 g", "6.50", A), ("Chartreuse verte 70 cl", "42.00", A),
        ("Vin de noix 50 cl", "16.90", A),
    ]),
    "pret-a-porter": Assortment(A, "Fabriqué en France, taille normalement.", [
        ("T-shirt en coton bio", {"blanc": "25.00", "marine": "25.00", "moutarde": "25.00"}),
        ("Pull marin", "79.00"), ("Marinière", "45.00"), ("Sweat à capuche", "59.00"),
        ("Chemise en lin", {"blanche": "69.00", "bleu ciel": "69.00"}), ("Jean droit", "89.00"),
        ("Robe fleurie", "75.00"), ("Jupe plissée", "55.00"), ("Veste en velours côtelé", "119.00"),
        ("Manteau en laine", "189.00"), ("Parka imperméable", "139.00"), ("Écharpe en laine", "35.00"),
        ("Bonnet tricoté", "25.00"), ("Gants en cuir", "45.00"), ("Chaussettes (lot de 3)", "18.00"),
        ("Casquette", "29.00"), ("Ceinture en cuir", "39.00"), ("Sac cabas en toile", "29.00"),
        ("Tote bag « Nord-Isère »", "15.00"), ("Pyjama en coton", "59.00"),
        ("Chaussons en laine bouillie", "39.00"), ("Foulard en soie", "49.00"), ("Cardigan en mohair", "95.00"),
        ("Salopette en toile", "85.00"), ("Polo piqué", "49.00"), ("Baskets en toile", "65.00"),
        ("Bob réversible", "32.00"),
    ]),
    "quincaillerie": Assortment(A, "Du matériel solide, et les conseils qui vont avec.", [
        ("Marteau de menuisier", "19.90"), ("Tournevis (jeu de 6)", "16.90"), ("Clé à molette 250 mm", "17.50"),
        ("Pince multiprise", "14.90"), ("Mètre ruban 5 m", "9.90"), ("Niveau à bulle 60 cm", "18.90"),
        ("Perceuse-visseuse sans fil", "89.00"), ("Forets béton (coffret de 5)", "12.90"),
        ("Vis à bois (boîte de 200)", "8.90"), ("Chevilles nylon (boîte de 100)", "6.50"),
        ("Clous (500 g)", "4.90"), ("Colle néoprène 125 ml", "8.50"),
        ("Ruban adhésif", {"de masquage": "3.90", "toilé gris": "6.90"}),
        ("Ampoule LED", {"E27": "6.50", "GU10": "5.90"}), ("Rallonge électrique 5 m", "14.90"),
        ("Multiprise 4 prises", "12.90"), ("Piles AA (lot de 8)", "7.90"), ("Cadenas laiton 40 mm", "12.50"),
        ("Double de clé plate", "4.50"), ("Gants de jardinage", "7.90"), ("Sécateur", "24.90"),
        ("Pelle de jardin", "29.90"), ("Balai de cantonnier", "19.90"), ("Seau 10 L", "4.90"),
        ("Peinture acrylique blanche 2,5 L", "34.90"), ("Pinceau plat 50 mm", "5.90"),
        ("Rouleau anti-goutte 180 mm", "9.90"), ("Papier de verre (assortiment)", "5.50"),
        ("Dégrippant multifonction 400 ml", "8.90"), ("Joint silicone sanitaire", "7.90"),
    ]),
    "cadeaux": Assortment(A, "Des idées de cadeaux, faites par des créateurs de la région.", [
        ("Bougie parfumée", {"figue": "22.00", "bois de cèdre": "22.00"}), ("Mug en grès", "18.00"),
        ("Carnet en papier recyclé", "12.00"),
        ("Affiche illustrée A3", {"Bourgoin-Jallieu": "25.00", "Vienne": "25.00", "Crémieu": "25.00"}),
        ("Boucles d'oreilles en laiton", "29.00"), ("Bracelet en perles", "24.00"),
        ("Savon artisanal au lait de chèvre", "7.50"), ("Coffret de savons (x3)", "19.90"),
        ("Diffuseur de parfum", "32.00"), ("Plaid en laine", "79.00"), ("Coussin brodé", "39.00"),
        ("Porte-clés en cuir", "12.00"), ("Cartes postales illustrées (lot de 5)", "9.00"),
        ("Jeu de société familial", "29.90"), ("Puzzle en bois", "24.00"), ("Peluche renard", "25.00"),
        ("Vide-poche en céramique", "19.00"), ("Planche à découper en noyer", "35.00"),
        ("Tablier de cuisine", "28.00"), ("Photophore en verre", "16.00"), ("Cadre photo en bois", "18.00"),
        ("Marque-pages illustré", "5.00"), ("Sac en toile brodé", "22.00"), ("Lampe en céramique", "59.00"),
        ("Miroir en rotin", "45.00"), ("Tasse et sous-tasse en porcelaine", "22.00"),
        ("Calendrier perpétuel", "19.00"),
    ]),
    "bio": Assortment(F, "Bio, en vrac quand c'est possible : venez avec vos contenants.", [
        ("Riz", {"basmati (500 g)": "3.90", "complet (1 kg)": "4.20"}),
        ("Lentilles", {"vertes (500 g)": "3.20", "corail (500 g)": "3.60"}), ("Pois chiches (500 g)", "2.90"),
        ("Flocons d'avoine (500 g)", "2.50"),
        ("Farine", {"de blé T65 (1 kg)": "2.40", "semi-complète T80 (1 kg)": "2.60", "de sarrasin (500 g)": "3.90"}),
        ("Pâtes", {"penne (500 g)": "2.60", "spaghetti (500 g)": "2.60"}), ("Quinoa (500 g)", "4.90"),
        ("Muesli aux fruits (500 g)", "5.40"), ("Amandes décortiquées (250 g)", "6.90"),
        ("Graines de courge (250 g)", "4.50"), ("Huile de tournesol (1 L)", "4.50"),
        ("Sucre de canne complet (500 g)", "3.80"), ("Œufs plein air (x6)", "3.90"),
        ("Lait demi-écrémé (1 L)", "1.60"), ("Jus de pomme (1 L)", "3.50"),
        ("Compote pomme-poire (4 x 100 g)", "3.20"), ("Chocolat noir 72 % (100 g)", "3.50"),
        ("Café moulu (250 g)", "6.90"), ("Tisane verveine (20 sachets)", "4.20"), ("Tofu nature (250 g)", "3.40"),
        ("Savon de Marseille (300 g)", "4.90", A), ("Liquide vaisselle (1 L)", "3.90", A),
        ("Lessive liquide (2 L)", "9.90", A), ("Bière artisanale bio (33 cl)", "3.20", A),
        ("Côtes-du-Rhône bio 75 cl", "9.90", A),
    ]),
}

# fmt: on


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


# --- Editorial pages ------------------------------------------------------------------------------

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
            ("call_to_action", {"text": "Appeler le 04 65 71 00 00", "url": "tel:+33465710000"}),
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


# --- The service ----------------------------------------------------------------------------------


@transaction.atomic
def demo_seed(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Create whatever is missing of the demo data set; a second run creates nothing.

    Returns the number of rows created by this run ("created") and the totals now in the database.
    """
    created: Counter[str] = Counter()
    # One PBKDF2 run per distinct password instead of one per account: shared salts are harmless for
    # published demo passwords, and hashing twenty accounts one by one would take seconds.
    hashes: dict[str, str] = {}
    users = {spec.email: _user_ensure(spec=spec, hashes=hashes, created=created) for spec in USERS}
    categories = _shop_categories_ensure(created=created)
    product_class = _product_class_ensure(created=created)
    now = timezone.now()
    for position, spec in enumerate(SHOPS):
        owner = users.get(spec.email) or _user_ensure(
            spec=DemoUser(spec.email, SHOPKEEPER_PASSWORD, *spec.owner, groups.SHOPKEEPERS),
            hashes=hashes,
            created=created,
        )
        # Staggered so that "new shops" lists show them in a stable, believable order.
        approved_at = now - timedelta(days=3 * position + 1)
        shop = _shop_ensure(spec=spec, category=categories[spec.category], approved_at=approved_at, created=created)
        shop.partner.users.add(owner)
        if shop.owner_id is None:
            # The owner invites colleagues and receives the CCI's decisions.
            shop.owner = owner
            shop.save(update_fields=["owner"])
        _opening_hours_ensure(shop=shop, spec=spec, created=created)
        _products_ensure(shop=shop, spec=spec, product_class=product_class, created=created)
        if stdout is not None:
            stdout.write(f"  {shop.name} ({shop.town})\n")
    _pages_ensure(created=created)
    # The site search reads derived documents: rebuild them so the demo is searchable.
    from marketplace.sitesearch.services import search_index_rebuild

    search_index_rebuild()

    return {
        "created": sum(created.values()),
        "users": get_user_model().objects.count(),
        "shop_categories": ShopCategory.objects.count(),
        "shops": Shop.objects.count(),
        "opening_ranges": OpeningRange.objects.count(),
        "products": Product.objects.count(),
        "stock_records": StockRecord.objects.count(),
        "product_images": ProductImage.objects.count(),
        "pages": Page.objects.count(),
    }


def _user_ensure(*, spec: DemoUser, hashes: dict[str, str], created: Counter):
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


def _shop_categories_ensure(*, created: Counter) -> dict[str, ShopCategory]:
    categories = {}
    for position, (name, slug) in enumerate(CATEGORIES):
        category, was_created = ShopCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position * 10}
        )
        created["shop_categories"] += was_created
        categories[slug] = category
    return categories


def _product_class_ensure(*, created: Counter):
    # Click and collect: nothing is shipped, and a shop cannot sell what it does not have.
    product_class, was_created = ProductClass.objects.get_or_create(
        name=PRODUCT_CLASS_NAME, defaults={"requires_shipping": False, "track_stock": True}
    )
    created["product_classes"] += was_created
    return product_class


def _shop_ensure(*, spec: DemoShop, category: ShopCategory, approved_at, created: Counter) -> Shop:
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
    shop.logo.name = _store_once(
        name=f"{LOGO_FOLDER}/{spec.slug}.jpg", render=lambda: _logo_jpeg(name=spec.name, seed=spec.slug)
    )
    shop.cover.name = _store_once(
        name=f"{COVER_FOLDER}/{spec.slug}.jpg",
        render=lambda: _cover_jpeg(name=spec.name, town=spec.town, seed=spec.slug),
    )
    shop.save()
    created["shops"] += 1
    return shop


def _opening_hours_ensure(*, shop: Shop, spec: DemoShop, created: Counter) -> None:
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


def demo_product_lines(*, spec: DemoShop) -> list[tuple[str, str, Decimal, Decimal]]:
    """The (upc, title, price TTC, TVA rate) a demo shop sells: 20 to 32 distinct products."""
    assortment = ASSORTMENTS[spec.category]
    lines = []
    for item in assortment.items:
        name, prices, *rate = item
        rate = rate[0] if rate else assortment.rate
        variants = prices.items() if isinstance(prices, dict) else [("", prices)]
        for variant, price in variants:
            lines.append((f"{name} {variant}".strip(), Decimal(price), rate))
    # Numbered by position in the assortment, so a product keeps its UPC whichever subset a shop takes.
    numbered = [(f"{spec.slug[:50]}-{number:03d}", *line) for number, line in enumerate(lines, start=1)]
    if sum(other.category == spec.category for other in SHOPS) == 1:
        # The only shop of its kind sells everything (the bookshop's press keeps the 2,1 % rate on show).
        return numbered
    # Two shops of the same kind start at different places and sell a different number of products.
    seed = zlib.crc32(spec.slug.encode())
    count = min(len(numbered), 20 + seed % 11)
    start = seed % len(numbered)
    return sorted((numbered + numbered)[start : start + count])


def _products_ensure(*, shop: Shop, spec: DemoShop, product_class, created: Counter) -> None:
    lines = demo_product_lines(spec=spec)
    category = create_from_breadcrumbs(shop.category.name)
    blurb = ASSORTMENTS[spec.category].blurb
    # A handful of queries per shop tell what already exists, so a second run stays fast.
    products = {p.upc: p for p in Product.objects.filter(upc__in=[upc for upc, *_ in lines])}
    product_ids = [p.pk for p in products.values()]
    with_stock = set(StockRecord.objects.filter(product_id__in=product_ids).values_list("product_id", flat=True))
    with_image = set(ProductImage.objects.filter(product_id__in=product_ids).values_list("product_id", flat=True))
    in_category = set(
        ProductCategory.objects.filter(product_id__in=product_ids, category=category).values_list(
            "product_id", flat=True
        )
    )
    for upc, title, price, rate in lines:
        product = products.get(upc)
        if product is None:
            product = Product(
                upc=upc,
                title=title,
                product_class=product_class,
                structure=Product.STANDALONE,
                is_public=True,
                description=f"<p>{escape(blurb)}</p>",
            )
            product.save()
            created["products"] += 1
        if product.pk not in in_category:
            ProductCategory.objects.create(product=product, category=category)
            created["product_categories"] += 1
        if product.pk not in with_stock:
            StockRecord.objects.create(
                product=product,
                partner=shop.partner,
                partner_sku=upc,
                price=price,
                price_currency="EUR",
                tva_rate=rate,
                num_in_stock=_demo_stock(seed=upc),
                low_stock_threshold=3,
            )
            created["stock_records"] += 1
        picture = f"{PICTURE_FOLDER}/{upc}-{_short_hash(title)}.jpg"
        render = partial(_product_jpeg, title=title, shop_name=shop.name)
        if product.pk not in with_image:
            image = ProductImage(product=product, display_order=0, caption=title)
            image.original.name = _store_once(name=picture, render=render)
            image.save()
            created["product_images"] += 1
        else:
            # Oscar deletes a product's picture file when the product is deleted, even in a
            # transaction that is rolled back later: put back any file that went missing.
            _store_once(name=picture, render=render)


def _pages_ensure(*, created: Counter) -> None:
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


# --- Identifiers ----------------------------------------------------------------------------------


def luhn_is_valid(digits: str) -> bool:
    """Whether a string of ASCII digits passes the Luhn checksum (SIREN and SIRET use it)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _luhn_complete(payload: str) -> str:
    return next(payload + d for d in "0123456789" if luhn_is_valid(payload + d))


def demo_siret(*, seed: str) -> str:
    """A stable, well-formed SIRET for a demo shop: its SIREN and the whole number pass Luhn."""
    value = zlib.crc32(seed.encode())
    # First digit 4-9: clear of La Poste's 356 000 000, whose establishments follow another rule.
    siren = _luhn_complete(f"{4 + value % 6}{value // 6 % 10**7:07d}")
    return _luhn_complete(f"{siren}{value % 97 + 1:04d}")


def _demo_phone(*, seed: str) -> str:
    # 04 65 71 xx xx is the range ARCEP keeps for fiction in the south-east: it rings nobody.
    value = zlib.crc32(seed.encode()) % 10_000
    return f"04 65 71 {value // 100:02d} {value % 100:02d}"


def _demo_stock(*, seed: str) -> int:
    # About one product in seven is sold out or down to its last units.
    value = zlib.crc32(seed.encode())
    return value % 20 if value % 20 < 3 else 4 + value // 20 % 37


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


# --- Pictures -------------------------------------------------------------------------------------


def _store_once(*, name: str, render) -> str:
    """Write the rendered file under `name` unless it is already stored; return its name."""
    storage = ProductImage._meta.get_field("original").storage
    if storage.exists(name):
        return name
    return storage.save(name, ContentFile(render()))


@lru_cache(maxsize=16)
def _font(size: int):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        # Pillow >= 10.1 ships a scalable default font; no system font is needed.
        return ImageFont.load_default(size=size)


def _palette(seed: str) -> tuple[tuple[int, int, int], tuple[int, int, int], int]:
    digest = hashlib.sha256(seed.encode()).digest()
    hue = digest[0] / 255
    saturation = 0.30 + digest[1] / 255 * 0.30
    value = 0.78 + digest[2] / 255 * 0.17

    def rgb(s, v):
        return tuple(round(c * 255) for c in colorsys.hsv_to_rgb(hue, s, v))

    return rgb(saturation, value), rgb(min(1, saturation + 0.2), value * 0.8), digest[3]


def _pattern(draw: ImageDraw.ImageDraw, *, size: tuple[int, int], colour, kind: int) -> None:
    width, height = size
    step = 60 + kind % 5 * 15
    if kind % 4 == 0:
        for x in range(0, width + step, step):
            for y in range(0, height + step, step):
                r = step // 4
                draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    elif kind % 4 == 1:
        for x in range(-height, width, step):
            draw.polygon(
                [(x, 0), (x + step // 2, 0), (x + step // 2 + height, height), (x + height, height)], fill=colour
            )
    elif kind % 4 == 2:
        cx, cy = width * (kind % 3) // 2, height * (kind // 3 % 3) // 2
        for r in range(step // 2, 2 * max(width, height), step):
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=step // 4)
    else:
        for x in range(0, width + step, step):
            for y in range(0, height + step, step):
                draw.polygon(
                    [(x, y - step // 3), (x + step // 3, y + step // 4), (x - step // 3, y + step // 4)], fill=colour
                )


def _wrap(draw: ImageDraw.ImageDraw, text: str, *, width: int, max_lines: int, sizes: range):
    """The largest font size from `sizes` at which `text` fits in `max_lines` lines of `width`."""
    for size in sizes:
        font, lines = _font(size), []
        for word in text.split():
            if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        if len(lines) <= max_lines and all(draw.textlength(line, font=font) <= width for line in lines):
            return font, lines
    return font, lines


def _jpeg(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def _text_block(draw, *, lines, font, centre: tuple[int, int], fill) -> None:
    line_height = font.size * 1.2
    top = centre[1] - line_height * len(lines) / 2
    for index, line in enumerate(lines):
        draw.text((centre[0], top + line_height * (index + 0.5)), line, font=font, fill=fill, anchor="mm")


def _product_jpeg(*, title: str, shop_name: str) -> bytes:
    size = (600, 600)
    background, accent, kind = _palette(title)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    _pattern(draw, size=size, colour=accent, kind=kind)
    draw.rounded_rectangle((50, 150, 550, 450), radius=28, fill=(252, 250, 246))
    font, lines = _wrap(draw, title, width=450, max_lines=4, sizes=range(64, 23, -4))
    _text_block(draw, lines=lines, font=font, centre=(300, 300), fill=(45, 42, 40))
    draw.text(
        (300, 530), shop_name, font=_font(24), fill=(255, 255, 255), anchor="mm", stroke_width=2, stroke_fill=accent
    )
    return _jpeg(image)


def _logo_jpeg(*, name: str, seed: str) -> bytes:
    size = (400, 400)
    background, accent, _kind = _palette(seed)
    image = Image.new("RGB", size, (252, 250, 246))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 380, 380), fill=background, outline=accent, width=12)
    words = [w for w in name.replace("'", " ").split() if w[0].isupper()] or name.split()
    initials = "".join(w[0] for w in words[:2]).upper()
    draw.text(
        (200, 200), initials, font=_font(150), fill=(255, 255, 255), anchor="mm", stroke_width=4, stroke_fill=accent
    )
    return _jpeg(image)


def _cover_jpeg(*, name: str, town: str, seed: str) -> bytes:
    size = (1200, 400)
    background, accent, kind = _palette(seed)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    _pattern(draw, size=size, colour=accent, kind=kind + 1)
    draw.rounded_rectangle((150, 110, 1050, 290), radius=24, fill=(252, 250, 246))
    font, lines = _wrap(draw, name, width=820, max_lines=1, sizes=range(72, 23, -4))
    draw.text((600, 180), lines[0], font=font, fill=(45, 42, 40), anchor="mm")
    draw.text((600, 250), town, font=_font(32), fill=accent, anchor="mm")
    return _jpeg(image)
