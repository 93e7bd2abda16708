from django.urls import path

from . import holds, views

app_name = "pickup-checkout"

urlpatterns = [
    path("", views.CheckoutView.as_view(), name="start"),
    path("paiement/", holds.PaymentHoldView.as_view(), name="payment"),
    path("confirmation/", views.ConfirmationView.as_view(), name="confirmation"),
]
