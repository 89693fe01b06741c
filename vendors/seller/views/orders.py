"""The vendor's orders: its own lines of each order, never another vendor's."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from oscar.core.loading import get_model

from vendors.selectors import seller_order_get, seller_order_list
from vendors.seller.mixins import SellerMixin

Order = get_model("order", "Order")


class SellerOrderListView(SellerMixin, ListView):
    """Orders with the vendor's lines, newest first, grouped by order."""

    template_name = "vendors/seller/order_list.html"
    context_object_name = "orders"
    paginate_by = 20
    section = "orders"

    def get_queryset(self):
        return seller_order_list(vendor=self.vendor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Orders")
        return context


class SellerOrderDetailView(SellerMixin, DetailView):
    """One order: the vendor's lines and where to send them."""

    template_name = "vendors/seller/order_detail.html"
    context_object_name = "order"
    section = "orders"

    def get_object(self, queryset=None) -> "Order":
        try:
            return seller_order_get(vendor=self.vendor, number=self.kwargs["number"])
        except Order.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Order #%(number)s") % {"number": self.object.number}
        return context
