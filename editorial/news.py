"""The CCI's news: one index (paginated, by category or tag, with its RSS and Atom feeds) and articles."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import article_blocks
from .page_base import EditorialPage, english_panel

NEWS_PER_PAGE = 9


class NewsCategory(models.Model):
    """A rubric of the news (Vie des commerces, Aides et démarches…), managed as a snippet."""

    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("rubrique d'actualités")
        verbose_name_plural = _("rubriques d'actualités")

    def __str__(self):
        return self.name


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("editorial.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsIndexPage(RoutablePageMixin, EditorialPage):
    """The list of articles, newest first; ?rubrique=<slug> and ?tag=<slug> narrow it; flux/ and atom/."""

    intro = models.CharField(_("chapeau"), max_length=400, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), english_panel("title_en")]
    subpage_types = ["editorial.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des actualités")

    def french_index(self):
        """The French index whose articles this one lists: itself, or the source of this English version
        (the articles are the French ones, each read in English where translated)."""
        if not self.english_version:
            return self
        from wagtail.models import Locale

        from .translation import default_language

        return self.get_translation_or_none(Locale.objects.get(language_code=default_language())) or self

    @path("")
    def index_route(self, request):
        from .selectors import news_in_visitor_language, news_list

        category = request.GET.get("rubrique", "")[:80]
        tag = request.GET.get("tag", "")[:100]
        # get_page: a page number out of range or not a number shows the last or first page.
        page_obj = Paginator(news_list(index=self.french_index(), category=category, tag=tag), NEWS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context = {
            "page_obj": page_obj,
            "articles": news_in_visitor_language(list(page_obj.object_list)),
            "categories": NewsCategory.objects.all(),
            "category": category,
            "tag": tag,
        }
        return self.render(request, context_overrides=context)

    @path("flux/", name="rss")
    def rss_route(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed(index=self)(request)

    @path("atom/", name="atom")
    def atom_route(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(index=self)(request)


class NewsPage(EditorialPage):
    """A news article: its date, a summary for lists and feeds, a picture and its body."""

    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.CharField(_("résumé"), max_length=300, blank=True, help_text=_("Pour les listes et le flux."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(article_blocks(), blank=True, verbose_name=_("contenu"))
    categories = ParentalManyToManyField(NewsCategory, blank=True, related_name="+", verbose_name=_("rubriques"))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("mots-clés"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("categories"), FieldPanel("tags")], heading=_("Classement")),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        english_panel("title_en"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["editorial.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article d'actualité")

    def structured_data(self, request) -> list[dict]:
        article = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "datePublished": self.date.isoformat(),
            "description": self.search_description or self.summary,
            "publisher": {"@type": "Organization", "name": "CCI Nord-Isère"},
        }
        if self.last_published_at:
            article["dateModified"] = self.last_published_at.isoformat()
        return [article]
