from django.urls import path

from . import callback, checklist, equipment, views

app_name = "pure"
urlpatterns = [
    path("", views.index, name="index"),
    path("rappel/", callback.callback, name="callback"),
    path("rappel/envoyee/", callback.callback_sent, name="callback-sent"),
    path("check-list/<slug:slug>/", checklist.checklist, name="checklist"),
    path("check-list/<slug:slug>/diagnostic/<int:pk>/", checklist.diagnosis, name="diagnosis"),
    path("check-list/<slug:slug>/diagnostic/<int:pk>/pdf/", checklist.diagnosis_pdf, name="diagnosis-pdf"),
    path("check-list/<slug:slug>/diagnostic.pdf", checklist.diagnosis_pdf_posted, name="diagnosis-pdf-posted"),
    path("entreprise/", equipment.business_account, name="business-account"),
    path("equipements/", equipment.equipment, name="equipment"),
    path("equipements/factures/<str:number>.pdf", equipment.invoice, name="invoice"),
]
