from django.urls import path

from . import views

app_name = "pickup-board"
urlpatterns = [
    path("", views.BoardView.as_view(), name="index"),
]
