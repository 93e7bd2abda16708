from django.urls import path

from . import directory, storefront

# The namespace of the pages' first home (the shops app), kept so every {% url 'shops:…' %} still works.
app_name = "shops"
urlpatterns = [
    path("", directory.directory, name="directory"),
    path("<slug:slug>/", storefront.storefront, name="storefront"),
]
