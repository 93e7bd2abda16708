from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("suivi/<str:token>/", views.TrackView.as_view(), name="track"),
]
