"""The sitemap section of the editorial pages: every live, public page of the visitor's site, and each
published English version at its own address (?lang=en-gb), the versions of a page naming each other
(`xhtml:link rel="alternate" hreflang`), as search engines ask."""

from wagtail.models import Page, Site

from kernel.sitemaps import RequestSitemap

from .translation import default_language, language_address


class PageSitemap(RequestSitemap):
    def items(self):
        site = Site.find_for_request(self.request) or Site.objects.select_related("root_page").get(is_default_site=True)
        french = list(
            site.root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .select_related("locale")
        )
        versions = (
            Page.objects.live()
            .public()
            .filter(translation_key__in=[page.translation_key for page in french], alias_of__isnull=True)
            .exclude(locale__language_code=default_language())
            .order_by("path")
            .defer_streamfields()
            .select_related("locale")
        )
        self._versions: dict = {}
        for page in [*french, *versions]:
            self._versions.setdefault(page.translation_key, []).append(page)
        return [*french, *versions]

    def location(self, page):
        return language_address(page.get_url(request=self.request), page.locale.language_code)

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            versions = self._versions.get(url["item"].translation_key, [])
            if len(versions) < 2:
                continue
            # Each version lists every version, itself included; the French one is also x-default.
            root = self.request.build_absolute_uri("/")[:-1]
            url["alternates"] = [
                {"lang_code": version.locale.language_code, "location": root + self.location(version)}
                for version in versions
            ]
            french = next((v for v in versions if v.locale.language_code == default_language()), None)
            if french is not None:
                url["alternates"].append({"lang_code": "x-default", "location": root + self.location(french)})
        return urls
