"""Oscar's checkout views, delivering through each vendor's shipping methods and
paying through our payment services."""

from functools import cached_property

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout import views as oscar_views
from oscar.apps.checkout.views import *  # noqa: F403
from oscar.core.loading import get_class, get_model

from orders.models import OrderStatus
from orders.selectors import order_parts_prefetch
from payments.ledger.services import order_commissions_record
from payments.providers.registry import providers_for_market
from payments.services import payment_source_build
from payments.views import form_action_allow, order_payment_redirect

Repository = get_class("shipping.repository", "Repository")
FailedPreCondition = get_class("checkout.exceptions", "FailedPreCondition")
PaymentMethodForm = get_class("checkout.forms", "PaymentMethodForm")
VendorDeliveryForm = get_class("checkout.forms", "VendorDeliveryForm")
PickupPoint = get_model("shipping", "PickupPoint")

# How many pickup points of a city the list shows at most.
PICKUP_POINTS_SHOWN = 200


class ShippingAddressView(oscar_views.ShippingAddressView):
    """Oscar's shipping address step, limited to where the market ships."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "market": self.request.market}

    def get_available_addresses(self):
        return (
            super()
            .get_available_addresses()
            .filter(country__in=self.request.market.shipping_countries.all())
        )


class ShippingMethodView(oscar_views.ShippingMethodView):
    """The shopper picks how each vendor delivers its part, seeing its charge and
    window; a vendor that cannot deliver to the address is named with its
    lines, and the shopper cannot go on until they are removed or the address
    changed. With one way for each part there is nothing to choose: the step
    is skipped, as Oscar skips a single method, and the preview shows them."""

    form_class = VendorDeliveryForm

    def get(self, request, *args, **kwargs):
        if not request.basket.is_shipping_required():
            return super().get(request, *args, **kwargs)
        if not self.checkout_session.is_shipping_address_set():
            messages.error(request, _("Please choose a shipping address"))
            return redirect("checkout:shipping-address")
        delivery = self.delivery
        if delivery.is_ready and all(len(part.options) == 1 for part in delivery.parts):
            # Nothing to choose: the preview shows each part's charge and window.
            self.checkout_session.use_shipping_method(delivery.code)
            return self.get_success_response()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if not self.checkout_session.is_shipping_address_set():
            return redirect("checkout:shipping-address")
        return super(oscar_views.ShippingMethodView, self).post(
            request, *args, **kwargs
        )

    @cached_property
    def shipping_address(self):
        return self.get_shipping_address(self.request.basket)

    @cached_property
    def delivery(self):
        return Repository().vendors_delivery(
            self.request.basket, self.shipping_address, self.request
        )

    def pickup_points(self, city: str) -> list:
        carriers = {
            option.method.carrier_id
            for part in self.delivery.parts
            for option in part.options
            if option.is_pickup
        }
        if not carriers or not city:
            return []
        return list(
            PickupPoint._default_manager.filter(
                carrier_id__in=carriers,
                country_id=self.shipping_address.country_id,
                city__iexact=city,
                is_active=True,
            ).order_by("name", "pk")[:PICKUP_POINTS_SHOWN]
        )

    def get_form_kwargs(self):
        posted = self.request.method == "POST"
        # The city asked for now, else the one asked for before, else the address's.
        city = (
            (self.request.POST.get("city", "") if posted else "").strip()[:128]
            or self.checkout_session.pickup_city()
            or self.shipping_address.line4
        )
        return {
            "initial": {"city": city},
            "data": self.request.POST if posted else None,
            "parts": self.delivery.parts,
            "points": self.pickup_points(city),
        }

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        kwargs["cannot_ship"] = [p for p in self.delivery.parts if not p.can_ship]
        kwargs["shipping_method"] = self.delivery
        return super(oscar_views.ShippingMethodView, self).get_context_data(**kwargs)

    def form_valid(self, form):
        self.checkout_session.vendor_deliveries_set(form.choices())
        self.checkout_session.pickup_city_set(form.cleaned_data.get("city", ""))
        if self.request.POST.get("action") == "points":
            return redirect("checkout:shipping-method")
        # The choices are stored: quote again with them, as the next steps will.
        del self.delivery
        Repository.vendors_delivery_forget(self.request.basket)
        if not self.delivery.is_ready:
            return self.form_invalid(form)
        self.checkout_session.use_shipping_method(self.delivery.code)
        return self.get_success_response()

    def form_invalid(self, form):
        # The form says what is missing; Oscar's adds a vaguer message.
        return self.render_to_response(self.get_context_data(form=form))


class ThankYouView(oscar_views.ThankYouView):
    """Oscar's confirmation page; each vendor's part shows how it travels."""

    def get_object(self, queryset=None):
        order = super().get_object(queryset)
        if order is not None:
            order_parts_prefetch(order=order)
        return order


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    """The shopper picks a way to pay the market offers; the preview places the
    order.

    Cash on delivery places it for the vendors at once. A way paid in advance
    places it awaiting its payment, with its stock held, and sends the
    shopper to the provider's page (payments.views); the provider's answer
    completes it (payments.services). Oscar's own order is the other way
    round: it takes the money first and, if placing then fails, only logs.
    """

    @cached_property
    def payment_providers(self) -> list:
        return providers_for_market(self.request.market)

    @cached_property
    def payment_provider(self):
        chosen = self.checkout_session.payment_method()
        return next((p for p in self.payment_providers if p.code == chosen), None)

    def check_payment_data_is_captured(self, request):
        choosing = request.method == "POST" and "action" not in request.POST
        if self.payment_provider is None and not choosing:
            raise FailedPreCondition(
                url=reverse("checkout:payment-details"),
                message=_("Choose how to pay."),
            )

    def get_context_data(self, **kwargs):
        if "payment_form" not in kwargs:
            chosen = self.payment_provider or next(iter(self.payment_providers), None)
            kwargs["payment_form"] = PaymentMethodForm(
                providers=self.payment_providers,
                initial={"method": chosen.code if chosen else None},
            )
        kwargs["payment_provider"] = self.payment_provider
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **response_kwargs):
        # The preview's "place order" is answered with the provider's page.
        return form_action_allow(
            super().render_to_response(context, **response_kwargs),
            [self.payment_provider] if self.preview and self.payment_provider else [],
        )

    def handle_payment_details_submission(self, request):
        form = PaymentMethodForm(request.POST, providers=self.payment_providers)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        self.checkout_session.payment_method_set(form.cleaned_data["method"])
        return redirect("checkout:preview")

    def get_initial_order_status(self, basket):
        if self.payment_provider.pays_in_advance:
            return OrderStatus.AWAITING_PAYMENT
        return None

    def handle_payment(self, order_number, total, **kwargs):
        self.add_payment_source(
            payment_source_build(
                provider=self.payment_provider, total=total, order_number=order_number
            )
        )

    def place_order(self, *args, **kwargs):
        """Place the order, its addresses, its payment source and its lines'
        commissions (at today's rules) in one transaction."""
        with transaction.atomic():
            order = super().place_order(*args, **kwargs)
            order_commissions_record(order=order)
        return order

    def handle_successful_order(self, order):
        if order.status != OrderStatus.AWAITING_PAYMENT:
            return super().handle_successful_order(order)
        self.checkout_session.flush()
        self.request.session["checkout_order_id"] = order.id
        return order_payment_redirect(self.request, order)

    def send_order_placed_email(self, order):
        """Nothing to send here: placing the order wrote its confirmation to the
        outbox in the same transaction (orders.utils.OrderCreator), which a
        worker relays, so a process dying after the commit loses nothing."""
