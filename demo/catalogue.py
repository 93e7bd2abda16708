"""Demo catalogue: the shop categories, what each kind of shop sells, and its products with stock and pictures."""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.utils.html import escape
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from oscar_apps.partner.tva import TVA_INTERMEDIATE, TVA_NORMAL, TVA_REDUCED, TVA_SUPER_REDUCED
from shops.models import Shop, ShopCategory

from .pictures import product_jpeg, store_once
from .shops import SHOPS, DemoShop

StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

PRODUCT_CLASS_NAME = "Produit"
# A fixed folder (not Oscar's dated OSCAR_IMAGE_FOLDER) so that a picture has one name forever.
PICTURE_FOLDER = "images/products/demo"

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


def shop_categories_ensure(*, created: Counter) -> dict[str, ShopCategory]:
    categories = {}
    for position, (name, slug) in enumerate(CATEGORIES):
        category, was_created = ShopCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position * 10}
        )
        created["shop_categories"] += was_created
        categories[slug] = category
    return categories


def product_class_ensure(*, created: Counter):
    # Click and collect: nothing is shipped, and a shop cannot sell what it does not have.
    product_class, was_created = ProductClass.objects.get_or_create(
        name=PRODUCT_CLASS_NAME, defaults={"requires_shipping": False, "track_stock": True}
    )
    created["product_classes"] += was_created
    return product_class


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


def products_ensure(*, shop: Shop, spec: DemoShop, product_class, created: Counter) -> None:
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
        render = partial(product_jpeg, title=title, shop_name=shop.name)
        if product.pk not in with_image:
            image = ProductImage(product=product, display_order=0, caption=title)
            image.original.name = store_once(name=picture, render=render)
            image.save()
            created["product_images"] += 1
        else:
            # Oscar deletes a product's picture file when the product is deleted, even in a
            # transaction that is rolled back later: put back any file that went missing.
            store_once(name=picture, render=render)


def _demo_stock(*, seed: str) -> int:
    # About one product in seven is sold out or down to its last units.
    value = zlib.crc32(seed.encode())
    return value % 20 if value % 20 < 3 else 4 + value // 20 % 37


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]
