from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from shops.dashboard.access import user_has_shop

# Where a shopper lands after signing in: their account, as Oscar does.
SHOPPER_LANDING = "customer:summary"


@login_required
def login_landing(request):
    """Where signing in leads (settings.LOGIN_REDIRECT_URL) when no safe ?next= says otherwise.

    Shopkeepers and the CCI staff come to work: their dashboard (which tells a shopkeeper still waiting
    for the CCI where their shop stands); shoppers go to their account.
    """
    user = request.user
    if user.is_staff or user_has_shop(user):
        return redirect("dashboard:index")
    return redirect(SHOPPER_LANDING)
