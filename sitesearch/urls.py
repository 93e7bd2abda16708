from django.urls import path

from . import views

app_name = "sitesearch"
urlpatterns = [
    path("", views.results, name="results"),
    path("suggestions/", views.suggest, name="suggest"),
]
