from django.urls import path

from . import views

app_name = "shop-review"
urlpatterns = [
    path("", views.queue, name="index"),
    path("toutes/", views.shop_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/valider/", views.approve, name="approve"),
    path("<int:pk>/refuser/", views.reject, name="reject"),
    path("<int:pk>/suspendre/", views.suspend, name="suspend"),
    path("<int:pk>/retablir/", views.reinstate, name="reinstate"),
]
