from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from oscar.core.loading import get_model

from logistics.forms import ShipmentForm, ShippingMethodForm, ShippingRateFormSet
from logistics.seller.selectors import (
    seller_shipping_method_get,
    seller_shipping_method_list,
    seller_unserved_market_list,
)
from logistics.seller.services import (
    ShippingMethodError,
    shipping_method_activate,
    shipping_method_delete,
    shipping_method_save,
)
from logistics.services import order_part_ship
from orders.exceptions import OrderError
from orders.seller.views import SellerOrderPartMixin
from vendors.seller.mixins import SellerMixin

Market = get_model("catalogue", "Market")
ShippingMethod = get_model("shipping", "ShippingMethod")


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
        context["methods"] = seller_shipping_method_list(vendor=self.vendor)
        context["unserved_markets"] = seller_unserved_market_list(vendor=self.vendor)
        context["markets"] = Market._default_manager.filter(is_active=True).order_by(
            "display_order", "code"
        )
        return context


class SellerShippingMethodMixin(SellerMixin):
    section = "shipping"

    def get_method(self) -> "ShippingMethod":
        try:
            return seller_shipping_method_get(vendor=self.vendor, pk=self.kwargs["pk"])
        except ShippingMethod.DoesNotExist as exc:
            raise Http404 from exc


class SellerShippingMethodFormView(SellerShippingMethodMixin, TemplateView):
    """Create or edit a shipping method with its weight bands, on one page."""

    template_name = "logistics/seller/method_form.html"

    def initial_market(self) -> str | None:
        """The market asked for (?market=KR), else the vendor's first market."""
        markets = Market._default_manager.filter(is_active=True).order_by(
            "display_order", "code"
        )
        asked = markets.filter(pk=self.request.GET.get("market", "")).first()
        if asked is not None:
            return asked.pk
        first = (
            markets.filter(stockrecords__partner=self.vendor).first() or markets.first()
        )
        return first.pk if first else None

    def build_forms(self, data=None) -> dict:
        if "pk" in self.kwargs:
            method = self.get_method()
            initial = {}
        else:
            method = ShippingMethod(partner=self.vendor)
            initial = {"market": self.initial_market()}
        form = ShippingMethodForm(data, instance=method, initial=initial)
        return {
            "method": method,
            "form": form,
            "rate_formset": ShippingRateFormSet(
                data,
                instance=method,
                prefix="rates",
                form_kwargs={"currency": form.currency},
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        method = context["method"]
        if method.pk:
            context["page_title"] = _("%(carrier)s: %(service)s") % {
                "carrier": method.carrier.name,
                "service": method.service,
            }
        else:
            context["page_title"] = _("New shipping method")
        return context

    def get(self, request, *args, **kwargs) -> HttpResponse:
        return self.render_to_response(self.get_context_data(**self.build_forms()))

    def post(self, request, *args, **kwargs) -> HttpResponse:
        forms = self.build_forms(request.POST)
        # Both are validated, so the page shows all its errors at once.
        valid = [forms["form"].is_valid(), forms["rate_formset"].is_valid()]
        if not all(valid):
            return self.render_to_response(self.get_context_data(**forms))
        method = shipping_method_save(
            vendor=self.vendor,
            method=forms["form"].instance,
            countries=forms["form"].cleaned_data["countries"],
            rates=forms["rate_formset"].rates(),
        )
        messages.success(
            request,
            _("The shipping method %(carrier)s: %(service)s is saved.")
            % {"carrier": method.carrier.name, "service": method.service},
        )
        return redirect("seller_shipping_methods:list")


class SellerShippingMethodActivateView(SellerShippingMethodMixin, View):
    """Offer a method to shoppers again, or stop offering it."""

    def post(self, request, pk: int) -> HttpResponse:
        activate = request.POST.get("is_active") == "1"
        try:
            method = shipping_method_activate(
                vendor=self.vendor, pk=pk, is_active=activate
            )
        except ShippingMethod.DoesNotExist as exc:
            raise Http404 from exc
        if activate:
            message = _("Shoppers can choose %(carrier)s: %(service)s again.")
        else:
            message = _("Shoppers no longer see %(carrier)s: %(service)s.")
        messages.success(
            request,
            message % {"carrier": method.carrier.name, "service": method.service},
        )
        return redirect("seller_shipping_methods:list")


class SellerShippingMethodDeleteView(SellerShippingMethodMixin, TemplateView):
    """Ask, then delete a method no order was delivered with."""

    template_name = "logistics/seller/method_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["method"] = self.get_method()
        context["page_title"] = _("Delete a shipping method")
        return context

    def post(self, request, pk: int) -> HttpResponse:
        try:
            shipping_method_delete(vendor=self.vendor, pk=pk)
        except ShippingMethod.DoesNotExist as exc:
            raise Http404 from exc
        except ShippingMethodError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The shipping method is deleted."))
        return redirect("seller_shipping_methods:list")
