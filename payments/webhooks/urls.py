from django.urls import path

from . import views

app_name = "stripe-webhooks"
urlpatterns = [
    path("webhook/", views.platform_webhook, name="platform"),
    path("webhook/connect/", views.connect_webhook, name="connect"),
]
