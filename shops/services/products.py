"""A shop's own products: create, edit, quick add from photos, inline edits and bulk actions.

Every writer takes the shop and reaches products only through the shop's stock records: a product of
another shop is not found (ProductNotFound, a 404 for the views) and nothing is written.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from kernel.page_cache import public_pages_changed
from shops.html import sanitize_html
from shops.images import image_clean_upload
from shops.models import Shop, StockMode, stockrecord_mode
from shops.signals import products_changed
from shops.validators import validate_clean_text

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

# Click and collect: nothing is shipped, and a counted product cannot sell what the shop does not have.
PRODUCT_CLASS_NAME = "Produit"
TITLE_MAX_LENGTH = 255
DESCRIPTION_MAX_LENGTH = 20_000
# Pages show a product photo at most this wide (product page, two columns at 1280 px): no need to keep more.
PHOTO_MAX_SIDE = 1200
PHOTO_MAX_BYTES = 10 * 1024 * 1024
MAX_DRAFT_PHOTOS = 20


class ProductNotFound(Exception):
    """No product with this id is sold by this shop."""


@dataclass
class ProductData:
    """What a shopkeeper says of a product; price None makes a draft (not for sale until completed)."""

    title: str
    price: Decimal | None
    tva_rate: Decimal
    stock_mode: str = StockMode.Mode.COUNTED
    num_in_stock: int | None = None
    category: object | None = None
    description: str = ""
    reference: str = ""
    is_public: bool = True


def product_class_default():
    """The product class every shop product gets (created on first use)."""
    product_class, _created = ProductClass.objects.get_or_create(
        name=PRODUCT_CLASS_NAME, defaults={"requires_shipping": False, "track_stock": True}
    )
    return product_class


def product_photo_clean(*, uploaded: UploadedFile):
    """The photo through the shared image pipeline, at most PHOTO_MAX_SIDE pixels long (ValidationError if bad)."""
    return image_clean_upload(uploaded=uploaded, max_bytes=PHOTO_MAX_BYTES, max_side=PHOTO_MAX_SIDE)


def _data_clean(*, data: ProductData) -> ProductData:
    title = (data.title or "").strip()
    if not title:
        raise ValidationError({"title": _("Indiquez le nom du produit.")})
    validate_clean_text(title, max_length=TITLE_MAX_LENGTH)
    validate_clean_text(data.description or "", max_length=DESCRIPTION_MAX_LENGTH)
    if data.stock_mode not in StockMode.Mode.values:
        raise ValidationError({"stock_mode": _("Mode de stock inconnu.")})
    if data.stock_mode == StockMode.Mode.COUNTED and data.num_in_stock is None:
        raise ValidationError(
            {"num_in_stock": _("Indiquez combien vous en avez, ou choisissez « toujours disponible ».")}
        )
    data.title = title
    data.description = sanitize_html(data.description or "")
    if data.stock_mode != StockMode.Mode.COUNTED:
        data.num_in_stock = None
    if data.price is None:
        data.is_public = False
    return data


def reference_new(*, title: str) -> str:
    """A reference for a product the shopkeeper gave none: from its name, made unique by a random tail."""
    return f"{slugify(title)[:40] or 'produit'}-{uuid.uuid4().hex[:6]}"


@transaction.atomic
def product_create(*, shop: Shop, data: ProductData, photos: Sequence = ()) -> Product:
    """A new product of the shop with its stock record, stock mode, category and cleaned photos."""
    data = _data_clean(data=data)
    product = Product.objects.create(
        title=data.title,
        description=data.description,
        product_class=product_class_default(),
        structure=Product.STANDALONE,
        is_public=data.is_public,
    )
    stockrecord = StockRecord.objects.create(
        product=product,
        partner=shop.partner,
        partner_sku=data.reference or reference_new(title=data.title),
        price=data.price,
        price_currency="EUR",
        tva_rate=data.tva_rate,
        num_in_stock=data.num_in_stock,
    )
    StockMode.objects.create(stockrecord=stockrecord, mode=data.stock_mode)
    if data.category is not None:
        ProductCategory.objects.create(product=product, category=data.category)
    _photos_add(product=product, photos=photos)
    _changed(products=[product])
    return product


@transaction.atomic
def product_update(
    *, shop: Shop, product_id: int, data: ProductData, photos: Sequence = (), photos_removed: Iterable[int] = ()
) -> Product:
    """The shop's product rewritten from `data`; photos added and removed (only the product's own)."""
    stockrecord = _stockrecord_lock(shop=shop, product_id=product_id)
    data = _data_clean(data=data)
    product = stockrecord.product
    product.title, product.description, product.is_public = data.title, data.description, data.is_public
    product.save()
    stockrecord.price, stockrecord.tva_rate = data.price, data.tva_rate
    stockrecord.num_in_stock = data.num_in_stock
    if data.reference:
        stockrecord.partner_sku = data.reference
    stockrecord.save()
    StockMode.objects.update_or_create(stockrecord=stockrecord, defaults={"mode": data.stock_mode})
    if data.category is not None:
        ProductCategory.objects.filter(product=product).exclude(category=data.category).delete()
        ProductCategory.objects.get_or_create(product=product, category=data.category)
    ProductImage.objects.filter(product=product, pk__in=list(photos_removed)).delete()
    _photos_add(product=product, photos=photos)
    _changed(products=[product])
    return product


@transaction.atomic
def product_drafts_create(*, shop: Shop, photos: Sequence, tva_rate: Decimal, category=None) -> list[Product]:
    """One draft product per cleaned photo (named after the file, no price, not for sale yet)."""
    if len(photos) > MAX_DRAFT_PHOTOS:
        raise ValidationError(_("%(max)s photos à la fois au plus.") % {"max": MAX_DRAFT_PHOTOS})
    drafts = []
    for number, (name, photo) in enumerate(photos, start=1):
        title = _title_from_file_name(name) or str(_("Produit à compléter %(n)s") % {"n": number})
        data = ProductData(
            title=title,
            price=None,
            tva_rate=tva_rate,
            stock_mode=StockMode.Mode.ALWAYS,
            category=category,
            is_public=False,
        )
        drafts.append(product_create(shop=shop, data=data, photos=[photo]))
    return drafts


@transaction.atomic
def product_inline_update(
    *, shop: Shop, product_id: int, price: Decimal | None, num_in_stock: int | None, is_public: bool
) -> Product:
    """Price, stock and "en vente" of one of the shop's products, from its row of the product list."""
    stockrecord = _stockrecord_lock(shop=shop, product_id=product_id)
    product = stockrecord.product
    errors = {}
    if is_public and price is None:
        errors["price"] = _("Indiquez un prix pour mettre ce produit en vente.")
    counted = stockrecord_mode(stockrecord) == StockMode.Mode.COUNTED
    if counted and num_in_stock is None:
        errors["num_in_stock"] = _("Indiquez le stock (0 s'il n'en reste plus).")
    if counted and num_in_stock is not None and num_in_stock < (stockrecord.num_allocated or 0):
        errors["num_in_stock"] = _(
            "%(n)s unités sont déjà réservées par des commandes en cours : le stock ne peut pas être plus bas."
        ) % {"n": stockrecord.num_allocated}
    if errors:
        raise ValidationError(errors)
    stockrecord.price = price
    if counted:
        stockrecord.num_in_stock = num_in_stock
    stockrecord.save()
    if product.is_public != is_public:
        product.is_public = is_public
        product.save()
    _changed(products=[product])
    return product


BULK_ACTIONS = ("hide", "show", "delete", "category")


@transaction.atomic
def products_bulk_apply(*, shop: Shop, product_ids: Iterable[int], action: str, category=None) -> int:
    """Hide, show, delete or file under a category the shop's own products among `product_ids`.

    An id of another shop's product is refused (ProductNotFound): nothing is changed.
    """
    ids = sorted({int(pk) for pk in product_ids})
    if not ids:
        raise ValidationError(_("Cochez au moins un produit."))
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Action inconnue."))
    owned = list(
        StockRecord.objects.select_for_update(of=("self",))
        .filter(partner_id=shop.partner_id, product_id__in=ids)
        .order_by("pk")
        .values_list("product_id", flat=True)
    )
    if len(owned) != len(ids):
        raise ProductNotFound
    products = Product.objects.filter(pk__in=ids)
    if action == "delete":
        _changed(products=[], deleted_ids=ids)
        products.delete()
        return len(ids)
    if action == "category":
        if category is None:
            raise ValidationError(_("Choisissez la catégorie."))
        ProductCategory.objects.filter(product_id__in=ids).delete()
        ProductCategory.objects.bulk_create([ProductCategory(product_id=pk, category=category) for pk in ids])
        products.update(date_updated=timezone.now())
    else:
        if action == "show":
            # A draft has no price: it cannot go on sale before it is completed.
            without_price = StockRecord.objects.filter(product_id__in=ids, price__isnull=True).count()
            if without_price:
                raise ValidationError(
                    _("%(n)s produit(s) sans prix : complétez-les avant de les mettre en vente.") % {"n": without_price}
                )
        products.update(is_public=action == "show", date_updated=timezone.now())
    _changed(products=list(products))
    return len(ids)


@transaction.atomic
def product_delete(*, shop: Shop, product_id: int) -> None:
    """Delete one of the shop's products (its orders keep their lines, as Oscar's do)."""
    stockrecord = _stockrecord_lock(shop=shop, product_id=product_id)
    _changed(products=[], deleted_ids=[stockrecord.product_id])
    stockrecord.product.delete()


def _stockrecord_lock(*, shop: Shop, product_id) -> StockRecord:
    try:
        product_id = int(product_id)
    except (TypeError, ValueError, OverflowError):
        raise ProductNotFound from None
    stockrecord = (
        StockRecord.objects.select_for_update(of=("self",))
        .select_related("product", "stock_mode")
        .filter(partner_id=shop.partner_id, product_id=product_id)
        .first()
    )
    if stockrecord is None:
        raise ProductNotFound
    return stockrecord


def _photos_add(*, product: Product, photos: Sequence) -> None:
    start = ProductImage.objects.filter(product=product).count()
    for order, photo in enumerate(photos, start=start):
        ProductImage.objects.create(product=product, original=photo, display_order=order)


def _title_from_file_name(name: str) -> str:
    stem = (name or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = stem.replace("_", " ").replace("-", " ").split()
    # A camera's own name (IMG 2034, DSC01234, PXL 2024…) says nothing about the product.
    if not words or words[0].upper() in {"IMG", "DSC", "PXL", "PHOTO", "IMAGE", "SCAN", "WHATSAPP"} or stem.isdigit():
        return ""
    title = " ".join(words)[:TITLE_MAX_LENGTH]
    return title[:1].upper() + title[1:]


def _changed(*, products: list, deleted_ids: Iterable[int] = ()) -> None:
    """Tell the apps above (the site search) and make the cached public pages stale."""
    products_changed.send(sender=Product, products=products, deleted_ids=list(deleted_ids))
    public_pages_changed()
