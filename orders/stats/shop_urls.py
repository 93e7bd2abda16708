from django.urls import path

from . import shop

app_name = "shop-stats"
urlpatterns = [
    path("", shop.ShopStatsView.as_view(), name="index"),
    path("commandes.csv", shop.ShopOrdersCsvView.as_view(), name="orders-csv"),
]
