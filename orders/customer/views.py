"""Customer account pages of our own, beside Oscar's."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_model

Order = get_model("order", "Order")
PageTitleMixin = get_class("customer.mixins", "PageTitleMixin")


class OrderInvoiceView(PageTitleMixin, generic.DetailView):
    """A printable invoice of one of the customer's orders, with VAT per rate."""

    template_name = "oscar/customer/order/order_invoice.html"
    context_object_name = "order"
    active_tab = "orders"
    page_title = _("Invoice")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Order._default_manager.select_related(
                "market", "shipping_address__country"
            ).prefetch_related("lines"),
            user=self.request.user,
            number=self.kwargs["order_number"],
        )
