"""The sitemap section of the editorial pages: every live, public page of the visitor's site."""

from wagtail.models import Site

from kernel.sitemaps import RequestSitemap


class PageSitemap(RequestSitemap):
    def items(self):
        site = Site.find_for_request(self.request) or Site.objects.select_related("root_page").get(is_default_site=True)
        return site.root_page.get_descendants(inclusive=True).live().public().order_by("path").defer_streamfields()

    def location(self, page):
        return page.get_url(request=self.request)

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at
