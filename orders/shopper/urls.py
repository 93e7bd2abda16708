from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("", views.OrderListView.as_view(), name="list"),
    # The signed link of the emails: the order page without an account.
    path("suivi/<str:token>/", views.OrderDetailView.as_view(via="token"), name="track"),
    path("suivi/<str:token>/annuler/", views.OrderCancelView.as_view(via="token"), name="track-cancel"),
    path("suivi/<str:token>/creneau/", views.OrderSlotView.as_view(via="token"), name="track-slot"),
    path("<str:number>/", views.OrderDetailView.as_view(), name="detail"),
    path("<str:number>/annuler/", views.OrderCancelView.as_view(), name="cancel"),
    path("<str:number>/creneau/", views.OrderSlotView.as_view(), name="slot"),
]
