"""The vendor's balance in the seller dashboard, under /<lang>/seller/balance/."""

from django.urls import path

from payments.ledger import views
from payments.ledger.exports import CSV, XLSX

app_name = "seller_ledger"

urlpatterns = [
    path("", views.SellerBalanceView.as_view(), name="balance"),
    path(
        "statement.csv",
        views.SellerStatementDownloadView.as_view(file_format=CSV),
        name="statement-csv",
    ),
    path(
        "statement.xlsx",
        views.SellerStatementDownloadView.as_view(file_format=XLSX),
        name="statement-xlsx",
    ),
]
