from django.urls import path

from . import views

app_name = "barometer"
urlpatterns = [path("", views.index, name="index")]
