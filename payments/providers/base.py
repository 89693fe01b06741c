"""What every payment provider offers: send the shopper to pay an order, read
a payment back, list recent payments, refund, and read a notification.

A provider speaks its own API (through its official client library) and
translates it into the values below; nothing here touches the database. The
services (payments.services) keep the order and its Source in step with what
the provider reports, re-reading the payment from the provider rather than
trusting what a notification or a return URL says.

To add a provider (Toss Payments in Korea, Kaspi in Kazakhstan): subclass
PaymentProvider, list it in payments.providers.registry.PROVIDERS, give it
its settings block in MARKETPLACE_PAYMENT_PROVIDERS, name the markets that
offer it in MARKETPLACE_MARKET_PAYMENT_PROVIDERS, and route its
notifications to `payments:webhook` with its code.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.http import HttpRequest

    from payments.models import Source


def origin(url: str) -> str:
    """Return the scheme, host and port of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class PaymentState:
    """A payment as its provider reports it now."""

    reference: str  # the provider's checkout: a Stripe Checkout Session's id
    status: str  # a payments.models.SourceStatus value
    amount: Decimal  # captured so far, in the currency's major unit
    currency: str  # ISO 4217, upper case
    order_number: str  # the order the checkout was started for
    payment_id: str = ""  # the captured payment (a PaymentIntent's id)


@dataclass(frozen=True)
class Checkout:
    """A started checkout: where the shopper goes to pay."""

    reference: str
    redirect_url: str


@dataclass(frozen=True)
class Notification:
    """One verified notification of a provider: which checkout it concerns."""

    event_id: str
    type: str
    reference: str  # the checkout to re-read; empty when it concerns none
    payload: dict[str, Any]


class ProviderError(Exception):
    """The provider could not be asked, or refused; safe to retry later."""


class NotificationError(Exception):
    """A notification is refused; `status` is the HTTP status to answer."""

    status = 400


class NotificationSignatureError(NotificationError):
    """The notification is not signed by the provider."""

    status = 403


class PaymentProvider(ABC):
    """A way to pay, configured from MARKETPLACE_PAYMENT_PROVIDERS[code]."""

    code: ClassVar[str]
    name: ClassVar[Promise]
    # What the payment step says about it to the shopper.
    description: ClassVar[Promise]
    # Paid in advance at the provider (the order waits for the payment), or
    # on delivery (the order goes to the vendors at once).
    pays_in_advance: ClassVar[bool] = True

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config

    def is_configured(self) -> bool:
        """Whether the provider has what it needs to take payments."""
        return True

    def checkout_origins(self) -> list[str]:
        """The origins of the provider's payment page, which the checkout's
        forms are redirected to (the Content-Security-Policy's form-action)."""
        return []

    @abstractmethod
    def checkout_start(
        self, *, source: "Source", return_url: str, cancel_url: str
    ) -> Checkout:
        """Start the shopper's payment of `source` (its order and amount).

        Asks the provider with `source.idempotency_key`, so asking again with
        the same source answers the same checkout. Raises ProviderError.
        """

    @abstractmethod
    def payment_get(self, *, reference: str) -> PaymentState:
        """Read a checkout's payment from the provider. Raises ProviderError."""

    @abstractmethod
    def payments_recent(self, *, since: datetime) -> Iterator[PaymentState]:
        """Yield the checkouts started since `since`. Raises ProviderError."""

    @abstractmethod
    def checkout_cancel(self, *, reference: str) -> None:
        """Close a checkout nobody paid, so that it can no longer be paid."""

    @abstractmethod
    def refund(
        self,
        *,
        source: "Source",
        amount: Decimal,
        idempotency_key: str,
        refund: Any = None,
    ) -> str:
        """Give `amount` of the source's payment back; return the refund's id.

        `refund` (a payments.refunds Refund) says which units and delivery
        are given back, for a provider whose receipts name them. Raises
        ProviderError.
        """

    @abstractmethod
    def notification_read(self, request: "HttpRequest") -> Notification:
        """Verify and read a notification the provider sent.

        Raises NotificationSignatureError or NotificationError.
        """
