"""The catalogue as a file in "Ma boutique": CSV export, and the import in two steps — a preview of every
row (nothing written), then the import itself, all or nothing, with its progress."""

import secrets

import tablib
from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from kernel.spreadsheets import csv_response
from shops.catalogue_csv import HEADERS, MAX_FILE_BYTES, MAX_ROWS, catalogue_file_read
from shops.services.catalogue_file import catalogue_import, catalogue_import_preview, catalogue_rows_export
from shops.space.products import ProductSpaceMixin

# The previewed file waits this long for its confirmation (in the cache: Redis when several servers run).
PENDING_SECONDS = 3600


class CatalogueFileForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": _("Choisissez un fichier CSV.")},
    )


def _pending_key(shop, token: str) -> str:
    return f"catalogue-import:{shop.pk}:{token}"


def _progress_key(shop, token: str) -> str:
    return f"catalogue-import-progress:{shop.pk}:{token}"


class CatalogueExportView(ProductSpaceMixin, View):
    def get(self, request, *args, **kwargs):
        return csv_response(
            filename=f"catalogue-{self.shop.slug}.csv", header=HEADERS, rows=catalogue_rows_export(shop=self.shop)
        )


class CatalogueImportView(ProductSpaceMixin, TemplateView):
    """Step 1: the file, read and previewed row by row; nothing is written."""

    template_name = "shops/dashboard/space/products/import.html"
    title = _("Importer un fichier de produits")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CatalogueFileForm())
        context.update(headers=HEADERS, max_rows=MAX_ROWS, max_bytes=MAX_FILE_BYTES)
        return context

    def post(self, request, *args, **kwargs):
        form = CatalogueFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            dataset = catalogue_file_read(uploaded=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        report = catalogue_import_preview(shop=self.shop, dataset=dataset)
        token = ""
        if report.ok:
            token = secrets.token_urlsafe(16)
            cache.set(_pending_key(self.shop, token), dataset.export("csv"), PENDING_SECONDS)
        status = 200 if report.ok else 400
        return self.render_to_response(self.get_context_data(form=form, report=report, token=token), status=status)


class CatalogueImportConfirmView(CatalogueImportView):
    """Step 2: the previewed file imported, all or nothing."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        token = request.POST.get("token", "")[:64]
        text = cache.get(_pending_key(self.shop, token)) if token else None
        if text is None:
            messages.error(request, _("Cet aperçu a expiré : envoyez le fichier à nouveau. Rien n'a été importé."))
            return redirect("my-shop:catalogue-import")
        dataset = tablib.Dataset().load(text, format="csv")
        progress_key = _progress_key(self.shop, token)

        def progress(done: int, total: int) -> None:
            cache.set(progress_key, {"done": done, "total": total}, PENDING_SECONDS)

        report = catalogue_import(shop=self.shop, dataset=dataset, progress=progress)
        cache.delete_many([_pending_key(self.shop, token), progress_key])
        if not report.ok:
            context = self.get_context_data(report=report, token="")
            return self.render_to_response(context, status=400)
        done = report.new + report.updated
        messages.success(
            request,
            ngettext("%(n)d produit importé", "%(n)d produits importés", done) % {"n": done}
            + " "
            + _("(%(new)d nouveaux, %(updated)d mis à jour, %(unchanged)d inchangés).")
            % {"new": report.new, "updated": report.updated, "unchanged": report.unchanged},
        )
        return redirect("my-shop:products")


class CatalogueImportProgressView(ProductSpaceMixin, View):
    """How far the import of this token has gone, for the progress bar."""

    def get(self, request, *args, **kwargs):
        state = cache.get(_progress_key(self.shop, kwargs["token"][:64])) or {"done": 0, "total": 0}
        return JsonResponse(state)
