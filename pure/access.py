"""Who may enter PURE's staff screens, and the dashboard menu's access rule that knows them.

PURE's screens in Oscar's dashboard are for the CCI's support cell only: active staff whose group grants
PURE's permissions (the "Équipe CCI" group, pure/migrations/0002). Shops knows nothing of PURE, so the
menu's access function is this one: PURE's entries here, every other entry as shops decides.
"""

from shops.access import dashboard_access_fn as shops_dashboard_access_fn

SUPPORT_PREFIX = "pure-support:"


def user_is_pure_adviser(user) -> bool:
    """An adviser of the CCI's support cell: sees the call-back queue, the hotline and the checklists' results."""
    return bool(
        user.is_authenticated and user.is_active and user.is_staff and user.has_perm("pure.change_callbackrequest")
    )


def dashboard_access_fn(user, url_name, url_args=None, url_kwargs=None) -> bool:
    if url_name and url_name.startswith(SUPPORT_PREFIX):
        return user_is_pure_adviser(user)
    return shops_dashboard_access_fn(user, url_name, url_args, url_kwargs)
