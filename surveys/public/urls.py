from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("desinscription/<str:token>/", views.opt_out, name="opt-out"),
    path("<str:token>/", views.answer, name="answer"),
]
