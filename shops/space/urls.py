from django.urls import path

from . import catalogue_file, products, views

app_name = "my-shop"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("profil/", views.ProfileView.as_view(), name="profile"),
    path("horaires/", views.HoursView.as_view(), name="hours"),
    path("fermetures/", views.ClosureListView.as_view(), name="closures"),
    path("fermetures/<int:pk>/supprimer/", views.ClosureDeleteView.as_view(), name="closure-delete"),
    path("retrait/", views.PickupView.as_view(), name="pickup"),
    path("equipe/", views.TeamView.as_view(), name="team"),
    path("equipe/<int:user_id>/retirer/", views.TeamRemoveView.as_view(), name="team-remove"),
    path("equipe/invitations/<int:pk>/annuler/", views.InvitationCancelView.as_view(), name="invitation-cancel"),
    path("produits/", products.ProductListView.as_view(), name="products"),
    path("produits/ajout-rapide/", products.QuickAddView.as_view(), name="product-quick-add"),
    path("produits/nouveau/", products.ProductFormView.as_view(), name="product-create"),
    path("produits/<int:pk>/", products.ProductFormView.as_view(), name="product-update"),
    path("produits/<int:pk>/ligne/", products.ProductInlineView.as_view(), name="product-inline"),
    path("produits/actions/", products.ProductBulkView.as_view(), name="product-bulk"),
    path("produits/export.csv", catalogue_file.CatalogueExportView.as_view(), name="catalogue-export"),
    path("produits/import/", catalogue_file.CatalogueImportView.as_view(), name="catalogue-import"),
    path(
        "produits/import/confirmer/",
        catalogue_file.CatalogueImportConfirmView.as_view(),
        name="catalogue-import-confirm",
    ),
    path(
        "produits/import/progression/<str:token>/",
        catalogue_file.CatalogueImportProgressView.as_view(),
        name="catalogue-import-progress",
    ),
    # Public: the invited person may not have an account yet; the signed token names the shop.
    path("invitation/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation-accept"),
]
