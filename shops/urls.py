from django.urls import path

from . import views

app_name = "shops"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<slug:slug>/", views.storefront, name="storefront"),
]
