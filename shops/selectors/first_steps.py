"""What a shopkeeper's dashboard home shows: the first steps of a new shop, and where a shop stands.

Every step is computed from the shop's own rows (products, hours, profile), never stored: a step
done and then undone (the last product deleted) shows as left again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

from shops.models import Shop, ShopDecision

# The CCI's hotline for shopkeepers ("Allo CCI"): written out for the page and as a tel: link.
ALLO_CCI_PHONE = "04 74 95 24 00"
ALLO_CCI_TEL = "+33474952400"


@dataclass(frozen=True)
class FirstStep:
    key: str
    title: str
    done: bool
    # What is done, or what is left, in a sentence.
    detail: str
    # The page where the step is done, and the words of its button.
    url: str
    action: str
    # What is still missing, named one by one (empty when done).
    missing: list[str] = field(default_factory=list)
    # A second link (the storefront seen as shoppers see it).
    extra_url: str = ""
    extra_action: str = ""


def shop_first_steps(*, shop: Shop) -> list[FirstStep]:
    """The new shop's first steps (products, pickup, storefront), each done or not from the shop's data."""
    return [_products_step(shop), _pickup_step(shop), _storefront_step(shop)]


def _products_step(shop: Shop) -> FirstStep:
    StockRecord = get_model("partner", "StockRecord")
    on_sale = (
        StockRecord.objects.filter(partner_id=shop.partner_id, product__is_public=True, price__isnull=False)
        .values("product_id")
        .distinct()
        .count()
    )
    if on_sale:
        detail = ngettext("%(count)d produit en vente.", "%(count)d produits en vente.", on_sale) % {"count": on_sale}
    else:
        detail = _("Aucun produit en vente : ajoutez le premier avec son prix, son stock et une photo.")
    return FirstStep(
        key="products",
        title=_("Ajoutez vos produits"),
        done=bool(on_sale),
        detail=str(detail),
        url=_product_create_url(),
        action=str(_("Ajouter un produit")),
        missing=[] if on_sale else [str(_("un produit en vente"))],
    )


def _product_create_url() -> str:
    # The quick add (a photo, a name, a price); Oscar's full product form stays for the CCI's staff.
    return reverse("my-shop:product-quick-add")


def _pickup_step(shop: Shop) -> FirstStep:
    missing = []
    if not shop.opening_ranges.exists():
        missing.append(str(_("vos horaires d'ouverture (sans eux, aucun créneau de retrait n'est proposé)")))
    if not shop.pickup_instructions.strip():
        missing.append(str(_("les instructions de retrait (où et comment vos clients retirent leur commande)")))
    if missing:
        detail = _("Reste à indiquer : %(missing)s.") % {"missing": " ; ".join(missing)}
    else:
        detail = _(
            "Créneaux de %(minutes)d minutes, %(capacity)d commandes par créneau, préparation en %(prep)d minutes."
        ) % {
            "minutes": shop.slot_minutes,
            "capacity": shop.slot_capacity,
            "prep": shop.preparation_minutes,
        }
    return FirstStep(
        key="pickup",
        title=_("Réglez le retrait en boutique"),
        done=not missing,
        detail=str(detail),
        url=reverse("my-shop:hours") if not shop.opening_ranges.exists() else reverse("my-shop:pickup"),
        action=str(_("Régler le retrait")),
        missing=missing,
    )


def _storefront_step(shop: Shop) -> FirstStep:
    missing = []
    if not (shop.description or "").strip():
        missing.append(str(_("une présentation de la boutique")))
    if not (shop.cover or shop.logo):
        missing.append(str(_("une photo de couverture ou un logo")))
    if not shop.is_public:
        detail = _("Votre vitrine n'est pas visible des clients tant que la boutique n'est pas en ligne.")
    elif missing:
        detail = _("Votre vitrine est en ligne ; pour la rendre plus accueillante, ajoutez : %(missing)s.") % {
            "missing": " ; ".join(missing)
        }
    else:
        detail = _(
            "Votre vitrine est en ligne, avec sa présentation et sa photo. Regardez-la comme vos clients la voient."
        )
    return FirstStep(
        key="storefront",
        title=_("Vérifiez votre vitrine"),
        done=shop.is_public and not missing,
        detail=str(detail),
        url=reverse("my-shop:profile"),
        action=str(_("Modifier le profil")),
        missing=missing,
        extra_url=shop.get_absolute_url() if shop.is_public else "",
        extra_action=str(_("Voir ma vitrine")) if shop.is_public else "",
    )


def shop_latest_decision(*, shop: Shop, action: str) -> ShopDecision | None:
    """The CCI's latest decision of this kind on the shop (its reason and date), or None."""
    return shop.decisions.filter(action=action).order_by("-created_at", "-pk").first()
