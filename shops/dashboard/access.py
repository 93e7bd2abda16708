"""Who sees which entry of the dashboard menu (OSCAR_DASHBOARD_DEFAULT_ACCESS_FUNCTION)."""

from oscar.apps.dashboard.nav import default_access_fn


def user_is_shop_reviewer(user) -> bool:
    """CCI staff who validate, reject and suspend shops."""
    return user.is_active and user.is_staff and user.has_perm("shops.change_shop")


def user_has_shop(user) -> bool:
    """A shopkeeper: a user of at least one shop's partner."""
    return user.is_active and user.is_authenticated and user.partners.filter(shop__isnull=False).exists()


def dashboard_access_fn(user, url_name, url_args=None, url_kwargs=None) -> bool:
    if url_name and url_name.startswith("shop-review:"):
        return user_is_shop_reviewer(user)
    if url_name and url_name.startswith("my-shop:"):
        return user_has_shop(user)
    if url_name and url_name.startswith("pickup-board:"):
        return user_has_shop(user)
    return default_access_fn(user, url_name, url_args, url_kwargs)
