from django.urls import path

from . import views

app_name = "signup"
urlpatterns = [
    path("", views.index, name="index"),
    path("inscription/", views.start, name="start"),
    path("inscription/etape-<int:step>/", views.step, name="step"),
    path("inscription/merci/", views.done, name="done"),
    path("confirmer/renvoyer/", views.resend_email, name="resend-email"),
    path("confirmer/<str:token>/", views.confirm_email, name="confirm-email"),
]
