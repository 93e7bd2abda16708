from django.urls import path

from . import views

app_name = "pickup-checkout"

urlpatterns = [
    path("", views.CheckoutView.as_view(), name="start"),
    path("confirmation/", views.ConfirmationView.as_view(), name="confirmation"),
]
