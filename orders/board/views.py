"""The shop's pickup board (in progress)."""

from django.http import Http404
from django.views import View


class BoardView(View):
    def get(self, request):
        raise Http404
