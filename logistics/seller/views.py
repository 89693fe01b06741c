from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from logistics.forms import ShipmentForm
from logistics.services import order_part_ship
from orders.exceptions import OrderError
from orders.seller.views import SellerOrderPartMixin
from vendors.seller.mixins import SellerMixin


class SellerOrderShipView(SellerOrderPartMixin, View):
    """Ship the vendor's part: its carrier and tracking number, checked."""

    def post(self, request, number: str) -> HttpResponse:
        part = self.get_part_row()
        form = ShipmentForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("seller_orders:detail", number=number)
        try:
            shipment = order_part_ship(
                part_id=part.pk,
                carrier=form.cleaned_data["carrier"],
                tracking_number=form.cleaned_data["tracking_number"],
                actor=request.user,
            )
        except OrderError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Shipped with %(carrier)s, tracking number %(number)s")
                % {
                    "carrier": shipment.carrier.name,
                    "number": shipment.tracking_number,
                },
            )
        return redirect("seller_orders:detail", number=number)


class SellerShippingMethodListView(SellerMixin, TemplateView):
    """The vendor's shipping methods, grouped by market."""

    template_name = "logistics/seller/method_list.html"
    section = "shipping"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Shipping")
        return context
