"""Bank cards, SBP and YooMoney through YooKassa (Russia): the shopper pays on
YooKassa's own page, so card data never reaches this site.

Speaks YooKassa's API v3 through the official `yookassa` library, at the
configured `api_url` (YooKassa itself, or payments.fakes.yookassa_server, which
answers in its format). Every payment carries its 54-FZ receipt: one item per
order line, sold by the marketplace as the agent of the line's vendor (whom the
receipt names as supplier, with its INN), and one item per vendor's delivery.

MARKETPLACE_PAYMENT_PROVIDERS["yookassa"]:

- `shop_id`, `secret_key`: the shop's credentials (HTTP Basic);
- `api_url`: https://api.yookassa.ru/v3 unless told otherwise;
- `notification_ips`: the networks notifications may come from, by default
  those YooKassa publishes (the library's SecurityHelper list);
- `vat_codes`: {VAT rate in per cent: YooKassa's vat_code}, over VAT_CODES;
- `agent_type`: the marketplace's role in selling the vendors' goods, by
  default "commissioner";
- `tax_system_code`: only for a shop registered with several tax systems.
"""

import ipaddress
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import ROUND_DOWN, Decimal
from functools import cached_property
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, TypeVar

import requests
from django.conf import settings
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from yookassa import Payment, Refund
from yookassa.client import ApiClient
from yookassa.domain.common import RequestObject, SecurityHelper, UserAgent
from yookassa.domain.exceptions import ApiError
from yookassa.domain.notification import (
    WebhookNotificationEventType,
    WebhookNotificationFactory,
)

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

API_URL = "https://api.yookassa.ru/v3"
# Where YooKassa's payment pages are.
CONFIRMATION_ORIGIN = "https://yoomoney.ru"

# YooKassa's payment statuses in ours. With capture=True a payment never waits
# for capture unless the shop asks so; held money is not ours yet either way.
STATUSES = {
    "pending": SourceStatus.PENDING,
    "waiting_for_capture": SourceStatus.PENDING,
    "succeeded": SourceStatus.PAID,
    "canceled": SourceStatus.FAILED,
}

# YooKassa's codes of the VAT rates (receipt items' vat_code, 54-FZ tag 1199),
# by rate in per cent: https://yookassa.ru/developers/54fz/parameters-values
# (1 no VAT, 2 0%, 3 10%, 4 20%, 5 10/110, 6 20/120, 7 5%, 8 7%, 9 5/105,
# 10 7/107, 11 22%, 12 22/122; 22% is Russia's standard rate from 2026).
VAT_CODES: dict[Decimal, int] = {
    Decimal(0): 2,
    Decimal(5): 7,
    Decimal(7): 8,
    Decimal(10): 3,
    Decimal(20): 4,
    Decimal(22): 11,
}
# A line the order keeps no VAT rate for carries no VAT.
NO_VAT = 1
# The marketplace sells the vendors' goods on their behalf (tag 1222);
# banking_payment_agent, banking_payment_subagent, payment_agent,
# payment_subagent, attorney, commissioner or agent, as the vendor contract says.
AGENT_TYPE = "commissioner"
# What YooKassa takes of a receipt: 100 items, 128 characters of description.
RECEIPT_ITEMS_MAX = 100
DESCRIPTION_MAX = 128
LIST_LIMIT = 100

Resource = TypeVar("Resource", type[Payment], type[Refund])


class ShopClient(ApiClient):
    """The library's API client for one shop, configured by arguments.

    The library keeps credentials and URL in class attributes of its
    `Configuration` and builds a new `ApiClient()` from them for every call,
    so configuring it would be global to the process: two configurations
    (a test's local server, another shop) would see each other's. This client
    takes them as arguments instead and never reads `Configuration`.

    It also sends each request with a timeout (the library sends none), and
    lets a network failure through as the requests exception it is: the
    library's own `request` turns one into an AttributeError while looking
    for the failed request's response.
    """

    def __init__(  # the library's __init__ reads, and insists on, Configuration
        self, *, shop_id: str, secret_key: str, api_url: str, timeout: float
    ) -> None:
        self.endpoint = api_url.rstrip("/")
        self.shop_id = shop_id
        self.shop_password = secret_key
        self.auth_token = None
        self.http_timeout = timeout
        # The library's retries of an answer 202 ("still processing, ask
        # again"), over https only, at its defaults: 3 attempts, 1.8 s apart.
        self.timeout = 1800
        self.max_attempts = 3
        self.user_agent = UserAgent()

    def request(
        self,
        method: str = "",
        path: str = "",
        query_params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> Any:
        if isinstance(body, RequestObject):
            body.validate()
            body = dict(body)
        session = self.get_session()
        try:
            response = session.request(
                method,
                self.endpoint + path,
                params=query_params,
                headers=self.prepare_request_headers(headers),
                json=body,
                timeout=self.http_timeout,
            )
        finally:
            session.close()
        if response.status_code != HTTPStatus.OK:
            # Raises the library's exception of the status, with YooKassa's
            # error object as its content.
            ApiClient._ApiClient__handle_error(response)  # type: ignore[attr-defined]
        return response.json()


def _bound(resource: Resource, client: ApiClient) -> Resource:
    """Return the library's Payment or Refund, asking YooKassa through `client`.

    Their class methods (`Payment.create`, `Refund.create`, ...) instantiate
    the class, whose __init__ builds the global client; the subclass's
    instances carry this one instead.
    """

    def carry_client(self: Any) -> None:
        self.client = client

    return type(  # type: ignore[return-value]
        resource.__name__, (resource,), {"__init__": carry_client}
    )


def amount_json(value: Decimal, currency: str) -> dict[str, str]:
    """Return YooKassa's amount object: the value with the currency's decimals."""
    step = minor_unit(currency)
    if value != value.quantize(step):
        raise ValueError(f"{value} {currency} is finer than the currency's minor unit")
    return {"value": str(value.quantize(step)), "currency": currency}


def unit_prices(
    total: Decimal, quantity: int, currency: str
) -> list[tuple[int, Decimal]]:
    """Split a line's total into (quantity, unit price) items of whole minor units.

    A receipt states a price per unit. When the total does not divide evenly
    (a discount of 100.00 over three), all units but one cost the share
    rounded down and the last one the rest, so the items add up to the total.
    """
    unit = (total / quantity).quantize(minor_unit(currency), rounding=ROUND_DOWN)
    if unit * quantity == total:
        return [(quantity, unit)]
    rest = total - unit * (quantity - 1)
    return [(quantity - 1, unit), (1, rest)] if quantity > 1 else [(1, rest)]


def _error_text(error: ApiError) -> str:
    content = error.content or {}
    text = f"HTTP {error.HTTP_CODE} {content.get('code', '')}: "
    text += str(content.get("description", ""))
    if content.get("parameter"):
        text += f" ({content['parameter']})"
    return text


@contextmanager
def _asking(what: str) -> Iterator[None]:
    """Turn whatever asking YooKassa raised into a ProviderError."""
    try:
        yield
    except ApiError as error:
        raise ProviderError(f"yookassa: {what}: {_error_text(error)}") from error
    except requests.RequestException as error:
        raise ProviderError(f"yookassa: {what}: {error}") from error
    except (ValueError, TypeError) as error:
        # The library checks a request, and reads an answer, in its models'
        # setters, which raise these.
        raise ProviderError(f"yookassa: {what}: {error}") from error


def _phone(number: Any) -> str:
    """Return a phone number as YooKassa writes it: E.164 digits, no plus."""
    if not number:
        return ""
    return str(number.as_e164).lstrip("+")


class YooKassaProvider(PaymentProvider):
    code = "yookassa"
    name = _("Card, SBP or YooMoney")
    description = _(
        "Pay on YooKassa's secure page by bank card, through the Faster Payments "
        "System (SBP) or from a YooMoney wallet. Your card details never reach us."
    )

    def is_configured(self) -> bool:
        return bool(self.config.get("shop_id") and self.config.get("secret_key"))

    def checkout_origins(self) -> list[str]:
        # YooKassa's pages, or the local stand-in's, which serves them where
        # it serves the API.
        api_url = self.config.get("api_url") or API_URL
        return [CONFIRMATION_ORIGIN if api_url == API_URL else origin(api_url)]

    @cached_property
    def _client(self) -> ShopClient:
        return ShopClient(
            shop_id=str(self.config.get("shop_id", "")),
            secret_key=str(self.config.get("secret_key", "")),
            api_url=self.config.get("api_url") or API_URL,
            timeout=settings.MARKETPLACE_PAYMENT_TIMEOUT,
        )

    @cached_property
    def _payments(self) -> type[Payment]:
        return _bound(Payment, self._client)

    @cached_property
    def _refunds(self) -> type[Refund]:
        return _bound(Refund, self._client)

    def checkout_start(
        self, *, source: "Source", return_url: str, cancel_url: str
    ) -> Checkout:
        """Create the source's payment, with its receipt, at YooKassa.

        YooKassa returns the shopper to `return_url` whether the payment
        succeeded or not, so `cancel_url` is not used. The request is the same
        for the same source, as YooKassa's idempotence key requires: asked
        again with another body, YooKassa refuses the key.
        """
        if not source.idempotency_key:
            raise ValueError("A YooKassa payment needs its source's idempotency key.")
        order = source.order
        with override(order.language):
            title = gettext("Order %(number)s") % {"number": order.number}
            receipt = self.receipt_build(
                order=order, amount=source.amount_allocated, currency=source.currency
            )
        params = {
            "amount": amount_json(source.amount_allocated, source.currency),
            "capture": True,
            "confirmation": {"type": "redirect", "return_url": return_url},
            "description": title[:DESCRIPTION_MAX],
            "metadata": {"order_number": order.number},
            "receipt": receipt,
        }
        with _asking("create a payment"):
            payment = self._payments.create(
                params, idempotency_key=source.idempotency_key
            )
            return Checkout(
                reference=payment.id,
                redirect_url=payment.confirmation.confirmation_url,
            )

    def payment_get(self, *, reference: str) -> PaymentState:
        with _asking(f"read payment {reference}"):
            return self._state(self._payments.find_one(reference))

    def payments_recent(self, *, since: datetime) -> Iterator[PaymentState]:
        moment = since.astimezone(UTC).isoformat(timespec="milliseconds")
        params: dict[str, Any] = {
            "created_at.gte": moment.replace("+00:00", "Z"),
            "limit": LIST_LIMIT,
        }
        while True:
            with _asking("list payments"):
                page = self._payments.list(params)
                states = [self._state(payment) for payment in page.items or []]
            yield from states
            if not page.next_cursor:
                return
            params = {**params, "cursor": page.next_cursor}

    def checkout_cancel(self, *, reference: str) -> None:
        """Cancel a payment whose money is held; leave a pending one to expire.

        YooKassa cancels only payments waiting for capture. A pending one (the
        shopper has not paid; with capture=True every unpaid payment is) can
        be neither cancelled nor closed: YooKassa cancels it itself when its
        confirmation expires. Should the shopper still pay it, the services
        find the order given up and give the money back.
        """
        with _asking(f"cancel payment {reference}"):
            payment = self._payments.find_one(reference)
            if payment.status == "waiting_for_capture":
                self._payments.cancel(reference, idempotency_key=f"cancel-{reference}")

    def refund(
        self,
        *,
        source: "Source",
        amount: Decimal,
        idempotency_key: str,
        refund: Any = None,
    ) -> str:
        """Give `amount` back, with the receipt of what is given back.

        A refund of lines and delivery (`refund`, payments.refunds) names them;
        one of the whole payment (a payment the order could not take) repeats
        the payment's receipt.
        """
        params: dict[str, Any] = {
            "payment_id": source.payment_id,
            "amount": amount_json(amount, source.currency),
        }
        with override(source.order.language):
            if refund is not None:
                params["receipt"] = self.refund_receipt_build(
                    refund=refund, currency=source.currency
                )
            elif not source.amount_refunded and amount == source.amount_debited:
                params["receipt"] = self.receipt_build(
                    order=source.order, amount=amount, currency=source.currency
                )
        with _asking(f"refund payment {source.payment_id}"):
            return self._refunds.create(params, idempotency_key=idempotency_key).id

    def notification_read(self, request: "HttpRequest") -> Notification:
        """Read a notification that came from YooKassa's networks.

        YooKassa signs no notification; what it documents for telling its own
        from a forgery is the sender's address, within the networks it
        publishes, and reading the object again through the API, which the
        services always do. The address is the connection's (REMOTE_ADDR):
        behind a proxy, the proxy must set it to the client's. A notification
        carries no id of its own either, so its event id is made of the
        event, the object and the object's status: the same change notified
        twice is one event.
        """
        address = request.META.get("REMOTE_ADDR", "")
        if not self._trusted(address):
            raise NotificationSignatureError(
                f"yookassa: a notification from {address!r}, not YooKassa's networks"
            )
        try:
            payload = json.loads(request.body)
            if not isinstance(payload, dict) or not isinstance(
                payload.get("object"), dict
            ):
                raise ValueError("no object")
            notification = WebhookNotificationFactory().create(payload)
            event, thing = notification.event, notification.object
            if not (event and thing.id and thing.status):
                raise ValueError("no event, object id or status")
        except (ValueError, TypeError) as error:
            raise NotificationError(f"yookassa: not a notification: {error}") from error
        if event == WebhookNotificationEventType.REFUND_SUCCEEDED:
            reference = thing.payment_id or ""
        elif event.startswith("payment."):
            reference = thing.id
        else:
            reference = ""
        return Notification(
            event_id=f"{event}:{thing.id}:{thing.status}",
            type=event,
            reference=reference,
            payload=payload,
        )

    def receipt_build(self, *, order: Any, amount: Decimal, currency: str) -> dict:
        """Return the 54-FZ receipt of `amount` paid for the order.

        One item per order line (two when its total does not divide into
        whole-kopeck unit prices) and one per vendor's delivery, each sold on
        behalf of its vendor. Item descriptions are written in the active
        language. Raises ProviderError when the items do not add up to
        `amount`, or are more than a receipt takes.
        """
        items = []
        lines = order.lines.select_related("part__vendor", "partner").order_by("pk")
        for line in lines:
            vendor = line.part.vendor if line.part_id else line.partner
            vat_code = self.vat_code(line.tax_code)
            for quantity, unit in unit_prices(
                line.line_price_incl_tax, line.quantity, currency
            ):
                items.append(
                    self._item(line.title, quantity, unit, currency, vat_code, vendor)
                    | {"payment_subject": "commodity"}
                )
        shipping_vat_code = self.vat_code(order.market.vat_rate)
        for part in order.parts.select_related("vendor").order_by("pk"):
            if part.shipping_incl_tax:
                title = gettext("Delivery from %(vendor)s") % {
                    "vendor": part.vendor.name
                }
                items.append(
                    self._item(
                        title,
                        1,
                        part.shipping_incl_tax,
                        currency,
                        shipping_vat_code,
                        part.vendor,
                    )
                    | {"payment_subject": "service"}
                )
        return self._receipt(order=order, items=items, amount=amount)

    def refund_receipt_build(self, *, refund: Any, currency: str) -> dict:
        """Return the 54-FZ receipt of a refund: its lines' units and its delivery.

        Raises ProviderError when they do not add up to the refund.
        """
        part = refund.part
        items = []
        for refunded in refund.lines.select_related("line").order_by("pk"):
            line = refunded.line
            vat_code = self.vat_code(line.tax_code)
            units = unit_prices(refunded.amount, refunded.quantity, currency)
            for quantity, unit in units:
                item = self._item(
                    line.title, quantity, unit, currency, vat_code, part.vendor
                )
                items.append(item | {"payment_subject": "commodity"})
        if refund.shipping:
            title = gettext("Delivery from %(vendor)s") % {"vendor": part.vendor.name}
            vat_code = self.vat_code(part.order.market.vat_rate)
            items.append(
                self._item(title, 1, refund.shipping, currency, vat_code, part.vendor)
                | {"payment_subject": "service"}
            )
        return self._receipt(order=part.order, items=items, amount=refund.amount)

    def _receipt(self, *, order: Any, items: list[dict], amount: Decimal) -> dict:
        """Check the items add up to `amount` and fit a receipt; add the customer."""
        total = sum((Decimal(i["amount"]["value"]) * i["quantity"] for i in items), 0)
        if total != amount:
            raise ProviderError(
                f"yookassa: order {order.number}: the receipt's items add up to "
                f"{total}, not {amount}"
            )
        if len(items) > RECEIPT_ITEMS_MAX:
            raise ProviderError(
                f"yookassa: order {order.number}: {len(items)} receipt items, "
                f"more than YooKassa's {RECEIPT_ITEMS_MAX}"
            )
        customer = {"email": order.email}
        address = getattr(order, "shipping_address", None)
        if phone := _phone(getattr(address, "phone_number", None)):
            customer["phone"] = phone
        receipt: dict[str, Any] = {"customer": customer, "items": items}
        if self.config.get("tax_system_code"):
            receipt["tax_system_code"] = int(self.config["tax_system_code"])
        return receipt

    def vat_code(self, rate: Any) -> int:
        """Return YooKassa's vat_code of a VAT rate in per cent ("22", "10.00").

        An empty rate is no VAT. Raises ProviderError for a rate YooKassa has
        no code for.
        """
        if rate is None or rate == "":
            return NO_VAT
        codes = VAT_CODES | {
            Decimal(str(key)): int(code)
            for key, code in self.config.get("vat_codes", {}).items()
        }
        try:
            return codes[Decimal(str(rate))]
        except (KeyError, ArithmeticError) as error:
            raise ProviderError(f"yookassa: no vat_code for VAT {rate}%") from error

    def _item(
        self,
        description: str,
        quantity: int,
        unit: Decimal,
        currency: str,
        vat_code: int,
        vendor: Any,
    ) -> dict[str, Any]:
        item: dict[str, Any] = {
            "description": str(description)[:DESCRIPTION_MAX],
            "quantity": quantity,
            "amount": amount_json(unit, currency),
            "vat_code": vat_code,
            "payment_mode": "full_prepayment",
        }
        if vendor is not None:
            item["agent_type"] = self.config.get("agent_type") or AGENT_TYPE
            item["supplier"] = self._supplier(vendor)
        return item

    @staticmethod
    def _supplier(vendor: Any) -> dict[str, str]:
        """Name the vendor as a receipt's supplier (tags 1224-1226).

        Its tax number is its INN when the vendor is Russian; a foreign
        vendor's is not one, and is left out.
        """
        supplier = {"name": vendor.legal_name or vendor.name}
        if vendor.country == "RU" and vendor.tax_number:
            supplier["inn"] = vendor.tax_number
        if phone := _phone(vendor.phone):
            supplier["phone"] = phone
        return supplier

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped  # a dual-stack socket's view of an IPv4 client
        networks = self.config.get("notification_ips", SecurityHelper.YOOKASSA_NETWORKS)
        return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)

    @staticmethod
    def _state(payment: Any) -> PaymentState:
        status = STATUSES.get(payment.status)
        if status is None:
            raise ValueError(f"payment {payment.id} has status {payment.status!r}")
        # The library reads amounts through float, which is exact for the 12
        # digits of an Oscar amount; Decimal(str()) keeps them Decimal.
        amount = (
            Decimal(str(payment.amount.value))
            if status == SourceStatus.PAID
            else Decimal(0)
        )
        metadata = payment.metadata or {}
        return PaymentState(
            reference=payment.id,
            status=status,
            amount=amount,
            currency=str(payment.amount.currency).upper(),
            order_number=metadata.get("order_number", ""),
            payment_id=payment.id,
        )
