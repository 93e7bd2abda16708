from django.urls import path

from . import views

app_name = "pickup-board"
urlpatterns = [
    path("", views.BoardView.as_view(), name="index"),
    path("preparation/", views.PrepListView.as_view(), name="prep-list"),
    path("remise/", views.HandoverView.as_view(), name="handover"),
    path("remise/<str:number>/", views.HandoverCollectView.as_view(), name="handover-collect"),
    path("<str:number>/accepter/", views.AcceptView.as_view(), name="accept"),
    path("<str:number>/refuser/", views.RefuseView.as_view(), name="refuse"),
    path("<str:number>/prete/", views.ReadyView.as_view(), name="ready"),
    path("<str:number>/annuler/", views.CancelView.as_view(), name="cancel"),
]
