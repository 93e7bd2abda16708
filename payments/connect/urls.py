from django.urls import path

from . import views

app_name = "shop-payment"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("connecter/", views.ConnectView.as_view(), name="connect"),
    path("retour/", views.ReturnView.as_view(), name="return"),
    path("relancer/", views.RefreshView.as_view(), name="refresh"),
]
