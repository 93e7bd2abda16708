from django.urls import path

from . import callback, checklist, views

app_name = "pure"
urlpatterns = [
    path("", views.index, name="index"),
    path("rappel/", callback.callback, name="callback"),
    path("rappel/envoyee/", callback.callback_sent, name="callback-sent"),
    path("check-list/<slug:slug>/", checklist.checklist, name="checklist"),
    path("check-list/<slug:slug>/diagnostic/<int:pk>/", checklist.diagnosis, name="diagnosis"),
]
