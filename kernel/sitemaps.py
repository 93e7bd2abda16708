"""The base of the site's sitemaps: addresses on the host the crawler asked for (ALLOWED_HOSTS checked it),
not on the contrib.sites domain Oscar keeps."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite


class RequestSitemap(Sitemap):
    # The protocol's limit per file; larger sections are split into numbered files by the index.
    limit = 50_000

    def __init__(self, request):
        self.request = request

    def get_urls(self, page=1, site=None, protocol=None):
        return super().get_urls(page=page, site=RequestSite(self.request), protocol=protocol or self.request.scheme)
