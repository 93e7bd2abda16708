"""The door of every support-cell screen: advisers only (pure.access.user_is_pure_adviser).

Anonymous visitors go to the dashboard's login page, as everywhere in Oscar's dashboard; signed-in
people without the right get 403 on the lists (their addresses are in the menu's code) and 404 on
anything about one request, so that nobody outside the CCI can tell which request numbers exist.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.views.decorators.cache import never_cache

from ..access import user_is_pure_adviser


def advisers_only(*, about_one: bool = False, after_login: str | None = None):
    def decorator(view):
        @wraps(view)
        @never_cache
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(after_login or request.get_full_path(), reverse("dashboard:login"))
            if not user_is_pure_adviser(request.user):
                if about_one:
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator
