from dataclasses import dataclass

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from .validators import validate_top_level_slug


class EditorialPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        try:
            validate_top_level_slug(slug=cleaned.get("slug", ""), parent=self.parent_page)
        except Exception as error:
            if hasattr(error, "message_dict"):
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
            else:
                raise
        return cleaned


class EditorialPage(Page):
    """Base of our page types: refuses slugs that belong to the application, and carries the page's
    English text beside its French one (fields ending in `_en`, shown on English pages when written)."""

    # The English twin of Wagtail's title: the footer and the page's heading read it on English pages.
    title_en = models.CharField(_("titre en anglais"), max_length=255, blank=True)

    base_form_class = EditorialPageForm

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.path else None
        validate_top_level_slug(slug=self.slug, parent=parent)


@dataclass(frozen=True)
class LocalizedText:
    """A page's text in the visitor's language, and the language it is really in (for a `lang` attribute)."""

    value: object
    lang: str
    # True when an English page shows the French text (no English written): the template marks it lang="fr".
    is_fallback: bool


def localized_field(page, field: str) -> LocalizedText:
    """A page's field in the visitor's language: its `_en` twin on an English page when the editor wrote
    one, else the French text (which the template then marks lang="fr")."""
    english = (get_language() or "").split("-")[0] == "en"
    if english:
        value = getattr(page, f"{field}_en", None)
        if value:
            return LocalizedText(value=value, lang="en", is_fallback=False)
    return LocalizedText(value=getattr(page, field), lang="fr", is_fallback=english)


def english_panel(*fields: str) -> MultiFieldPanel:
    """The page's English text, for visitors reading the site in English (blank: they read the French)."""
    return MultiFieldPanel(
        [FieldPanel(field) for field in fields],
        heading=_("En anglais (facultatif)"),
        classname="collapsed",
    )


def body_blocks():
    return [
        ("heading", blocks.CharBlock(form_classname="title", label=_("Intertitre"))),
        ("paragraph", blocks.RichTextBlock(label=_("Paragraphe"))),
        ("image", ImageBlock(label=_("Image"))),
        (
            "call_to_action",
            blocks.StructBlock(
                [
                    ("text", blocks.CharBlock(label=_("Texte"))),
                    ("url", blocks.CharBlock(label=_("Lien"))),
                ],
                label=_("Bouton"),
                template="blocks/call_to_action.html",
            ),
        ),
    ]


class HomePage(EditorialPage):
    """The site's front page: a welcome text and the shops of the territory."""

    intro = models.CharField(_("accroche"), max_length=240, blank=True)
    body = StreamField(body_blocks(), blank=True, verbose_name=_("contenu"))
    intro_en = models.CharField(_("accroche en anglais"), max_length=240, blank=True)
    body_en = StreamField(body_blocks(), blank=True, verbose_name=_("contenu en anglais"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        english_panel("title_en", "intro_en", "body_en"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        from shops.nearby import nearby_origin_from_request
        from shops.selectors.public import shop_list_near, shop_list_newest
        from shops.territory import TOWN_CHOICES

        context = super().get_context(request, *args, **kwargs)
        origin = nearby_origin_from_request(request)
        context["new_shops"] = shop_list_newest(limit=8)
        context["near"] = origin
        context["near_shops"] = shop_list_near(origin=origin.point, limit=8) if origin else []
        context["territory_towns"] = TOWN_CHOICES
        return context

    def serve(self, request, *args, **kwargs):
        from shops.nearby import nearby_remember

        response = super().serve(request, *args, **kwargs)
        # A town chosen here (?near=) is remembered, as in the directory.
        near = getattr(response, "context_data", {}).get("near")
        if request.GET.get("near") and near and near.town:
            nearby_remember(response, town=near.town)
        return response


class ContentPage(EditorialPage):
    """A page of text: news, guide, FAQ, legal notice."""

    intro = models.CharField(_("chapeau"), max_length=400, blank=True)
    body = StreamField(body_blocks(), blank=True, verbose_name=_("contenu"))
    intro_en = models.CharField(_("chapeau en anglais"), max_length=400, blank=True)
    body_en = StreamField(body_blocks(), blank=True, verbose_name=_("contenu en anglais"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        english_panel("title_en", "intro_en", "body_en"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("page de contenu")


class LegalPage(EditorialPage):
    """Legal notices, terms of use, privacy: linked from every page's footer."""

    body = RichTextField(_("texte"), blank=True)
    body_en = RichTextField(_("texte en anglais"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("body"), english_panel("title_en", "body_en")]

    class Meta:
        verbose_name = _("page légale")
