"""The catalogue as a CSV file: preview, all-or-nothing import updating by reference, export, round trip,
and every bad file or cell refused in French with nothing written."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model

from shops.models import Shop, StockMode

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

IMPORT = reverse("my-shop:catalogue-import")
CONFIRM = reverse("my-shop:catalogue-import-confirm")
EXPORT = reverse("my-shop:catalogue-export")
HEADER = "référence;nom;description;catégorie;prix TTC;TVA;stock;image\n"


@pytest.fixture
def bakery(demo_users):
    return Shop.objects.get(slug="au-pain-dore")


@pytest.fixture
def cheese(demo_users):
    return Shop.objects.get(slug="fromagerie-des-roches")


@pytest.fixture
def baker(client, demo_users):
    client.force_login(demo_users["shopkeeper_a"])
    return demo_users["shopkeeper_a"]


def csv_file(text: str, *, encoding="utf-8", name="catalogue.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def snapshot():
    return sorted(
        StockRecord.objects.values_list(
            "partner_id", "partner_sku", "product__title", "price", "tva_rate", "num_in_stock", "product__is_public"
        )
    ), Product.objects.count()


def html_of(response) -> str:
    return unescape(response.content.decode())


def preview(client, text, **kwargs):
    return client.post(IMPORT, {"file": csv_file(text, **kwargs)})


def import_file(client, text, **kwargs):
    response = preview(client, text, **kwargs)
    assert response.status_code == 200, html_of(response)[-3000:]
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]
    return client.post(CONFIRM, {"token": token}, follow=True)


def test_preview_writes_nothing_then_the_import_creates_the_products(client, baker, bakery):
    text = HEADER + "PAIN-01;Pain de mie;<p>Moelleux</p>;;2,80;5,5;12;\nCAKE-01;Cake citron;;;9.50;5.5;sur demande;\n"
    before = snapshot()
    response = preview(client, text)
    assert response.status_code == 200
    html = html_of(response)
    assert "2 nouveaux" in re.sub(r"</?strong>", "", html)
    assert snapshot() == before

    done = import_file(client, text)

    assert "2 produits importés" in html_of(done)
    bread = StockRecord.objects.select_related("product", "stock_mode").get(
        partner=bakery.partner, partner_sku="PAIN-01"
    )
    assert (bread.product.title, bread.price, bread.tva_rate, bread.num_in_stock) == (
        "Pain de mie",
        Decimal("2.80"),
        Decimal("5.50"),
        12,
    )
    assert bread.stock_mode.mode == StockMode.Mode.COUNTED and bread.product.is_public
    cake = StockRecord.objects.get(partner=bakery.partner, partner_sku="CAKE-01")
    assert cake.stock_mode.mode == StockMode.Mode.ON_REQUEST


def test_windows_1252_with_semicolons_as_french_excel_writes_it(client, baker, bakery):
    text = HEADER + "PATE-01;Pâté croûte;;;12,90;5,5;toujours disponible;\n"
    import_file(client, text, encoding="cp1252")
    record = StockRecord.objects.select_related("product").get(partner=bakery.partner, partner_sku="PATE-01")
    assert record.product.title == "Pâté croûte"


def test_reimporting_updates_by_reference_instead_of_duplicating(client, baker, bakery):
    import_file(client, HEADER + "PAIN-02;Pain complet;;;3,10;5,5;5;\n")
    count = Product.objects.count()

    done = import_file(client, HEADER + "PAIN-02;Pain complet bio;;;3,40;5,5;7;\n")

    assert "1 mis à jour" in html_of(done) or "0 nouveaux, 1 mis à jour" in html_of(done)
    assert Product.objects.count() == count
    record = StockRecord.objects.select_related("product").get(partner=bakery.partner, partner_sku="PAIN-02")
    assert (record.product.title, record.price, record.num_in_stock) == ("Pain complet bio", Decimal("3.40"), 7)


def test_another_shops_reference_is_never_updated(client, baker, bakery, cheese):
    theirs = StockRecord.objects.filter(partner=cheese.partner).first()
    before = (theirs.price, theirs.product.title)
    import_file(client, HEADER + f"{theirs.partner_sku};Le mien;;;1,00;5,5;1;\n")
    theirs.refresh_from_db()
    assert (theirs.price, theirs.product.title) == before
    assert StockRecord.objects.get(partner=bakery.partner, partner_sku=theirs.partner_sku).price == Decimal("1.00")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("R1;Pain;;;-2;5,5;1;", "Le prix ne peut pas être négatif."),
        ("R1;Pain;;;1e3;5,5;1;", "Prix illisible"),
        ("R1;Pain;;;100000000000000000000;5,5;1;", "Prix trop élevé"),
        ("R1;Pain;;;2,999;5,5;1;", "au plus deux décimales"),
        ("R1;Pain;;;2;5,5;-1;", "Le stock ne peut pas être négatif."),
        ("R1;Pain;;;2;5,5;1,5;", "nombre entier"),
        ("R1;Pain;;;2;5,5;1e3;", "nombre entier"),
        ("R1;Pain;;;2;5,5;100000000000000000000;", "Stock trop élevé"),
        ("R1;Pain;;;2;7;1;", "Taux de TVA inconnu"),
        ("R1;;;;2;5,5;1;", "Indiquez le nom du produit."),
        ("R1;Pain;;Rayon imaginaire;2;5,5;1;", "Catégorie inconnue"),
        ("R1;Pain;;;2;5,5;1;\nR1;Pain bis;;;3;5,5;1;", "Référence en double dans le fichier"),
    ],
)
def test_a_bad_cell_is_shown_on_its_row_and_nothing_is_imported(client, baker, bakery, row, message):
    before = snapshot()
    text = HEADER + "OK-1;Un bon produit;;;2,00;5,5;3;\n" + row + "\n"
    response = preview(client, text)
    assert response.status_code == 400
    html = html_of(response)
    assert message in html and "Rien n'a été importé" in html
    assert 'name="token"' not in html
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER.replace("prix TTC;", "") + "R1;Pain;;;5,5;1;\n", "Colonne manquante : prix TTC"),
        (HEADER + "R;Pain;;;1;5,5;1;\n" * 50_000, "Trop de lignes"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "n'est pas un fichier CSV"),
        (HEADER + ("R;Pain;" + "x" * 1000 + ";;1;5,5;1;\n") * 30_000, "trop lourd"),
        ("", "vide"),
        (HEADER + "R1;Pain;;;2;5,5;1;;en trop\n", "Ligne 2 : elle n'a pas autant de colonnes"),
    ],
    ids=["missing-column", "50000-rows", "binary", "30-MB", "empty", "ragged"],
)
def test_a_bad_file_is_refused_in_french_and_nothing_is_imported(client, baker, bakery, content, message):
    before = snapshot()
    data = content if isinstance(content, bytes) else content.encode()
    response = client.post(IMPORT, {"file": SimpleUploadedFile("f.csv", data, content_type="text/csv")})
    assert response.status_code == 400
    assert message in html_of(response)
    assert snapshot() == before


def test_export_neutralises_formulas_and_a_round_trip_changes_nothing(client, baker, bakery):
    import_file(client, HEADER + 'F-1;"=HYPERLINK(""http://evil.example"";""clic"")";;;4,00;20;2;\n')
    exported = client.get(EXPORT)
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    lines = text.splitlines()
    assert lines[0] == "référence;nom;description;catégorie;prix TTC;TVA;stock;image"
    assert len(lines) - 1 == StockRecord.objects.filter(partner=bakery.partner).count()
    before = snapshot()

    done = import_file(client, text)

    assert snapshot() == before
    assert f"(0 nouveaux, 0 mis à jour, {len(lines) - 1} inchangés)" in html_of(done)
    assert StockRecord.objects.select_related("product").get(partner_sku="F-1").product.title.startswith("=HYPERLINK")


def test_an_expired_preview_imports_nothing(client, baker, bakery):
    before = snapshot()
    response = client.post(CONFIRM, {"token": "nope"}, follow=True)
    assert "Cet aperçu a expiré" in html_of(response)
    assert snapshot() == before


def test_the_import_reports_its_progress_for_the_bar(client, baker, bakery):
    from shops.catalogue_csv import catalogue_file_read
    from shops.services.catalogue_file import catalogue_import

    text = HEADER + "".join(f"P-{n};Pain {n};;;1,{n % 100:02d};5,5;3;\n" for n in range(60))
    seen = []
    dataset = catalogue_file_read(uploaded=csv_file(text))
    report = catalogue_import(shop=bakery, dataset=dataset, progress=lambda done, total: seen.append((done, total)))
    assert report.ok and report.new == 60
    assert seen == [(25, 60), (50, 60)]
    state = client.get(reverse("my-shop:catalogue-import-progress", kwargs={"token": "inconnu"})).json()
    assert state == {"done": 0, "total": 0}
