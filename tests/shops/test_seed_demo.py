import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from oscar.core.loading import get_model
from stdnum import luhn
from wagtail.models import Page

from editorial.models import ContentPage, HomePage, LegalPage
from kernel.accounts import groups
from oscar_apps.partner.tva import TVA_RATES
from shops.models import OpeningRange, Shop, ShopCategory

pytestmark = pytest.mark.django_db

User = get_user_model()
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

DEMO = "demo.enbasdemarue.fr"
CREDENTIALS = {
    f"client@{DEMO}": "client-demo",
    f"boulangerie@{DEMO}": "commercant-demo",
    f"fromagerie@{DEMO}": "commercant-demo",
    f"editeur@{DEMO}": "editeur-demo",
    f"redaction@{DEMO}": "redaction-demo",
    f"equipe@{DEMO}": "equipe-demo",
    f"admin@{DEMO}": "admin-demo",
}


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    # Committed like the session's own seed: the command is idempotent, so this costs one quick run
    # when the data is already there and keeps this module meaningful if the session stops seeding.
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


# The checksum SIREN and SIRET use, by python-stdnum (as the app's own validator).
_luhn_is_valid = luhn.is_valid


# Made by page views, not by the seed: thumbnails (cache/), Wagtail's renditions (images/) and Oscar's
# "image not found" picture, which the other pytest-xdist worker's pages may be writing into the same
# folder at this very moment.
MADE_BY_VIEWS = ("cache/", "images/", "image_not_found")


def _media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    paths = (path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
    return {path for path in paths if not path.startswith(MADE_BY_VIEWS)}


def _counts() -> dict[str, int]:
    models = [User, ShopCategory, Shop, OpeningRange, Product, StockRecord, ProductImage, Page]
    return {model.__name__: model.objects.count() for model in models} | {"files": _media_files()}


def test_seed_demo_twice_changes_no_row_and_writes_no_file(settings, tmp_path):
    # On a private copy of the media folder: the other pytest-xdist worker's tests (browser servers,
    # pages, seeds of their own) write into the shared one meanwhile.
    private = tmp_path / "media"
    shutil.copytree(settings.MEDIA_ROOT, private, ignore=shutil.ignore_patterns("cache", "images"))
    module = settings.SETTINGS_MODULE  # an overridden settings object forgets it; seed_demo reads it
    settings.MEDIA_ROOT = str(private)
    settings.SETTINGS_MODULE = module
    before = _counts()
    assert before["files"], "the copy holds the demo's pictures"
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert _counts() == before


def test_seed_demo_reports_nothing_created_on_a_seeded_database(capsys):
    call_command("seed_demo")
    assert "Démo : 0 ligne(s) créée(s)" in capsys.readouterr().out


def test_at_least_twelve_approved_shops_in_at_least_five_towns():
    shops = Shop.objects.filter(status=Shop.Status.APPROVED, slug__in=_demo_shop_slugs())
    assert shops.count() >= 12
    assert len({shop.town for shop in shops}) >= 5
    assert ShopCategory.objects.count() >= 12
    for shop in shops:
        assert shop.approved_at and shop.submitted_at and shop.submitted_at < shop.approved_at
        assert shop.partner.name == shop.name
        assert len(shop.postcode) == 5 and shop.postcode.startswith("38")
        assert 45 < shop.latitude < 46 and 4.5 < shop.longitude < 5.6
        assert shop.phone and shop.email and shop.pickup_instructions and shop.description.startswith("<p>")


def test_every_siret_is_fourteen_digits_passing_luhn_and_unique():
    sirets = list(Shop.objects.filter(slug__in=_demo_shop_slugs()).values_list("siret", flat=True))
    assert len(set(sirets)) == len(sirets)
    for siret in sirets:
        assert len(siret) == 14 and siret.isascii() and siret.isdigit()
        assert _luhn_is_valid(siret), siret
        assert _luhn_is_valid(siret[:9]), siret  # the SIREN inside is valid too


def test_every_demo_shop_sells_twenty_to_sixty_distinct_products():
    for shop in Shop.objects.filter(slug__in=_demo_shop_slugs()).select_related("partner"):
        titles = list(Product.objects.filter(stockrecords__partner=shop.partner).values_list("title", flat=True))
        assert 20 <= len(titles) <= 60, shop
        assert len(set(titles)) == len(titles), shop


def test_every_demo_product_has_one_stock_record_with_a_french_tva_rate_and_a_picture():
    products = Product.objects.filter(stockrecords__partner__shop__slug__in=_demo_shop_slugs()).distinct()
    assert products.count() >= 12 * 20
    stock_per_product = Counter(StockRecord.objects.filter(product__in=products).values_list("product_id", flat=True))
    assert set(stock_per_product.values()) == {1}
    for record in StockRecord.objects.filter(product__in=products).select_related("product__product_class"):
        assert record.tva_rate in TVA_RATES
        assert record.price > 0 and record.price_currency == "EUR" and record.num_in_stock >= 0
        assert record.product.is_public and not record.product.product_class.requires_shipping
        assert record.product.product_class.track_stock
    images = ProductImage.objects.filter(product__in=products)
    assert set(images.values_list("product_id", flat=True)) == set(products.values_list("pk", flat=True))
    storage = ProductImage._meta.get_field("original").storage
    assert all(storage.exists(name) for name in images.values_list("original", flat=True))


def test_some_demo_products_are_sold_out_or_nearly():
    low = StockRecord.objects.filter(partner__shop__slug__in=_demo_shop_slugs(), num_in_stock__lte=3)
    assert low.exists()


def test_documented_credentials_sign_in():
    for email, password in CREDENTIALS.items():
        assert User.objects.get(email=email).check_password(password), email


def test_shopkeepers_run_their_own_shop_and_are_not_staff():
    for email, town in [(f"boulangerie@{DEMO}", "Bourgoin-Jallieu"), (f"fromagerie@{DEMO}", "Villefontaine")]:
        user = User.objects.get(email=email)
        assert not user.is_staff and not user.is_superuser
        assert user.groups.filter(name=groups.SHOPKEEPERS).exists()
        [partner] = user.partners.all()
        assert partner.shop.town == town
    assert Shop.objects.get(partner__users__email=f"boulangerie@{DEMO}").category.slug == "boulangerie"
    assert Shop.objects.get(partner__users__email=f"fromagerie@{DEMO}").category.slug == "fromagerie"


def test_editor_staff_and_superuser_have_their_roles():
    editor = User.objects.get(email=f"editeur@{DEMO}")
    assert not editor.is_staff and editor.groups.filter(name=groups.EDITORS).exists()
    staff = User.objects.get(email=f"equipe@{DEMO}")
    assert staff.is_staff and not staff.is_superuser and staff.groups.filter(name=groups.STAFF).exists()
    admin = User.objects.get(email=f"admin@{DEMO}")
    assert admin.is_staff and admin.is_superuser
    client = User.objects.get(email=f"client@{DEMO}")
    assert not client.is_staff and not client.groups.exists() and not client.partners.exists()


def test_boulangerie_closes_on_monday_and_at_lunch():
    shop = Shop.objects.get(partner__users__email=f"boulangerie@{DEMO}")
    ranges = list(shop.opening_ranges.all())
    assert not [r for r in ranges if r.weekday == 1]
    assert len([r for r in ranges if r.weekday == 2]) == 2
    assert [r for r in ranges if r.weekday == 7]


def test_editorial_pages_sit_under_the_home_page_with_legal_pages_in_menus():
    home = HomePage.objects.get(locale__language_code="fr")
    assert home.body
    children = {page.slug: page for page in home.get_children().live()}
    assert {"allo-cci", "rejoindre"} <= set(children)
    assert ContentPage.objects.child_of(home).count() >= 3
    legal = LegalPage.objects.child_of(home)
    assert set(legal.values_list("slug", flat=True)) >= {"mentions-legales", "cgu", "confidentialite"}
    assert all(page.show_in_menus and page.live for page in legal)


def _demo_shop_slugs() -> list[str]:
    from demo.shops import SHOPS

    return [spec.slug for spec in SHOPS]
