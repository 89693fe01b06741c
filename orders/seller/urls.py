"""The vendor's orders in the seller dashboard, under /<language>/seller/orders/."""

from django.urls import path

from orders.seller import views

app_name = "seller_orders"

urlpatterns = [
    path("", views.SellerOrderListView.as_view(), name="list"),
    path("<str:number>/", views.SellerOrderDetailView.as_view(), name="detail"),
    path(
        "<str:number>/packing-slip/",
        views.SellerOrderPackingSlipView.as_view(),
        name="packing-slip",
    ),
    path(
        "<str:number>/status/",
        views.SellerOrderPartTransitionView.as_view(),
        name="transition",
    ),
]
