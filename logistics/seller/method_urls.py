"""The vendor's shipping methods, under /<lang>/seller/shipping/."""

from django.urls import path

from logistics.seller import views

app_name = "seller_shipping_methods"

urlpatterns = [
    path("", views.SellerShippingMethodListView.as_view(), name="list"),
    path("new/", views.SellerShippingMethodFormView.as_view(), name="create"),
    path("<int:pk>/", views.SellerShippingMethodFormView.as_view(), name="edit"),
    path(
        "<int:pk>/activate/",
        views.SellerShippingMethodActivateView.as_view(),
        name="activate",
    ),
    path(
        "<int:pk>/delete/",
        views.SellerShippingMethodDeleteView.as_view(),
        name="delete",
    ),
]
