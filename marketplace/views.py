from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 when the app can reach its database; load balancers poll this."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


def _sitemaps(request) -> dict:
    from editorial.sitemaps import PageSitemap
    from shops.sitemaps import ProductSitemap, ShopSitemap

    return {"pages": PageSitemap(request), "boutiques": ShopSitemap(request), "produits": ProductSitemap(request)}


@require_GET
def sitemap_index(request):
    """/sitemap.xml: the index of the sections (pages, shops, products), each split in files of 50,000.

    Its addresses are on the host asked for, like the sections' (Django's own index would use the
    contrib.sites domain)."""
    from django.contrib.sitemaps.views import SitemapIndexItem
    from django.template.response import TemplateResponse
    from django.urls import reverse

    items = []
    for section, sitemap in _sitemaps(request).items():
        url = request.build_absolute_uri(reverse("sitemap-section", kwargs={"section": section}))
        items += [
            SitemapIndexItem(url if page == 1 else f"{url}?p={page}", None) for page in sitemap.paginator.page_range
        ]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")


@require_GET
def sitemap_section(request, section):
    from django.contrib.sitemaps import views as sitemap_views

    return sitemap_views.sitemap(request, _sitemaps(request), section=section)


# What crawlers may visit: the public site, not a shopper's or a staff member's pages. Search results
# stay crawlable so that their own `noindex` is seen.
ROBOTS_DISALLOWED = [
    ("basket:summary", {}),
    ("pickup-checkout:start", {}),
    ("orders:list", {}),
    ("customer:summary", {}),
    ("dashboard:index", {}),
    ("wagtailadmin_home", {}),
    ("admin:index", {}),
]


@require_GET
def robots_txt(request):
    """/robots.txt: the public site allowed, the basket, checkout, accounts and back offices not, the sitemap named."""
    from django.urls import reverse

    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {reverse(name, kwargs=kwargs)}" for name, kwargs in ROBOTS_DISALLOWED]
    lines += ["Disallow: /checkout/", "", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
