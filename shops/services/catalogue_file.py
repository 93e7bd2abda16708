"""A shop's catalogue as a CSV file: read (UTF-8, or the Windows-1252 with `;` that French Excel writes),
previewed row by row (django-import-export's dry run, errors in French), imported all or nothing with
update by reference (import_id_fields), and exported with the same columns.

The file is hostile until read: its size, its rows, its bytes (a binary file), its columns and each cell
are checked; a formula cell is neutralised on export and its guard removed again on import.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.instance_loaders import CachedInstanceLoader
from oscar.core.loading import get_model
from oscar.core.utils import slugify as oscar_slugify

from kernel.page_cache import public_pages_changed
from shops.catalogue_csv import COLUMNS, HEADERS
from shops.catalogue_values import default_tva_rate, price_parse, reference_clean, stock_parse, tva_parse
from shops.html import sanitize_html
from shops.models import Shop, StockMode
from shops.product_categories import shop_catalogue_category
from shops.services.products import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH, product_class_default
from shops.signals import products_changed
from shops.validators import validate_clean_text

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


# Rows inserted per statement.
BATCH = 500
_STOCK_WORDS = {
    "toujours disponible": StockMode.Mode.ALWAYS,
    "toujours": StockMode.Mode.ALWAYS,
    "sur demande": StockMode.Mode.ON_REQUEST,
}
STOCK_LABELS = {StockMode.Mode.ALWAYS: "toujours disponible", StockMode.Mode.ON_REQUEST: "sur demande"}
# The export guard (kernel.spreadsheets.csv_cell) puts a quote before a formula's first character.
_GUARDED = re.compile(r"^'(?=[=+\-@\t\r])")


# --- The rows ----------------------------------------------------------------------------------------


@dataclass
class RowValues:
    title: str
    price: Decimal
    tva_rate: Decimal
    stock_mode: str
    num_in_stock: int | None
    description: str
    category: object | None
    changed: bool = True


class CatalogueResource(resources.ModelResource):
    """django-import-export's resource for one shop's stock records, found by reference (partner_sku)."""

    reference = fields.Field(attribute="partner_sku", column_name="reference")

    class Meta:
        model = StockRecord
        fields = ("reference",)
        import_id_fields = ("reference",)
        instance_loader_class = CachedInstanceLoader
        skip_diff = True
        report_skipped = True
        use_transactions = True
        # No savepoint per row (two queries each): the rows are checked before anything is written, and
        # the whole import is one transaction that any bad row rolls back. New products are inserted
        # together at the end (after_import), a few queries for the whole file.
        use_bulk = True

    def __init__(self, *, shop: Shop, progress: Callable[[int, int], None] | None = None):
        super().__init__()
        self.shop = shop
        self.progress = progress
        self.seen: dict[str, int] = {}
        self.saved: list = []
        self.default_category = shop_catalogue_category(shop=shop)
        self.default_tva = default_tva_rate(shop=shop)
        # By full name ("Alimentation > Boulangerie") and by name alone, the first in the tree winning.
        self.categories = {}
        for category in Category.objects.order_by("path"):
            self.categories.setdefault(category.full_name.casefold(), category)
            self.categories.setdefault(category.name.casefold(), category)
        self.total = 0
        self.product_class = product_class_default()
        self.new_rows: list = []

    def get_queryset(self):
        # Only this shop's records: a reference is the shop's own, another shop's is never updated.
        return (
            StockRecord.objects.filter(partner_id=self.shop.partner_id)
            # The partner too: import-export names each row's record with str(), which reads it.
            .select_related("product", "stock_mode", "partner")
            .prefetch_related("product__categories")
        )

    def before_import(self, dataset, **kwargs):
        self.total = dataset.height

    def import_instance(self, instance, row, **kwargs):
        number = kwargs.get("row_number", 0)
        errors: dict[str, list[str]] = {}

        def read(column, parse, default=None):
            try:
                return parse(_unguarded(row.get(column)))
            except ValidationError as error:
                errors.setdefault(column, []).extend(error.messages)
                return default

        reference = read("reference", reference_clean, "")
        if reference:
            if reference.casefold() in self.seen:
                errors.setdefault("reference", []).append(
                    _("Référence en double dans le fichier (déjà ligne %(n)s).")
                    % {"n": self.seen[reference.casefold()]}
                )
            self.seen.setdefault(reference.casefold(), number)
        title = read("nom", _title_clean, "")
        # An empty price makes a draft, not for sale (as the quick add's several photos do).
        price = read("prix_ttc", lambda value: price_parse(value) if value else None)
        tva_rate = read("tva", tva_parse) if _unguarded(row.get("tva")) else self._current_tva(instance)
        if "stock" in row:
            stock_mode, num_in_stock = read("stock", _stock_clean, (None, None))
        else:
            stock_mode, num_in_stock = self._current_stock(instance)
        description = read("description", _description_clean, "")
        category = read("categorie", self._category_clean)
        if errors:
            raise ValidationError(errors)
        instance.partner_sku = reference
        instance.catalogue_values = values = RowValues(
            title=title,
            price=price,
            tva_rate=tva_rate,
            stock_mode=stock_mode,
            num_in_stock=num_in_stock,
            description=description if "description" in row else None,
            category=category if "categorie" in row else self.default_category,
        )
        values.changed = instance.pk is None or self._differs(instance, values)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A row equal to what the shop has is reported "inchangé" and written nowhere.
        return not import_validation_errors and not getattr(instance, "catalogue_values", RowValues).changed

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=None):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        values = instance.catalogue_values
        if instance.pk is None:
            self.new_rows.append(instance)
            return
        product = instance.product
        product.title = values.title
        if values.price is None:
            product.is_public = False
        if values.description is not None:
            product.description = values.description
        product.save()
        instance.price, instance.tva_rate, instance.num_in_stock = values.price, values.tva_rate, values.num_in_stock
        instance.save()
        StockMode.objects.update_or_create(stockrecord=instance, defaults={"mode": values.stock_mode})
        categories = {category.pk for category in product.categories.all()}
        if values.category is not None and categories != {values.category.pk}:
            ProductCategory.objects.filter(product=product).delete()
            ProductCategory.objects.create(product=product, category=values.category)
        self.saved.append(product)

    def after_import(self, dataset, result, **kwargs):
        if self.new_rows and not kwargs.get("dry_run") and not result.has_validation_errors():
            self._new_rows_insert()
        super().after_import(dataset, result, **kwargs)

    def _new_rows_insert(self) -> None:
        """The new rows' products, stock records, stock modes and categories, inserted a batch at a time."""
        products = []
        for instance in self.new_rows:
            values = instance.catalogue_values
            products.append(
                Product(
                    title=values.title,
                    # What Product.save() would have set; bulk_create does not call it.
                    slug=oscar_slugify(values.title)[:255] or "produit",
                    description=values.description or "",
                    product_class=self.product_class,
                    structure=Product.STANDALONE,
                    is_public=values.price is not None,
                )
            )
        Product.objects.bulk_create(products, batch_size=BATCH)
        for instance, product in zip(self.new_rows, products, strict=True):
            values = instance.catalogue_values
            instance.product, instance.partner_id, instance.price_currency = product, self.shop.partner_id, "EUR"
            instance.price, instance.tva_rate, instance.num_in_stock = (
                values.price,
                values.tva_rate,
                values.num_in_stock,
            )
        StockRecord.objects.bulk_create(self.new_rows, batch_size=BATCH)
        StockMode.objects.bulk_create(
            [StockMode(stockrecord=row, mode=row.catalogue_values.stock_mode) for row in self.new_rows],
            batch_size=BATCH,
        )
        ProductCategory.objects.bulk_create(
            [
                ProductCategory(product=row.product, category=row.catalogue_values.category)
                for row in self.new_rows
                if row.catalogue_values.category is not None
            ],
            batch_size=BATCH,
        )
        self.saved.extend(products)
        self.new_rows = []

    def save_m2m(self, instance, row, **kwargs):
        pass

    def after_import_row(self, row, row_result, **kwargs):
        if self.progress is not None and kwargs.get("row_number", 0) % 25 == 0:
            self.progress(kwargs["row_number"], self.total)

    def _current_stock(self, instance) -> tuple[str, int | None]:
        if instance.pk is None:
            return StockMode.Mode.ALWAYS, None
        try:
            return instance.stock_mode.mode, instance.num_in_stock
        except StockMode.DoesNotExist:
            return StockMode.Mode.COUNTED, instance.num_in_stock

    def _current_tva(self, instance) -> Decimal:
        return instance.tva_rate if instance.pk else self.default_tva

    def _category_clean(self, value) -> object | None:
        text = (value or "").strip()
        if not text:
            return self.default_category
        category = self.categories.get(text.casefold()) or self.categories.get(text.split(">")[-1].strip().casefold())
        if category is None:
            raise ValidationError(_("Catégorie inconnue : « %(value)s ».") % {"value": text[:60]})
        return category

    def _differs(self, instance, values: RowValues) -> bool:
        product = instance.product
        try:
            mode = instance.stock_mode.mode
        except StockMode.DoesNotExist:
            mode = StockMode.Mode.COUNTED
        categories = {category.pk for category in product.categories.all()}
        return (
            product.title != values.title
            or (values.description is not None and product.description != values.description)
            or instance.price != values.price
            or instance.tva_rate != values.tva_rate
            or mode != values.stock_mode
            or instance.num_in_stock != values.num_in_stock
            or (values.category is not None and categories != {values.category.pk})
        )


def _unguarded(value) -> str:
    return _GUARDED.sub("", str(value if value is not None else "").strip())


def _title_clean(value: str) -> str:
    if not value:
        raise ValidationError(_("Indiquez le nom du produit."))
    validate_clean_text(value, max_length=TITLE_MAX_LENGTH)
    return value


def _description_clean(value: str) -> str:
    validate_clean_text(value, max_length=DESCRIPTION_MAX_LENGTH)
    return sanitize_html(value)


def _stock_clean(value: str) -> tuple[str, int | None]:
    word = value.casefold().strip()
    if not word:
        return StockMode.Mode.ALWAYS, None
    if word in _STOCK_WORDS:
        return _STOCK_WORDS[word], None
    return StockMode.Mode.COUNTED, stock_parse(value)


# --- Preview, import, export -------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did or would do: counts by kind, and the rows in error with their French messages."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, list[str]]] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors


def catalogue_import_preview(*, shop: Shop, dataset: tablib.Dataset) -> ImportReport:
    """The dry run: what importing the dataset would do, row by row; nothing is written."""
    resource = CatalogueResource(shop=shop)
    result = resource.import_data(dataset, dry_run=True, raise_errors=False, use_transactions=True)
    return _report(result)


@transaction.atomic
def catalogue_import(*, shop: Shop, dataset: tablib.Dataset, progress=None) -> ImportReport:
    """Import the dataset into the shop's catalogue, all or nothing: any bad row and nothing is written."""
    resource = CatalogueResource(shop=shop, progress=progress)
    result = resource.import_data(
        dataset, dry_run=False, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True
    )
    report = _report(result)
    if not report.ok:
        transaction.set_rollback(True)
        return report
    if resource.saved:
        products_changed.send(sender=Product, products=resource.saved, deleted_ids=[])
        public_pages_changed()
    return report


def _report(result) -> ImportReport:
    report = ImportReport(
        new=result.totals.get("new", 0), updated=result.totals.get("update", 0), unchanged=result.totals.get("skip", 0)
    )
    for invalid in result.invalid_rows:
        messages = [
            f"{HEADERS[COLUMNS.index(column)] if column in COLUMNS else column} : {message}"
            for column, column_messages in invalid.error_dict.items()
            for message in column_messages
        ]
        report.errors.append((invalid.number, str(invalid.values[0]) if invalid.values else "", messages))
    for number, row_errors in result.row_errors():
        report.errors.append((number, "", [_("erreur inattendue sur cette ligne")] * bool(row_errors)))
    report.file_errors = [str(error.error) for error in result.base_errors]
    report.errors.sort()
    return report


def catalogue_rows_export(*, shop: Shop):
    """The shop's products as rows of COLUMNS (price with a comma, stock mode in words), in reference order."""
    records = (
        StockRecord.objects.filter(partner_id=shop.partner_id, product__parent=None)
        .select_related("product", "stock_mode")
        .prefetch_related("product__categories", "product__images")
        .order_by("partner_sku")
    )
    for record in records.iterator(chunk_size=500):
        product = record.product
        try:
            mode = record.stock_mode.mode
        except StockMode.DoesNotExist:
            mode = StockMode.Mode.COUNTED
        category = next(iter(product.categories.all()), None)
        image = next(iter(product.images.all()), None)
        yield [
            record.partner_sku,
            product.title,
            product.description,
            category.full_name if category else "",
            "" if record.price is None else f"{record.price:.2f}".replace(".", ","),
            f"{record.tva_rate.normalize():f}".replace(".", ","),
            STOCK_LABELS.get(mode, "" if record.num_in_stock is None else str(record.num_in_stock)),
            image.original.url if image and image.original else "",
        ]
