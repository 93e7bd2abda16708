from django.urls import path

from . import views

app_name = "surveys-staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("adherents/import/", views.members_upload, name="members-import"),
    path("adherents/echecs/", views.bounces, name="bounces"),
    path("vagues/<int:pk>/", views.wave_detail, name="wave"),
    path("vagues/<int:pk>/envoyer/", views.wave_send, name="wave-send"),
    path("envois/<int:pk>/", views.mailing, name="mailing"),
]
