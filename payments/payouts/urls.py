"""The vendor's payouts in the seller dashboard, under /<lang>/seller/payouts/."""

from django.urls import path

from payments.payouts import views

app_name = "seller_payouts"

urlpatterns = [
    path("", views.SellerPayoutListView.as_view(), name="list"),
    path("request/", views.SellerPayoutRequestView.as_view(), name="request"),
]
