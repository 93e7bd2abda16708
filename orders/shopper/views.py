"""The shopper's orders (in progress)."""

from django.http import Http404
from django.views import View


class TrackView(View):
    def get(self, request, token):
        raise Http404
