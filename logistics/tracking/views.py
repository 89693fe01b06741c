"""The carriers' webhook, and the shopper's tracking pages."""

import logging

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.csrf import csrf_exempt
from oscar.core.loading import get_model

from logistics.tracking.base import PushError
from logistics.tracking.forms import TrackingLookupForm
from logistics.tracking.registry import adapter_get
from logistics.tracking.selectors import (
    customer_tracking_order_get,
    guest_tracking_order_get,
    order_shipment_list,
    order_time_zone,
)
from logistics.tracking.services import tracking_push_record

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")


@method_decorator(csrf_exempt, name="dispatch")
class CarrierWebhookView(generic.View):
    """Take a carrier's pushed tracking update.

    403 without the carrier's secret or signature, 400 for a body not in its
    format, 404 for a carrier that pushes nothing; otherwise 200, also for
    numbers of no parcel here (logged), which the carrier need not resend.
    """

    http_method_names = ("post",)

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        adapter = adapter_get(code)
        if adapter is None:
            raise Http404
        try:
            pushed = adapter.push_parse(request)
        except PushError as exc:
            logger.warning("Push of %s refused: %r", code, exc)
            return JsonResponse({"error": type(exc).__name__}, status=exc.status)
        result = tracking_push_record(carrier_code=code, pushed=pushed)
        return JsonResponse({"stored": result.stored, "unknown": result.unknown})


def _tracking_page(request: HttpRequest, order: "Order", **context) -> HttpResponse:
    return render(
        request,
        "logistics/tracking/order_tracking.html",
        {
            "order": order,
            "shipments": order_shipment_list(order=order),
            "time_zone": order_time_zone(order=order),
            **context,
        },
    )


class OrderTrackingView(LoginRequiredMixin, generic.View):
    """The parcels of one of the shopper's orders, each with its events."""

    def get(self, request: HttpRequest, order_number: str) -> HttpResponse:
        try:
            order = customer_tracking_order_get(user=request.user, number=order_number)
        except Order.DoesNotExist as exc:
            raise Http404 from exc
        return _tracking_page(request, order)


class TrackingLookupView(generic.View):
    """A guest finds their parcels by order number and email address.

    A wrong number and a wrong address get the same answer, so the form
    tells nobody which orders exist.
    """

    template_name = "logistics/tracking/lookup.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": TrackingLookupForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TrackingLookupForm(request.POST)
        if form.is_valid():
            try:
                order = guest_tracking_order_get(
                    number=form.cleaned_data["number"],
                    email=form.cleaned_data["email"],
                )
            except Order.DoesNotExist:
                form.add_error(
                    None,
                    _(
                        "No order has this number and email address. Check both "
                        "as they are in your order confirmation."
                    ),
                )
            else:
                return _tracking_page(request, order, guest=True)
        return render(request, self.template_name, {"form": form}, status=200)
