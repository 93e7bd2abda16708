"""The CCI's decisions on a shop: approve, reject, suspend, reinstate.

Each decision locks the shop's row, checks the shop is still in the state the reviewer saw, changes
its status, writes one audit-trail entry and, once committed, emails the shopkeeper. Two reviewers
clicking at once therefore produce one decision: the second one finds the status already changed.
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.accounts.groups import SHOPKEEPERS
from kernel.emails import email_send
from shops.access import user_is_shop_reviewer
from shops.models import Shop, ShopDecision
from shops.validators import validate_clean_text

REASON_MAX_LENGTH = 2000
# The sign-up wizard's entry point, where a refused shopkeeper corrects their details and resubmits.
# Written out rather than reversed: the wizard's URLs belong to the sign-up module.
RESUBMIT_PATH = "/commercants/inscription/"

Status = Shop.Status
Action = ShopDecision.Action

# action → (statuses it may start from, status it leads to, refusal shown when the shop is elsewhere)
_TRANSITIONS = {
    Action.APPROVED: (
        {Status.PENDING},
        Status.APPROVED,
        _("Seule une boutique en attente de validation peut être validée ; celle-ci est « %(status)s »."),
    ),
    Action.REJECTED: (
        {Status.PENDING},
        Status.REJECTED,
        _("Seule une boutique en attente de validation peut être refusée ; celle-ci est « %(status)s »."),
    ),
    Action.SUSPENDED: (
        {Status.APPROVED},
        Status.SUSPENDED,
        _("Seule une boutique validée peut être suspendue ; celle-ci est « %(status)s »."),
    ),
    Action.REINSTATED: (
        {Status.SUSPENDED},
        Status.APPROVED,
        _("Seule une boutique suspendue peut être rétablie ; celle-ci est « %(status)s »."),
    ),
}

_EMAIL_TEMPLATES = {
    Action.APPROVED: "shop_approved",
    Action.REJECTED: "shop_rejected",
    Action.SUSPENDED: "shop_suspended",
    Action.REINSTATED: "shop_reinstated",
}


@transaction.atomic
def shop_approve(*, shop: Shop, actor) -> Shop:
    """Approve a pending shop: public from now on, its people get the shopkeepers' dashboard."""
    locked = _decide(shop=shop, actor=actor, action=Action.APPROVED, reason="")
    _shopkeepers_grant(shop=locked)
    return locked


@transaction.atomic
def shop_reject(*, shop: Shop, actor, reason: str) -> Shop:
    """Refuse a pending shop with a reason the shopkeeper reads; it stays off the public site."""
    return _decide(shop=shop, actor=actor, action=Action.REJECTED, reason=_reason_clean(reason, required=True))


@transaction.atomic
def shop_suspend(*, shop: Shop, actor, reason: str) -> Shop:
    """Suspend an approved shop: it leaves the directory, its storefront and the catalogue; its orders stay."""
    return _decide(shop=shop, actor=actor, action=Action.SUSPENDED, reason=_reason_clean(reason, required=True))


@transaction.atomic
def shop_reinstate(*, shop: Shop, actor, reason: str = "") -> Shop:
    """Put a suspended shop back online; the reason is optional."""
    locked = _decide(shop=shop, actor=actor, action=Action.REINSTATED, reason=_reason_clean(reason, required=False))
    # Idempotent, and repairs the access of a colleague added to the shop after its first approval.
    _shopkeepers_grant(shop=locked)
    return locked


def _reason_clean(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError(_("Indiquez le motif : le commerçant le recevra par email."), code="reason_required")
    validate_clean_text(reason, max_length=REASON_MAX_LENGTH)
    return reason


def _decide(*, shop: Shop, actor, action: str, reason: str) -> Shop:
    # The views check this too; checked again here so no other caller can decide for the CCI.
    if actor is None or not user_is_shop_reviewer(actor):
        raise PermissionDenied
    sources, target, refusal = _TRANSITIONS[action]
    # Re-read under the lock: the caller's copy may predate another reviewer's decision.
    locked = Shop.objects.select_for_update().get(pk=shop.pk)
    if locked.status not in sources:
        raise ValidationError(refusal, code="invalid_transition", params={"status": Status(locked.status).label})
    locked.status = target
    update_fields = ["status", "updated_at"]
    if action == Action.APPROVED:
        locked.approved_at = timezone.now()
        update_fields.append("approved_at")
    locked.save(update_fields=update_fields)
    ShopDecision.objects.create(shop=locked, action=action, actor=actor, reason=reason)
    _decision_email_queue(shop=locked, action=action, reason=reason)
    return locked


def _shopkeepers_grant(*, shop: Shop) -> None:
    group = Group.objects.get(name=SHOPKEEPERS)
    group.user_set.add(*shop.partner.users.all())


def _decision_email_queue(*, shop: Shop, action: str, reason: str) -> None:
    owner = shop.owner
    recipients = [owner.email] if owner is not None and owner.email else []
    if shop.email and shop.email.casefold() not in {email.casefold() for email in recipients}:
        recipients.append(shop.email)
    if not recipients:
        return
    context = {
        "shop_name": shop.name,
        "first_name": owner.first_name if owner is not None else "",
        "reason": reason,
        "storefront_path": reverse("shops:storefront", kwargs={"slug": shop.slug}),
        "dashboard_path": reverse("dashboard:index"),
        "resubmit_path": RESUBMIT_PATH,
    }
    # After commit only: a decision rolled back must not have been announced. robust=True keeps a mail
    # server failure from turning a recorded decision into an error page; it is logged instead.
    transaction.on_commit(
        partial(email_send, to=recipients, template=_EMAIL_TEMPLATES[action], context=context), robust=True
    )
