from django.urls import path

from . import hotline, queue

app_name = "pure-support"
urlpatterns = [
    path("rappels/", queue.queue, name="queue"),
    path("rappels/<int:pk>/", queue.detail, name="detail"),
    path("rappels/<int:pk>/attribuer/", queue.assign, name="assign"),
    path("rappels/<int:pk>/statut/", queue.status, name="status"),
    path("rappels/<int:pk>/note/", queue.note, name="note"),
    path("allo-cci/", hotline.hotline_edit, name="hotline"),
    path("allo-cci/fermetures/<int:pk>/supprimer/", hotline.hotline_closure_delete, name="hotline-closure-delete"),
]
