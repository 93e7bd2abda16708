from django.urls import path

from . import checklists, hotline, queue

app_name = "pure-support"
urlpatterns = [
    path("rappels/", queue.queue, name="queue"),
    path("rappels/<int:pk>/", queue.detail, name="detail"),
    path("rappels/<int:pk>/attribuer/", queue.assign, name="assign"),
    path("rappels/<int:pk>/statut/", queue.status, name="status"),
    path("rappels/<int:pk>/note/", queue.note, name="note"),
    path("check-lists/", checklists.checklist_list, name="checklists"),
    path("check-lists/<int:pk>/", checklists.checklist_results_view, name="checklist-results"),
    path("check-lists/<int:pk>/resultats.csv", checklists.checklist_results_csv, name="checklist-csv"),
    path("allo-cci/", hotline.hotline_edit, name="hotline"),
    path("allo-cci/fermetures/<int:pk>/supprimer/", hotline.hotline_closure_delete, name="hotline-closure-delete"),
]
