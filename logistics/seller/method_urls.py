"""The vendor's shipping methods, under /<lang>/seller/shipping/."""

from django.urls import path

from logistics.seller import views

app_name = "seller_shipping_methods"

urlpatterns = [
    path("", views.SellerShippingMethodListView.as_view(), name="list"),
]
