"""Customer account pages of our own, beside Oscar's."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.customer import views as oscar_views
from oscar.core.loading import get_class, get_model

from orders.selectors import customer_order_get, customer_reviewed_product_ids

Order = get_model("order", "Order")
PageTitleMixin = get_class("customer.mixins", "PageTitleMixin")


class OrderDetailView(oscar_views.OrderDetailView):
    """Oscar's order page, the order shown part by part, one part per vendor."""

    def get_object(self, queryset=None):
        try:
            return customer_order_get(
                user=self.request.user, number=self.kwargs["order_number"]
            )
        except Order.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One query for every line, where Oscar's template tag asks per line.
        context["reviewed_product_ids"] = customer_reviewed_product_ids(
            user=self.request.user, order=self.object
        )
        return context


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
