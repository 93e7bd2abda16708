from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, article_blocks, campaign_blocks, home_blocks
from .news import NewsCategory, NewsIndexPage, NewsPage, NewsPageTag
from .page_base import EditorialPage, EditorialPageForm, LocalizedText, english_panel, localized_field

__all__ = [
    "CampaignPage",
    "ContentPage",
    "EditorialPage",
    "EditorialPageForm",
    "FaqPage",
    "HomePage",
    "LegalPage",
    "LocalizedText",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "english_panel",
    "localized_field",
]


class HomePage(EditorialPage):
    """The site's front page, arranged by editors from sections (hero, shops near you, news…)."""

    intro = models.CharField(_("accroche"), max_length=240, blank=True)
    body = StreamField(home_blocks(), blank=True, verbose_name=_("contenu"))
    intro_en = models.CharField(_("accroche en anglais"), max_length=240, blank=True)
    # The English home's sections, arranged as the French ones (blank: English visitors get the French
    # sections, their editors' text marked lang="fr").
    body_en = StreamField(home_blocks(), blank=True, verbose_name=_("contenu en anglais"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        english_panel("title_en", "intro_en", "body_en"),
    ]
    english_twin_fields = ("body_en",)
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        from shops.nearby import nearby_origin_from_request

        context = super().get_context(request, *args, **kwargs)
        # The sections in the visitor's language: the English ones once written, else the French ones.
        sections = localized_field(self, "body")
        context["sections"] = sections
        # The visitor's place: the nearest shops here and in the editors' live shop lists.
        origin = nearby_origin_from_request(request)
        if any(block.block_type == "shops_near" for block in sections.value):
            from shops.selectors.public import shop_list_near
            from shops.territory import TOWN_CHOICES

            context["near"] = origin
            # Read only when the sections are rendered, not when they come from the cache (the template).
            context["near_shops"] = SimpleLazyObject(
                lambda: shop_list_near(origin=origin.point, limit=8) if origin else []
            )
            context["territory_towns"] = TOWN_CHOICES
        # What the cached sections (templates/editorial/home_page.html) vary on besides the page, the
        # public pages' version and the minute: the visitor's place.
        context["sections_place"] = origin
        return context

    def route(self, request, path_components):
        from .translation import route_in_visitor_language

        # The whole site routes from here: the English tree for an English reader where it holds a
        # published English version, else the French one (editorial.translation).
        return route_in_visitor_language(home=self, request=request, path_components=path_components)

    def serve(self, request, *args, **kwargs):
        from shops.nearby import nearby_remember

        response = super().serve(request, *args, **kwargs)
        # A town chosen here (?near=) is remembered, as in the directory.
        near = getattr(response, "context_data", {}).get("near")
        if request.GET.get("near") and near and near.town:
            nearby_remember(response, town=near.town)
        return response

    def structured_data(self, request) -> list[dict]:
        root = request.build_absolute_uri("/")
        return [
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": self.title,
                "url": root,
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": root + "recherche/?q={search_term_string}",
                    "query-input": "required name=search_term_string",
                },
            }
        ]


class ContentPage(EditorialPage):
    """A guide or a standard page (about, how it works…), with live marketplace blocks if wanted."""

    intro = models.CharField(_("chapeau"), max_length=400, blank=True)
    body = StreamField(article_blocks(), blank=True, verbose_name=_("contenu"))
    intro_en = models.CharField(_("chapeau en anglais"), max_length=400, blank=True)
    body_en = StreamField(article_blocks(), blank=True, verbose_name=_("contenu en anglais"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        english_panel("title_en", "intro_en", "body_en"),
    ]
    english_twin_fields = ("body_en",)
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("page de contenu")


class LegalPage(EditorialPage):
    """Legal notices, terms, privacy, accessibility statement: linked from every page's footer."""

    body = RichTextField(_("texte"), blank=True, features=RICH_TEXT_FEATURES)
    body_en = RichTextField(_("texte en anglais"), blank=True, features=RICH_TEXT_FEATURES)
    content_panels = [*Page.content_panels, FieldPanel("body"), english_panel("title_en", "body_en")]
    english_twin_fields = ("body_en",)
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("page légale")


class FaqQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Réponse"))

    class Meta:
        label = _("Question")
        icon = "help"


class FaqPage(EditorialPage):
    """Questions and answers, each folded (<details>), described to search engines as an FAQPage."""

    intro = models.CharField(_("chapeau"), max_length=400, blank=True)
    questions = StreamField([("question", FaqQuestionBlock())], blank=True, verbose_name=_("questions"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("questions"),
        english_panel("title_en"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("questions")]

    class Meta:
        verbose_name = _("foire aux questions")

    def structured_data(self, request) -> list[dict]:
        entities = [
            {
                "@type": "Question",
                "name": block.value["question"],
                "acceptedAnswer": {"@type": "Answer", "text": strip_tags(str(block.value["answer"])).strip()},
            }
            for block in self.questions
        ]
        if not entities:
            return []
        return [{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities}]


class CampaignPage(EditorialPage):
    """A campaign ("Noël dans ma rue"): a banner, then live shop and product blocks with some text."""

    intro = models.CharField(_("chapeau"), max_length=400, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image de bandeau"),
    )
    body = StreamField(campaign_blocks(), blank=True, verbose_name=_("contenu"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        english_panel("title_en"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("page de campagne")
