from django.urls import path

from . import business, views

app_name = "shop-review"
urlpatterns = [
    path("", views.queue, name="index"),
    path("toutes/", views.shop_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/valider/", views.approve, name="approve"),
    path("<int:pk>/refuser/", views.reject, name="reject"),
    path("<int:pk>/suspendre/", views.suspend, name="suspend"),
    path("<int:pk>/retablir/", views.reinstate, name="reinstate"),
    path("<int:pk>/canal-entreprises/", business.shop_business_only, name="business-only"),
    path("<int:pk>/plafonds/", business.shop_cap, name="business-cap"),
    path("entreprises/", business.account_queue, name="business-accounts"),
    path("entreprises/<int:pk>/valider/", business.account_approve, name="business-approve"),
    path("entreprises/<int:pk>/refuser/", business.account_reject, name="business-reject"),
]
