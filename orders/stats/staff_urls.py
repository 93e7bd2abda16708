from django.urls import path

from . import staff

app_name = "staff-stats"
urlpatterns = [
    path("", staff.revenue, name="revenue"),
    path("activite.csv", staff.revenue_csv, name="revenue-csv"),
    path("sans-commande/", staff.dormant, name="dormant"),
    path("sans-commande.csv", staff.dormant_csv, name="dormant-csv"),
    path("inscriptions/", staff.funnel, name="funnel"),
    path("inscriptions.csv", staff.funnel_csv, name="funnel-csv"),
    path("boutiques/<int:pk>/", staff.shop_stats, name="shop"),
    path("boutiques/<int:pk>/commandes.csv", staff.shop_orders, name="shop-orders-csv"),
]
