"""The vendor's returns in the seller dashboard, under /<language>/seller/returns/.

The shopper's return pages are the customer app's (orders.customer.apps).
"""

from django.urls import path

from orders.returns import views

app_name = "seller_returns"

urlpatterns = [
    path("", views.SellerReturnListView.as_view(), name="list"),
    path("window/", views.SellerReturnWindowView.as_view(), name="window"),
    path("<int:pk>/", views.SellerReturnDetailView.as_view(), name="detail"),
    path("<int:pk>/decision/", views.SellerReturnDecideView.as_view(), name="decide"),
]
