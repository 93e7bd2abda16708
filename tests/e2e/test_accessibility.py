"""Every page a shopper, a shopkeeper and the CCI's staff meet, checked with axe-core (WCAG 2.1 A and AA)
in Chromium: no critical or serious violation, no sideways scrolling at 375 px, and targets of at least
44 px on the public site. One walk visits each page once, in one browser, and keeps what it measured; one
test per page and measure then reads it, so a failure names its page.

Screenshots of each page at 375 px and 1280 px are written to var/screenshots/a11y/ for a person to look at.
"""

import importlib.util
import json
import os
import uuid
from dataclasses import dataclass, field

import pytest
from oscar.core.loading import get_model

from shops.models import Shop

from .a11y import (
    FOCUS_SHOWN_JS,
    axe_violations,
    blocking,
    describe_violations,
    horizontal_overflow,
    small_targets,
)
from .conftest import SCREENSHOTS
from .test_signup_in_browser import _confirm_path

if importlib.util.find_spec("axe_playwright_python") is None:  # an old virtualenv: `make install` brings it
    if os.environ.get("CI"):
        raise ImportError("axe-playwright-python (requirements.txt) is not installed")
    pytest.skip("axe-playwright-python is not installed (pip install -r requirements.txt)", allow_module_level=True)

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
SHOPPER = ("client@demo.enbasdemarue.fr", "client-demo")
KEEPER = ("boulangerie@demo.enbasdemarue.fr", "commercant-demo")
OTHER_KEEPER = "fromagerie@demo.enbasdemarue.fr"
STAFF = ("equipe@demo.enbasdemarue.fr", "equipe-demo")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# Each page of the walk, in its order; True for the public site (the shopper's 44 px targets).
PAGES = {
    "home": True,
    "directory": True,
    "directory-map": True,
    "storefront": True,
    "product": True,
    "search": True,
    "cms-page": True,
    "login": True,
    "signup-landing": True,
    "signup-step-1": True,
    "signup-step-2": True,
    "signup-step-3": True,
    "signup-step-4": True,
    "signup-done": True,
    "basket": True,
    "checkout": True,
    "confirmation": True,
    "order-list": True,
    "order-page": True,
    "keeper-dashboard-home": False,
    "my-shop": False,
    "my-shop-profile": False,
    "my-shop-hours": False,
    "my-shop-closures": False,
    "my-shop-pickup": False,
    "my-shop-team": False,
    "pickup-board": False,
    "prep-list": False,
    "handover": False,
    "handover-found": False,
    "product-list": False,
    "product-form": False,
    "staff-dashboard-home": False,
    "review-queue": False,
    "review-list": False,
    "review-detail": False,
}


@dataclass
class Visit:
    path: str
    status: int
    violations: list = field(default_factory=list)
    overflow: int = 0
    small: list = field(default_factory=list)


def _siret(base: str) -> str:
    from stdnum import luhn

    siren = base + luhn.calc_check_digit(base)
    rest = siren + "0001"
    return rest + luhn.calc_check_digit(rest)


def _audit(page, name: str, visits: dict) -> None:
    """Measure the page, loaded at 375 px: there overflow, targets and axe, then axe again at 1280 px."""
    folder = SCREENSHOTS / "a11y"
    folder.mkdir(parents=True, exist_ok=True)
    status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    visit = Visit(path=page.url.split("//", 1)[-1].split("/", 1)[-1], status=status)
    visit.overflow = horizontal_overflow(page)
    if PAGES[name]:
        visit.small = small_targets(page)
    seen = {}
    for violation in axe_violations(page):
        seen[violation["id"]] = violation
    page.screenshot(path=str(folder / f"{name}-375.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(50)
    for violation in axe_violations(page):
        if violation["id"] in seen:
            targets = seen[violation["id"]]["targets"]
            targets.extend(t for t in violation["targets"] if t not in targets)
        else:
            seen[violation["id"]] = violation
    page.screenshot(path=str(folder / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    visit.violations = list(seen.values())
    visits[name] = visit


def _write_report(visits: dict) -> None:
    """A table of what each page measured, for a person reading var/screenshots/a11y/."""
    rows = ["page | path | blocking rules (nodes) | other rules | overflow at 375 px | targets under 44 px"]
    for name, visit in visits.items():
        found = blocking(visit.violations)
        others = [v for v in visit.violations if v not in found]
        rules = " ".join(v["id"] for v in found)
        nodes = sum(len(v["targets"]) for v in found)
        other_rules = " ".join(v["id"] for v in others)
        rows.append(f"{name} | /{visit.path} | {len(found)} ({nodes}) {rules} | {other_rules} | ")
        rows[-1] += f"{visit.overflow} | {len(visit.small)}"
    (SCREENSHOTS / "a11y" / "report.txt").write_text("\n".join(rows) + "\n")
    details = {
        name: {"path": v.path, "violations": v.violations, "small_targets": v.small} for name, v in visits.items()
    }
    (SCREENSHOTS / "a11y" / "report.json").write_text(json.dumps(details, indent=1, ensure_ascii=False))


def _sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login-username").fill(email)
    page.locator("#id_login-password").fill(password)
    page.locator("button[name=login_submit]").click()
    page.wait_for_load_state()


def _product_pk(shop) -> int:
    return (
        StockRecord.objects.filter(
            partner=shop.partner, product__is_public=True, price__isnull=False, num_in_stock__gt=3
        )
        .exclude(product__structure="parent")
        .order_by("pk")
        .values_list("product_id", flat=True)
        .first()
    )


@pytest.fixture(scope="module")
def walk(browser, e2e_server, e2e_email_dir, django_db_blocker) -> dict:
    """Visit every page once, as the people who meet it, and keep what each measured."""
    with django_db_blocker.unblock():
        shop = Shop.objects.get(partner__users__email=KEEPER[0])
        other = Shop.objects.get(partner__users__email=OTHER_KEEPER)
        products = [_product_pk(shop), _product_pk(other)]
    visits: dict[str, Visit] = {}

    def context():
        # Pages load at a phone's width (scripts that size things once, as select2, see what a phone shows).
        return browser.new_context(base_url=e2e_server, viewport=PHONE, locale="fr-FR")

    # A visitor: the public pages, then a shopkeeper's sign-up, steps 1 to 4.
    guest = context()
    page = guest.new_page()
    for name, path in [
        ("home", "/"),
        ("directory", "/boutiques/"),
        ("directory-map", "/boutiques/?view=map"),
        ("storefront", shop.get_absolute_url()),
        ("product", f"/catalogue/produit_{products[0]}/"),
        ("search", "/recherche/?q=pain"),
        ("cms-page", "/allo-cci/"),
        ("login", "/accounts/login/"),
        ("signup-landing", "/commercants/"),
        ("signup-step-1", "/commercants/inscription/etape-1/"),
    ]:
        page.goto(path)
        if name == "directory-map":
            page.locator(".leaflet-marker-icon").first.wait_for()
        _audit(page, name, visits)
    address = f"a11y-{uuid.uuid4().hex[:8]}@exemple.fr"
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Roux")
    page.get_by_label("Adresse email").fill(address)
    page.get_by_label("Téléphone").fill("06 11 22 33 44")
    page.locator("#id_password").fill("Accessible-pour-tous-38")
    page.get_by_label("Confirmation du mot de passe").fill("Accessible-pour-tous-38")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/etape-2/")
    _audit(page, "signup-step-2", visits)
    page.get_by_label("Numéro SIRET").fill(
        _siret("90013" + uuid.uuid4().hex[:3].translate(str.maketrans("abcdef", "123456")))
    )
    page.get_by_label("Nom de la boutique").fill("Librairie Inès")
    page.get_by_label("Catégorie").select_option(index=1)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/etape-3/")
    page.goto(_confirm_path(e2e_email_dir, address))
    page.get_by_role("link", name="Continuer mon inscription").click()
    page.wait_for_url("**/etape-3/")
    page.locator("#shop-map .leaflet-marker-icon").wait_for()
    _audit(page, "signup-step-3", visits)
    page.get_by_role("textbox", name="Adresse", exact=True).fill("12 rue de la République")
    page.get_by_label("Commune").fill("Vienne")
    page.get_by_label("Commune").dispatch_event("change")
    page.get_by_label("Présentation").fill("Livres neufs et d'occasion.")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url("**/etape-4/")
    _audit(page, "signup-step-4", visits)
    page.get_by_role("textbox", name="Lundi").fill("9h-12h, 14h-19h")
    page.get_by_label("J'accepte les conditions générales d'utilisation").check()
    page.get_by_role("button", name="Soumettre ma boutique").click()
    page.wait_for_url("**/merci/")
    _audit(page, "signup-done", visits)
    guest.close()

    # The shopper: a basket from two shops, the checkout, the orders.
    shopper = context()
    page = shopper.new_page()
    _sign_in(page, *SHOPPER)
    for pk in products:
        page.goto(f"/catalogue/produit_{pk}/")
        page.locator("#add_to_basket_form button[type=submit]").click()
        page.wait_for_load_state()
    page.goto("/basket/")
    _audit(page, "basket", visits)
    page.goto("/commande/")
    _audit(page, "checkout", visits)
    page.get_by_role("button", name="Confirmer la commande").click()
    page.wait_for_url("**/commande/confirmation/")
    _audit(page, "confirmation", visits)
    code = page.locator(".pickup-order", has_text=shop.name).locator(".pickup-code").inner_text().strip()
    page.goto("/commandes/")
    _audit(page, "order-list", visits)
    page.locator(".order-row__link").first.click()
    page.wait_for_load_state()
    _audit(page, "order-page", visits)
    shopper.close()

    # The shopkeeper: dashboard, "Ma boutique", the pickup board and the counter, a product.
    keeper = context()
    page = keeper.new_page()
    _sign_in(page, *KEEPER)
    for name, path in [
        ("keeper-dashboard-home", "/dashboard/"),
        ("my-shop", "/dashboard/ma-boutique/"),
        ("my-shop-profile", "/dashboard/ma-boutique/profil/"),
        ("my-shop-hours", "/dashboard/ma-boutique/horaires/"),
        ("my-shop-closures", "/dashboard/ma-boutique/fermetures/"),
        ("my-shop-pickup", "/dashboard/ma-boutique/retrait/"),
        ("my-shop-team", "/dashboard/ma-boutique/equipe/"),
        ("pickup-board", "/dashboard/ma-boutique/commandes/"),
        ("prep-list", "/dashboard/ma-boutique/commandes/preparation/"),
        ("handover", "/dashboard/ma-boutique/commandes/remise/"),
    ]:
        page.goto(path)
        _audit(page, name, visits)
    page.locator("input.handover-code").fill(code)
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_load_state()
    _audit(page, "handover-found", visits)
    page.goto("/dashboard/catalogue/")
    _audit(page, "product-list", visits)
    page.goto(f"/dashboard/catalogue/products/{products[0]}/")
    _audit(page, "product-form", visits)
    keeper.close()

    # The CCI's staff: their dashboard and the review of the shop signed up above.
    staff = context()
    page = staff.new_page()
    _sign_in(page, *STAFF)
    page.goto("/dashboard/")
    _audit(page, "staff-dashboard-home", visits)
    page.goto("/dashboard/boutiques/")
    _audit(page, "review-queue", visits)
    page.goto("/dashboard/boutiques/toutes/")
    _audit(page, "review-list", visits)
    page.get_by_role("link", name="Librairie Inès").first.click()
    page.wait_for_load_state()
    _audit(page, "review-detail", visits)
    staff.close()
    _write_report(visits)
    return visits


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(walk, name):
    assert walk[name].status == 200, f"/{walk[name].path} answered {walk[name].status}"
    found = blocking(walk[name].violations)
    assert not found, f"/{walk[name].path}: axe-core finds\n{describe_violations(found)}"


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_375_px_screen(walk, name):
    assert walk[name].overflow == 0, f"/{walk[name].path} is {walk[name].overflow} px wider than a 375 px screen"


@pytest.mark.parametrize("name", [name for name, public in PAGES.items() if public])
def test_public_page_targets_are_44_px(walk, name):
    assert not walk[name].small, f"/{walk[name].path}: targets under 44 px:\n" + "\n".join(walk[name].small)


def _tab_until(page, wanted, limit: int = 120) -> list[dict]:
    """Press Tab until the focused element matches the CSS selector `wanted`; each stop as it showed."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_SHOWN_JS)
        if stop is None:
            continue
        stops.append(stop)
        if page.evaluate("sel => document.activeElement.matches(sel)", wanted):
            return stops
    raise AssertionError(f"{wanted} is not reached with {limit} presses of Tab; focus went through {stops}")


def _unseen(stops: list[dict]) -> list[dict]:
    return [stop for stop in stops if not stop["shown"]]


def test_a_shopper_orders_with_the_keyboard_alone(browser, e2e_server, django_db_blocker):
    with django_db_blocker.unblock():
        shop = Shop.objects.get(partner__users__email=OTHER_KEEPER)
    context = browser.new_context(base_url=e2e_server, viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.goto(shop.get_absolute_url())

    # The first Tab shows the skip link; Enter on it takes the next Tab into the page's content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")

    # Into the basket from the storefront's first product card, with Enter.
    stops = _tab_until(page, ".product-card form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[data-basket-count]").first.inner_text().strip() == "1"

    page.goto("/basket/")
    stops += _tab_until(page, "a[href='/commande/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/commande/")

    # The checkout: contact details typed, the next slot chosen with an arrow key, confirmed with Enter.
    for selector, text in [
        ("#id_email", "clavier@exemple.fr"),
        ("#id_phone", "06 12 34 56 78"),
        ("#id_name", "Clavier Seul"),
    ]:
        stops += _tab_until(page, selector)
        page.keyboard.type(text)
    stops += _tab_until(page, f"#boutique-{shop.pk} input[type=radio]:checked")
    first = page.evaluate("document.activeElement.value")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.checked && document.activeElement.value") not in (False, first)
    stops += _tab_until(page, "button[type=submit].btn-primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/commande/confirmation/")
    assert page.locator(".pickup-code").count() == 1
    context.close()

    # Every stop on the way showed where the focus was.
    assert not _unseen(stops), f"focus not visible on {_unseen(stops)}"
