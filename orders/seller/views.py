"""The vendor's orders: its own part of each order, and the steps to fulfil it."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, View
from oscar.core.loading import get_model

from orders.exceptions import OrderError
from orders.selectors import (
    seller_order_part_get,
    seller_order_part_list,
    seller_order_part_row_get,
)
from orders.seller.forms import OrderPartTransitionForm
from orders.services import order_part_transition
from vendors.seller.mixins import SellerMixin

OrderPart = get_model("order", "OrderPart")


class SellerOrderPartMixin(SellerMixin):
    """The vendor's part of the order in the URL; another vendor's is not found."""

    def get_part(self) -> "OrderPart":
        """The part as its page shows it: lines, total, history, parcels."""
        try:
            return seller_order_part_get(
                vendor=self.vendor, number=self.kwargs["number"]
            )
        except OrderPart.DoesNotExist as exc:
            raise Http404 from exc

    def get_part_row(self) -> "OrderPart":
        """The part alone, for a step that changes it."""
        try:
            return seller_order_part_row_get(
                vendor=self.vendor, number=self.kwargs["number"]
            )
        except OrderPart.DoesNotExist as exc:
            raise Http404 from exc


class SellerOrderListView(SellerMixin, ListView):
    """The vendor's parts of orders, newest first."""

    template_name = "orders/seller/order_list.html"
    context_object_name = "parts"
    paginate_by = 20
    section = "orders"

    def get_queryset(self):
        return seller_order_part_list(vendor=self.vendor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Orders")
        return context


class SellerOrderDetailView(SellerOrderPartMixin, DetailView):
    """One order: the vendor's lines, where to send them, the next steps."""

    template_name = "orders/seller/order_detail.html"
    context_object_name = "part"
    section = "orders"

    def get_object(self, queryset=None) -> "OrderPart":
        return self.get_part()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Order #%(number)s") % {
            "number": self.object.order.number
        }
        context["order"] = self.object.order
        context.setdefault("form", OrderPartTransitionForm(part=self.object))
        return context


class SellerOrderPackingSlipView(SellerOrderDetailView):
    """A printable packing slip of the vendor's part."""

    template_name = "orders/seller/packing_slip.html"


class SellerOrderPartTransitionView(SellerOrderPartMixin, View):
    """Move the vendor's part one step: accept, pack, ship, deliver or cancel."""

    def post(self, request, number: str) -> HttpResponse:
        part = self.get_part_row()
        form = OrderPartTransitionForm(request.POST, part=part)
        if not form.is_valid():
            messages.error(request, _("This step is not possible for this order now."))
            return redirect("seller_orders:detail", number=number)
        try:
            part = order_part_transition(
                part_id=part.pk,
                to_status=form.cleaned_data["to_status"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except OrderError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Order #%(number)s is now “%(status)s”.")
                % {"number": number, "status": part.status_label},
            )
        return redirect("seller_orders:detail", number=number)
