"""The seller dashboard's URLs, under /<language>/seller/."""

from django.urls import path

from vendors.seller.views import bulk, figures, products, team

urlpatterns = [
    path("", products.SellerProductListView.as_view(), name="seller-product-list"),
    path(
        "products/new/",
        products.SellerProductFormView.as_view(),
        name="seller-product-create",
    ),
    path(
        "products/<int:pk>/",
        products.SellerProductFormView.as_view(),
        name="seller-product-edit",
    ),
    path(
        "products/<int:pk>/publish/",
        products.SellerProductPublishView.as_view(),
        name="seller-product-publish",
    ),
    path("bulk/", bulk.SellerBulkView.as_view(), name="seller-bulk"),
    path(
        "bulk/uploads/<int:pk>/",
        bulk.SellerUploadDetailView.as_view(),
        name="seller-upload-detail",
    ),
    path(
        "bulk/uploads/<int:pk>/status/",
        bulk.SellerUploadStatusView.as_view(),
        name="seller-upload-status",
    ),
    path(
        "bulk/catalogue.csv",
        bulk.SellerCatalogueDownloadView.as_view(kind="catalogue", file_format="csv"),
        name="seller-catalogue-csv",
    ),
    path(
        "bulk/catalogue.xlsx",
        bulk.SellerCatalogueDownloadView.as_view(kind="catalogue", file_format="xlsx"),
        name="seller-catalogue-xlsx",
    ),
    path(
        "bulk/template.csv",
        bulk.SellerCatalogueDownloadView.as_view(kind="template", file_format="csv"),
        name="seller-template-csv",
    ),
    path(
        "bulk/template.xlsx",
        bulk.SellerCatalogueDownloadView.as_view(kind="template", file_format="xlsx"),
        name="seller-template-xlsx",
    ),
    path("figures/", figures.SellerFiguresView.as_view(), name="seller-figures"),
    path("team/", team.SellerTeamView.as_view(), name="seller-team"),
    path(
        "team/invitations/<int:pk>/withdraw/",
        team.SellerInvitationWithdrawView.as_view(),
        name="seller-invitation-withdraw",
    ),
    path(
        "team/members/<int:pk>/remove/",
        team.SellerMemberRemoveView.as_view(),
        name="seller-member-remove",
    ),
    path(
        "join/<str:token>/",
        team.SellerInvitationAcceptView.as_view(),
        name="seller-join",
    ),
]
