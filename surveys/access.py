"""Who may run the surveys' staff screens: CCI staff whose group grants the surveys' permissions.

Imports no model, so that the settings may name `dashboard_access_fn` in the dashboard's menu."""


def user_is_survey_staff(user) -> bool:
    """CCI staff who import the member list, send the waves and read the answers (surveys/migrations/0002)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm("surveys.add_mailing"))


def dashboard_access_fn(user, url_name, url_args=None, url_kwargs=None) -> bool:
    return user_is_survey_staff(user)
