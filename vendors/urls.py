from django.urls import include, path

from vendors import views

app_name = "vendors"

urlpatterns = [
    path("sell/", views.VendorCompanyView.as_view(), name="apply-company"),
    path("sell/numbers/", views.VendorNumbersView.as_view(), name="apply-numbers"),
    path(
        "sell/documents/", views.VendorDocumentsView.as_view(), name="apply-documents"
    ),
    path(
        "sell/documents/<int:pk>/delete/",
        views.VendorDocumentDeleteView.as_view(),
        name="apply-document-delete",
    ),
    path("sell/store/", views.VendorStoreView.as_view(), name="apply-store"),
    path(
        "sell/application/", views.VendorApplicationView.as_view(), name="application"
    ),
    path(
        "sell/documents/<int:pk>/file/",
        views.VendorDocumentDownloadView.as_view(),
        name="document-download",
    ),
    path("seller/", include("vendors.seller.urls")),
    # Store addresses may hold any letters (Cyrillic, Hangul), so not <slug:>.
    path("vendors/<str:slug>/", views.VendorDetailView.as_view(), name="vendor-detail"),
]
