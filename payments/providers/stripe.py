"""Cards through Stripe Checkout: the shopper pays on Stripe's own page, so card
data never reaches this site (PCI DSS SAQ A).

Speaks Stripe's API through the official `stripe` library, at
settings.STRIPE_API_BASE (Stripe itself, or a local server that answers in
its format). Amounts cross this boundary in the currency's minor units
(kopecks, cents, whole won), and nowhere else.
"""

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import stripe
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from catalog.pricing import minor_unit
from payments.models import SourceStatus
from payments.providers.base import (
    Checkout,
    Notification,
    NotificationError,
    NotificationSignatureError,
    PaymentProvider,
    PaymentState,
    ProviderError,
    origin,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from payments.models import Source

# The events that may change a checkout's payment; any other is stored and
# needs nothing done.
CHECKOUT_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
        "checkout.session.expired",
    }
)
# Stripe Checkout keeps a session open between 30 minutes and 24 hours.
SESSION_LIFETIME_MIN = timedelta(minutes=31)
SESSION_LIFETIME_MAX = timedelta(hours=23)
STRIPE_CHECKOUT = "https://checkout.stripe.com"
# The languages of Stripe's page that the site's languages map to.
CHECKOUT_LOCALES = {"ru": "ru", "ko": "ko", "en": "en"}


def to_minor(amount: Decimal, currency: str) -> int:
    """Return `amount` in the currency's minor units (Stripe's integer amounts)."""
    units = amount / minor_unit(currency)
    if units != units.to_integral_value():
        raise ValueError(f"{amount} {currency} is finer than the currency's minor unit")
    return int(units)


def from_minor(units: int, currency: str) -> Decimal:
    return Decimal(units) * minor_unit(currency)


class StripeProvider(PaymentProvider):
    code = "stripe"
    name = _("Card")
    description = _(
        "Pay by card on Stripe's secure page. Your card details never reach us."
    )

    def is_configured(self) -> bool:
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)

    def checkout_origins(self) -> list[str]:
        # Stripe's Checkout pages, or the local stand-in's, which serves them
        # where it serves the API.
        base = settings.STRIPE_API_BASE
        return [STRIPE_CHECKOUT if base == stripe.DEFAULT_API_BASE else origin(base)]

    def _client(self) -> stripe.StripeClient:
        base = settings.STRIPE_API_BASE
        return stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            base_addresses={"api": base, "connect": base, "files": base},
            http_client=stripe.RequestsClient(
                timeout=settings.MARKETPLACE_PAYMENT_TIMEOUT
            ),
            # Stripe's own retries reuse the idempotency key of the call.
            max_network_retries=2,
        )

    def checkout_start(
        self, *, source: "Source", return_url: str, cancel_url: str
    ) -> Checkout:
        order = source.order
        currency = source.currency
        placed = order.date_placed or timezone.now()
        expires_at = min(
            max(
                placed + timedelta(seconds=settings.MARKETPLACE_PAYMENT_WINDOW),
                timezone.now() + SESSION_LIFETIME_MIN,
            ),
            timezone.now() + SESSION_LIFETIME_MAX,
        )
        with override(order.language):
            title = gettext("Order %(number)s") % {"number": order.number}
        metadata = {"order_number": order.number, "source": str(source.pk)}
        params: dict[str, Any] = {
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {
                        "currency": currency.lower(),
                        "unit_amount": to_minor(source.amount_allocated, currency),
                        "product_data": {"name": title},
                    },
                    "quantity": 1,
                }
            ],
            "client_reference_id": order.number,
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "success_url": return_url,
            "cancel_url": cancel_url,
            "expires_at": int(expires_at.timestamp()),
            "locale": CHECKOUT_LOCALES.get(order.language, "auto"),
        }
        if order.email:
            params["customer_email"] = order.email
        try:
            session = self._client().v1.checkout.sessions.create(
                params=params, options={"idempotency_key": source.idempotency_key}
            )
        except stripe.StripeError as error:
            raise ProviderError(str(error)) from error
        return Checkout(reference=session.id, redirect_url=session.url)

    def payment_get(self, *, reference: str) -> PaymentState:
        try:
            session = self._client().v1.checkout.sessions.retrieve(reference)
        except stripe.StripeError as error:
            raise ProviderError(str(error)) from error
        return self._state(session)

    def payments_recent(self, *, since: datetime) -> Iterator[PaymentState]:
        try:
            sessions = self._client().v1.checkout.sessions.list(
                params={"created": {"gte": int(since.timestamp())}, "limit": 100}
            )
            for session in sessions.auto_paging_iter():
                yield self._state(session)
        except stripe.StripeError as error:
            raise ProviderError(str(error)) from error

    def checkout_cancel(self, *, reference: str) -> None:
        try:
            self._client().v1.checkout.sessions.expire(reference)
        except stripe.InvalidRequestError:
            pass  # no longer open: paid or expired, which payment_get tells
        except stripe.StripeError as error:
            raise ProviderError(str(error)) from error

    def refund(
        self,
        *,
        source: "Source",
        amount: Decimal,
        idempotency_key: str,
        refund: Any = None,
    ) -> str:
        try:
            created = self._client().v1.refunds.create(
                params={
                    "payment_intent": source.payment_id,
                    "amount": to_minor(amount, source.currency),
                    "metadata": {"order_number": source.order.number},
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as error:
            raise ProviderError(str(error)) from error
        return created.id

    def notification_read(self, request: "HttpRequest") -> Notification:
        """Verify the event's signature on the raw body, as Stripe's library does."""
        try:
            event = stripe.Webhook.construct_event(
                request.body,
                request.headers.get("Stripe-Signature", ""),
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=stripe.Webhook.DEFAULT_TOLERANCE,
            )
        except stripe.SignatureVerificationError as error:
            raise NotificationSignatureError(str(error)) from error
        except ValueError as error:
            raise NotificationError(str(error)) from error
        payload = event.to_dict()
        try:
            event_type = payload["type"]
            reference = (
                payload["data"]["object"]["id"] if event_type in CHECKOUT_EVENTS else ""
            )
        except (KeyError, TypeError) as error:
            raise NotificationError("not a Stripe event") from error
        return Notification(
            event_id=event.id, type=event_type, reference=reference, payload=payload
        )

    @staticmethod
    def _state(session: Any) -> PaymentState:
        currency = (session.currency or "").upper()
        if session.payment_status in ("paid", "no_payment_required"):
            status = SourceStatus.PAID
            amount = from_minor(session.amount_total or 0, currency)
        else:
            status = (
                SourceStatus.FAILED
                if session.status == "expired"
                else SourceStatus.PENDING
            )
            amount = Decimal(0)
        metadata = session.metadata.to_dict() if session.metadata else {}
        payment_intent = session.payment_intent
        return PaymentState(
            reference=session.id,
            status=status,
            amount=amount,
            currency=currency,
            order_number=metadata.get("order_number")
            or session.client_reference_id
            or "",
            payment_id=getattr(payment_intent, "id", payment_intent) or "",
        )
