"""The shopper's way to the provider's payment page and back, and the
providers' notifications."""

import logging

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from orders.models import OrderStatus
from payments.exceptions import PaymentNotAwaitedError
from payments.models import SourceStatus
from payments.providers.base import NotificationError, ProviderError
from payments.providers.registry import provider_get
from payments.services import (
    ADVANCE,
    checkout_sync,
    order_payment_start,
    provider_event_record,
)

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")


def checkout_order_get(request: HttpRequest) -> "Order":
    """Return the order this browser just placed, as Oscar's thank-you page finds it."""
    order_id = request.session.get("checkout_order_id")
    order = Order._default_manager.filter(pk=order_id).select_related("market").first()
    if order is None:
        raise Http404
    return order


def form_action_allow(response: HttpResponse, providers) -> HttpResponse:
    """Let the page's forms be redirected to the providers' payment pages.

    The Content-Security-Policy's form-action covers the redirects a form's
    answer makes too, so "place order" and "pay" would stop at 'self'.
    """
    origins = sorted({each for p in providers for each in p.checkout_origins()})
    if origins:
        response._csp_update = {"form-action": origins}
    return response


def order_payment_redirect(request: HttpRequest, order: "Order") -> HttpResponse:
    """Send the shopper to pay the order at its provider, or back to the pay
    page with the reason when the provider cannot be reached."""
    try:
        url = order_payment_start(
            order_id=order.pk,
            return_url=request.build_absolute_uri(reverse("payments:return")),
            cancel_url=request.build_absolute_uri(reverse("payments:order-pay")),
        )
    except PaymentNotAwaitedError:
        return redirect("payments:order-pay")
    except ProviderError as error:
        logger.warning("Order %s: the payment could not start: %s", order.number, error)
        messages.error(
            request,
            _(
                "The payment service did not answer, and nothing was charged. "
                "Please try again in a moment."
            ),
        )
        return redirect("payments:order-pay")
    return HttpResponseRedirect(url)


class OrderPayView(TemplateView):
    """The order placed in this browser, waiting for its payment: pay it, or
    see that it is paid or was given up. The provider's "back" link lands here."""

    template_name = "payments/order_pay.html"

    def get(self, request, *args, **kwargs):
        self.order = checkout_order_get(request)
        if self.order.status not in (
            OrderStatus.AWAITING_PAYMENT,
            OrderStatus.CANCELLED,
        ):
            return redirect("checkout:thank-you")
        codes = self.order.sources.values_list("source_type__code", flat=True)
        providers = [provider_get(code) for code in set(codes)]
        return form_action_allow(
            super().get(request, *args, **kwargs), filter(None, providers)
        )

    def post(self, request, *args, **kwargs):
        return order_payment_redirect(request, checkout_order_get(request))

    def get_context_data(self, **kwargs):
        return super().get_context_data(order=self.order, **kwargs)


class PaymentReturnView(TemplateView):
    """Where the provider sends the shopper back after paying.

    What the return URL says is ignored (it can be changed by anyone): the
    order's payment is read from the provider, and applied as a notification
    would be. Until the provider confirms it, the page says so and looks
    again by itself.
    """

    template_name = "payments/order_pay.html"

    def get(self, request, *args, **kwargs):
        order = checkout_order_get(request)
        source = (
            order.sources.filter(source_type__code__in=ADVANCE)
            .exclude(reference="")
            .select_related("source_type")
            .order_by("pk")
            .last()
        )
        if source is not None and source.status == SourceStatus.PENDING:
            try:
                checkout_sync(
                    provider_code=source.source_type.code, reference=source.reference
                )
            except ProviderError as error:
                logger.warning("Order %s: payment not read: %s", order.number, error)
        # Read again: a worker may have completed it meanwhile.
        order.refresh_from_db()
        if order.status != OrderStatus.AWAITING_PAYMENT:
            return redirect("payments:order-pay")
        return self.render_to_response(
            self.get_context_data(order=order, confirming=True)
        )


@method_decorator(csrf_exempt, name="dispatch")
class ProviderWebhookView(View):
    """A payment provider's notifications: verified, stored once, answered at once.

    403 when the signature is wrong, 400 when the body is not the provider's
    format, 200 when stored (or stored before); a worker acts on it.
    """

    http_method_names = ("post",)

    def post(self, request, provider):
        payment_provider = provider_get(provider)
        if payment_provider is None or not payment_provider.pays_in_advance:
            raise Http404
        try:
            notification = payment_provider.notification_read(request)
        except NotificationError as error:
            logger.warning("%s notification refused: %s", provider, error)
            return HttpResponse(status=error.status)
        provider_event_record(provider_code=provider, notification=notification)
        return HttpResponse(status=200)
