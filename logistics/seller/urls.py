"""Shipping in the seller dashboard, under /<language>/seller/orders/."""

from django.urls import path

from logistics.seller import views

app_name = "seller_shipping"

urlpatterns = [
    path("<str:number>/ship/", views.SellerOrderShipView.as_view(), name="ship"),
]
