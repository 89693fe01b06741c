"""The shopper's payment pages, under the checkout."""

from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("pay/", views.OrderPayView.as_view(), name="order-pay"),
    path("paid/", views.PaymentReturnView.as_view(), name="return"),
]
