"""The news feeds (RSS 2.0 and Atom 1.0) of a news index: its newest articles."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from .selectors import news_in_visitor_language, news_list
from .translation import language_address, visitor_language

FEED_ITEMS = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, *, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index.title} – En bas de ma rue"

    def link(self):
        # Absolute from the request: the contrib.sites domain Django's feeds would use is Oscar's, not ours.
        return self.request.build_absolute_uri(self.index.url)

    def description(self):
        return self.index.intro or self.index.title

    def items(self):
        # The French index's articles, each in English for an English reader where translated.
        return news_in_visitor_language(list(news_list(index=self.index.french_index())[:FEED_ITEMS]))

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        url = self.request.build_absolute_uri(item.url)
        # An English version's address says its language, for readers that keep no cookie.
        return language_address(url, visitor_language()) if item.english_version else url

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(8)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
