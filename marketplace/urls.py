from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path, reverse_lazy
from django.views.generic import RedirectView
from oscar.core.loading import get_class
from oscar.views.decorators import login_forbidden
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from kernel.accounts.throttle import password_reset_throttled
from shopping.product import ProductDetailView
from shops.access import login_landing

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The product page: approved shops only, bounded queries; it wins over Oscar's same route.
    re_path(r"^catalogue/(?P<product_slug>[\w-]*)_(?P<pk>\d+)/$", ProductDetailView.as_view(), name="product-detail"),
    path("boutiques/", include("shopping.urls")),
    path("commercants/", include("shops.signup.urls")),
    path("recherche/", include("sitesearch.urls")),
    path("commande/", include("orders.checkout.urls")),
    path("commandes/", include("orders.shopper.urls")),
    # Where signing in leads (LOGIN_REDIRECT_URL): the dashboard for shopkeepers and staff, the account for shoppers.
    path("accounts/bienvenue/", login_landing, name="login-landing"),
    # Oscar's order history knows nothing of pickups: the account's orders are "Mes commandes".
    re_path(r"^accounts/orders/$", RedirectView.as_view(pattern_name="orders:list")),
    re_path(r"^accounts/orders/(?P<number>[\w-]+)/$", RedirectView.as_view(pattern_name="orders:detail")),
    # RGPD (issue 18): the account's data and its deletion; Oscar's own deletion would take the orders'
    # customer with it, untouched, so its address leads to ours.
    path("accounts/mes-donnees/", include("orders.privacy.urls")),
    re_path(r"^accounts/profile/delete/$", RedirectView.as_view(pattern_name="my-data:index")),
    # Oscar's checkout (every step) would place an order without a pickup slot: all of it goes to ours.
    re_path(r"^checkout/", RedirectView.as_view(pattern_name="pickup-checkout:start")),
    path("pure/", include("pure.public.urls")),
    path("dashboard/pure/", include("pure.support.urls")),
    path("enquetes/", include("surveys.public.urls")),
    path("barometre/", include("barometer.urls")),
    path("dashboard/enquetes/", include("surveys.staff.urls")),
    path("dashboard/boutiques/", include("shops.review.urls")),
    path("dashboard/ma-boutique/commandes/", include("orders.board.urls")),
    # Statistics (issue 18): the shop's own, the CCI staff's of the whole marketplace.
    path("dashboard/ma-boutique/statistiques/", include("orders.stats.shop_urls")),
    path("dashboard/statistiques/", include("orders.stats.staff_urls")),
    path("dashboard/ma-boutique/paiement/", include("payments.connect.urls")),
    path("dashboard/ma-boutique/", include("shops.space.urls")),
    # Oscar's password reset, throttled per address and per email (kernel/accounts/throttle.py).
    path(
        "password-reset/",
        password_reset_throttled(
            login_forbidden(
                auth_views.PasswordResetView.as_view(
                    form_class=get_class("customer.forms", "PasswordResetForm"),
                    success_url=reverse_lazy("password-reset-done"),
                    template_name="oscar/registration/password_reset_form.html",
                )
            )
        ),
        name="password-reset",
    ),
    # Stripe's webhooks: the only views without CSRF protection (Stripe signs them instead).
    path("stripe/", include("payments.webhooks.urls")),
    # Oscar names its "" route "home" (a redirect to the catalogue); this one, placed
    # first, serves Wagtail's home page instead and keeps {% url 'home' %} working.
    path("", wagtail_views.serve, {"path": ""}, name="home"),
    path("", include(apps.get_app_config("oscar").urls[0])),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's catch-all comes last: every other route wins over a page slug.
urlpatterns += [path("", include(wagtail_urls))]

# Error pages in the site's layout (header, footer, language), not Django's bare ones.
handler403 = "oscar.views.handler403"
handler404 = "oscar.views.handler404"
handler500 = "oscar.views.handler500"
