"""What CCI reviewers read: the queue of shops waiting for validation, every shop, and warnings.

Warnings flag what deserves a second look before approving (a company already signed up, an email
already in use, a name very close to another shop's, a postcode outside Nord-Isère). They are
computed for a whole page of shops at once in a fixed number of queries, then compared in Python.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from shops.lookalike import name_scripts, name_skeleton
from shops.models import Shop, ShopDecision, Weekday
from shops.territory import postcode_in_territory

NAME_SIMILARITY_THRESHOLD = 0.85


@dataclass(frozen=True)
class ShopWarning:
    """One reason to look twice at a shop; other_shop_pk links to the shop it collides with, if any."""

    kind: str  # "siret", "siren", "email", "name", "lookalike", "postcode"
    message: str
    other_shop_pk: int | None = None


def shop_review_queue() -> QuerySet[Shop]:
    """Shops waiting for the CCI's decision, the most recently submitted first."""
    return (
        Shop.objects.filter(status=Shop.Status.PENDING)
        .select_related("category", "owner")
        .order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    )


def shop_review_list(*, status: str = "", query: str = "") -> QuerySet[Shop]:
    """Every shop, optionally of one status and matching a search (name, SIRET, town, owner email)."""
    shops = Shop.objects.select_related("category", "owner").order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    if status in Shop.Status.values:
        shops = shops.filter(status=status)
    query = query.strip()
    if query:
        shops = shops.filter(
            Q(name__icontains=query)
            | Q(legal_name__icontains=query)
            | Q(siret__startswith=query.replace(" ", ""))
            | Q(town__icontains=query)
            | Q(owner__email__icontains=query)
            | Q(email__icontains=query)
        )
    return shops


def shop_status_counts() -> dict[str, int]:
    """How many shops are in each status (every status present, zero included), in one query."""
    counts = dict.fromkeys(Shop.Status.values, 0)
    for row in Shop.objects.order_by().values("status").annotate(total=Count("pk")):
        counts[row["status"]] = row["total"]
    return counts


def shop_pending_count() -> int:
    """How many shops wait for a decision."""
    return Shop.objects.filter(status=Shop.Status.PENDING).count()


def shop_review_detail(*, pk: int) -> Shop:
    """One shop with everything its review page shows; raises Shop.DoesNotExist."""
    return (
        Shop.objects.select_related("category", "owner", "partner")
        .prefetch_related(
            "opening_ranges",
            "closures",
            "partner__users",
            Prefetch("decisions", queryset=ShopDecision.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def opening_hours_by_day(*, shop: Shop) -> list[tuple[str, list]]:
    """Each weekday, Monday first, with its opening ranges (empty: closed); uses prefetched ranges."""
    ranges = list(shop.opening_ranges.all())
    return [(label, [r for r in ranges if r.weekday == day]) for day, label in Weekday.choices]


def shop_warnings(*, shops: list[Shop]) -> dict[int, list[ShopWarning]]:
    """Warnings for each of the given shops (keyed by pk), in two queries whatever their number."""
    warnings: dict[int, list[ShopWarning]] = {shop.pk: [] for shop in shops}
    if not shops:
        return warnings
    # Query 1: what is compared against, for every shop. Names and SIRETs are short: even a few
    # thousand shops fit comfortably in memory, and one query beats one per shop.
    others = list(
        Shop.objects.order_by("pk").values("pk", "name", "status", "siret", "email", "owner_id", "owner__email")
    )
    owner_ids = {shop.owner_id for shop in shops if shop.owner_id}
    # Query 2: the other partners (hence shops) the owners of these shops already work for.
    memberships = list(
        get_user_model()
        .partners.through.objects.filter(user_id__in=owner_ids, partner__shop__isnull=False)
        .values("user_id", "partner__shop__pk")
    )
    names = {row["pk"]: row["name"] for row in others}
    # Normalised once, not once per shop of the page: drafts are abandoned sign-ups, not rivals.
    named = [(row, name_normalize(row["name"])) for row in others if row["status"] != Shop.Status.DRAFT]
    skeletons: dict[str, list[dict]] = {}
    for row, _normalized in named:
        skeletons.setdefault(name_skeleton(row["name"]), []).append(row)

    for shop in shops:
        found = warnings[shop.pk]
        found += _siret_warnings(shop=shop, others=others)
        found += _email_warnings(shop=shop, others=others, memberships=memberships, names=names)
        lookalikes = _lookalike_warnings(shop=shop, skeletons=skeletons)
        found += lookalikes
        imitated = {warning.other_shop_pk for warning in lookalikes}
        found += [
            warning for warning in _name_warnings(shop=shop, named=named) if warning.other_shop_pk not in imitated
        ]
        if shop.postcode and not postcode_in_territory(shop.postcode):
            found.append(
                ShopWarning(
                    "postcode",
                    gettext("Code postal %(postcode)s hors du territoire de la CCI Nord-Isère.")
                    % {"postcode": shop.postcode},
                )
            )
    return warnings


def name_normalize(name: str) -> str:
    """A name as compared for likeness: accents, case, punctuation and repeated spaces dropped."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    kept = "".join(char if char.isalnum() else " " for char in letters.casefold())
    return " ".join(kept.split())


def _siret_warnings(*, shop: Shop, others: list[dict]) -> list[ShopWarning]:
    if len(shop.siret) != 14:
        return []
    result = []
    siren = shop.siret[:9]
    for other in others:
        if other["pk"] == shop.pk or not other["siret"]:
            continue
        if other["siret"] == shop.siret:
            result.append(
                ShopWarning(
                    "siret",
                    gettext("SIRET déjà utilisé par « %(name)s ».") % {"name": other["name"]},
                    other["pk"],
                )
            )
        elif other["siret"][:9] == siren:
            result.append(
                ShopWarning(
                    "siren",
                    gettext("Même entreprise (SIREN %(siren)s) que « %(name)s » (%(status)s).")
                    % {
                        "siren": f"{siren[:3]}\u00a0{siren[3:6]}\u00a0{siren[6:]}",
                        "name": other["name"],
                        "status": Shop.Status(other["status"]).label,
                    },
                    other["pk"],
                )
            )
    return result


def _email_warnings(
    *, shop: Shop, others: list[dict], memberships: list[dict], names: dict[int, str]
) -> list[ShopWarning]:
    result = []
    seen: set[int] = set()

    def warn(other_pk: int, message: str) -> None:
        # One warning per other shop is enough, whichever way the email is shared.
        if other_pk not in seen:
            seen.add(other_pk)
            result.append(ShopWarning("email", message % {"name": names.get(other_pk, "?")}, other_pk))

    owner_email = shop.owner.email.casefold() if shop.owner_id and shop.owner.email else ""
    emails = {email for email in (owner_email, shop.email.casefold()) if email}
    for row in memberships:
        if row["user_id"] == shop.owner_id and row["partner__shop__pk"] != shop.pk:
            warn(row["partner__shop__pk"], gettext("Le titulaire gère déjà la boutique « %(name)s »."))
    for other in others:
        if other["pk"] == shop.pk:
            continue
        if other["owner_id"] and other["owner_id"] == shop.owner_id:
            warn(other["pk"], gettext("Le titulaire a déjà inscrit la boutique « %(name)s »."))
        elif other["email"] and other["email"].casefold() in emails:
            warn(other["pk"], gettext("Email déjà utilisé par la boutique « %(name)s »."))
        elif other["owner__email"] and other["owner__email"].casefold() in emails:
            warn(other["pk"], gettext("Email déjà utilisé par le titulaire de « %(name)s »."))
    return result


def _script_label(code: str) -> str:
    labels = {"LATIN": gettext("latin"), "CYRILLIC": gettext("cyrillique"), "GREEK": gettext("grec")}
    return labels.get(code, code.lower())


def _lookalike_warnings(*, shop: Shop, skeletons: dict[str, list[dict]]) -> list[ShopWarning]:
    """Another shop whose name looks the same on screen but is written with other characters, and any
    invisible character the name holds (a name stored before they were refused)."""
    result = []
    invisible = [f"U+{ord(char):04X}" for char in shop.name if unicodedata.category(char) == "Cf"]
    if invisible:
        message = gettext("Le nom contient des caractères invisibles (%(codes)s).")
        result.append(ShopWarning("lookalike", message % {"codes": ", ".join(dict.fromkeys(invisible))}))
    mine = name_normalize(shop.name)
    for other in skeletons.get(name_skeleton(shop.name), []):
        if other["pk"] == shop.pk or name_normalize(other["name"]) == mine and not invisible:
            continue
        message = gettext(
            "Nom qui imite « %(name)s » (%(status)s) : il lui ressemble à l'écran mais s'écrit avec d'autres "
            "caractères (écritures : %(scripts)s)."
        )
        params = {
            "name": other["name"],
            "status": Shop.Status(other["status"]).label,
            "scripts": ", ".join(_script_label(code) for code in name_scripts(shop.name)) or "?",
        }
        result.append(ShopWarning("lookalike", message % params, other["pk"]))
    return result


def _name_warnings(*, shop: Shop, named: list[tuple[dict, str]]) -> list[ShopWarning]:
    mine = name_normalize(shop.name)
    if not mine:
        return []
    # seq2 is the one SequenceMatcher indexes: set it once, vary seq1.
    matcher = SequenceMatcher(b=mine, autojunk=False)
    result = []
    for other, normalized in named:
        if other["pk"] == shop.pk:
            continue
        matcher.set_seq1(normalized)
        # The quick ratios are upper bounds of ratio(): they discard most names at a fraction of its cost.
        if (
            matcher.real_quick_ratio() >= NAME_SIMILARITY_THRESHOLD
            and matcher.quick_ratio() >= NAME_SIMILARITY_THRESHOLD
            and matcher.ratio() >= NAME_SIMILARITY_THRESHOLD
        ):
            result.append(
                ShopWarning(
                    "name",
                    gettext("Nom proche de « %(name)s » (%(status)s).")
                    % {"name": other["name"], "status": Shop.Status(other["status"]).label},
                    other["pk"],
                )
            )
    return result
