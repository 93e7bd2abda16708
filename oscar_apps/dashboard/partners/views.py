from django.http import HttpResponseNotAllowed
from oscar.apps.dashboard.partners import views as oscar_views


class PartnerUserLinkView(oscar_views.PartnerUserLinkView):
    """Oscar's view, POST only.

    Oscar links a user to a partner on GET (for its "undo" link): a link sent to a staff
    member would hand a shop's dashboard to whoever chose the user id.
    """

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])
