"""PURE's landing page: "Allo CCI", the call-back, the checklists."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..models import Checklist
from ..selectors.hotline import hotline_now


@require_safe
def index(request):
    checklists = Checklist.objects.filter(live=True).only("title", "slug")
    return render(request, "pure/index.html", {"hotline": hotline_now(), "checklists": checklists})
