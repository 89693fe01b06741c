import oscar.apps.customer.apps as apps
from django.contrib.auth.decorators import login_required
from django.urls import path
from oscar.core.loading import get_class


class CustomerConfig(apps.CustomerConfig):
    name = "orders.customer"

    def ready(self):
        super().ready()
        self.order_invoice_view = get_class("customer.views", "OrderInvoiceView")
        self.order_part_cancel_view = get_class("customer.views", "OrderPartCancelView")
        # Returns live in their own package of the orders app.
        from orders.returns import views as return_views

        self.order_part_return_view = return_views.ReturnRequestCreateView
        self.order_return_dispute_view = return_views.ReturnRequestDisputeView

    def get_urls(self):
        return [
            path(
                "orders/<str:order_number>/invoice/",
                login_required(self.order_invoice_view.as_view()),
                name="order-invoice",
            ),
            path(
                "orders/<str:order_number>/parts/<int:part_id>/cancel/",
                self.order_part_cancel_view.as_view(),
                name="order-part-cancel",
            ),
            path(
                "orders/<str:order_number>/parts/<int:part_id>/return/",
                self.order_part_return_view.as_view(),
                name="order-part-return",
            ),
            path(
                "orders/<str:order_number>/returns/<int:pk>/dispute/",
                self.order_return_dispute_view.as_view(),
                name="order-return-dispute",
            ),
            *super().get_urls(),
        ]
