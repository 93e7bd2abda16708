from django.urls import path

from . import views

app_name = "my-data"
urlpatterns = [
    path("", views.my_data, name="index"),
    path("mes-donnees.json", views.my_data_json, name="json"),
    path("mes-donnees.csv", views.my_data_csv, name="csv"),
]
