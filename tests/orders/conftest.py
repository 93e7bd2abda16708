from datetime import time

import pytest

from .builders import basket_with, product_for_sale, shop_open


@pytest.fixture
def bakery(db):
    return shop_open(name="Boulangerie du Marché", capacity=2)


@pytest.fixture
def cheese_shop(db):
    # Closed on Sundays: its slots differ from the bakery's.
    return shop_open(name="Fromagerie des Halles", weekdays=(1, 2, 3, 4, 5, 6), opens=time(9), closes=time(19))


@pytest.fixture
def bread(bakery):
    return product_for_sale(shop=bakery, title="Baguette tradition", price="1.20", tva_rate="5.50", stock=10)


@pytest.fixture
def cake(bakery):
    return product_for_sale(shop=bakery, title="Fraisier", price="24.90", tva_rate="5.50", stock=2)


@pytest.fixture
def comte(cheese_shop):
    return product_for_sale(shop=cheese_shop, title="Comté 18 mois", price="8.40", tva_rate="5.50", stock=5)


@pytest.fixture
def knife(cheese_shop):
    return product_for_sale(shop=cheese_shop, title="Couteau à fromage", price="19.99", tva_rate="20.00", stock=3)


@pytest.fixture
def basket(bread, cake, comte, knife):
    """Two shops: 3 baguettes and a cake from the bakery, a comté and a knife from the cheese shop."""
    return basket_with((bread, 3), (cake, 1), (comte, 1), (knife, 1))
