"""A test double of YooKassa's API v3, for tests and for running the site offline.

It speaks the part of YooKassa's format that the marketplace uses, so the
official `yookassa` library can be pointed at `server.api_url`
(payments.providers.yookassa's `api_url`):

- JSON bodies and answers in YooKassa's shapes; errors are
  `{"type": "error", "id", "code", "description", "parameter"}` with
  YooKassa's HTTP statuses, and every /v3 call needs HTTP Basic
  `shop_id:secret_key` (401 `invalid_credentials` otherwise);
- payments: create (with a redirect confirmation), read, list
  (`created_at.gte`/`gt`/`lte`/`lt`, `status`, `limit`, `cursor`, newest
  first), capture, cancel (only when waiting for capture); refunds: create
  (never more than the rest of the payment), read;
- 54-FZ receipts, as a shop that sends them must: a payment needs one, with a
  customer's email or phone and 1 to 100 items, each with a description of
  at most 128 characters, a positive quantity, a vat_code from 1 to 12, an
  agent type and supplier INN of YooKassa's formats, and the items' sum
  equal to the payment's amount (a refund's receipt, to the refund's);
- `Idempotence-Key` on every POST (required, at most 64 characters): the same
  key and the same body replay the first answer, the same key with another
  body is refused with 400 "Idempotence key duplicated". Only successful
  answers are kept, so a request corrected, or retried after an injected
  failure, under the same key runs;
- a hosted confirmation page, `/confirm/<payment id>` (GET or POST), that
  pays the payment (or declines it, with `outcome=decline`) and redirects to
  its return_url; and notifications posted as YooKassa posts them.

Payments expire only when told to (`expire()`), never by the clock. State
lives in memory; tests drive the rest through the methods of YooKassaServer.

    python -m payments.fakes.yookassa_server --port 12112 \\
        --shop-id 100500 --secret-key test_secret
"""

from __future__ import annotations

import argparse
import base64
import binascii
import copy
import hmac
import html
import json
import logging
import re
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

logger = logging.getLogger(__name__)

JSON = dict[str, Any]

IDEMPOTENCE_KEY_MAX = 64
DESCRIPTION_MAX = 128
METADATA_KEYS_MAX = 16
METADATA_KEY_MAX = 32
METADATA_VALUE_MAX = 512
RECEIPT_ITEMS_MAX = 100
LIST_LIMIT_DEFAULT = 10
LIST_LIMIT_MAX = 100
VAT_CODES = range(1, 13)
TAX_SYSTEM_CODES = range(1, 7)
PAYMENT_MODES = frozenset(
    {
        "full_prepayment",
        "partial_prepayment",
        "advance",
        "full_payment",
        "partial_payment",
        "credit",
        "credit_payment",
    }
)
AGENT_TYPES = frozenset(
    {
        "banking_payment_agent",
        "banking_payment_subagent",
        "payment_agent",
        "payment_subagent",
        "attorney",
        "commissioner",
        "agent",
    }
)
INN = re.compile(r"\d{10}|\d{12}")
# What YooKassa keeps of a payment as its commission, for income_amount.
COMMISSION = Decimal("0.035")
CENT = Decimal("0.01")
# How long YooKassa holds a card payment's money waiting for capture.
HOLD_FOR = timedelta(days=7)
ERROR_CODES = {
    HTTPStatus.BAD_REQUEST: "invalid_request",
    HTTPStatus.UNAUTHORIZED: "invalid_credentials",
    HTTPStatus.FORBIDDEN: "forbidden",
    HTTPStatus.NOT_FOUND: "not_found",
    HTTPStatus.TOO_MANY_REQUESTS: "too_many_requests",
    HTTPStatus.INTERNAL_SERVER_ERROR: "internal_server_error",
}


class YooKassaError(Exception):
    """An error answer in YooKassa's shape."""

    def __init__(
        self, status: int, description: str, *, parameter: str | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.body: JSON = {
            "type": "error",
            "id": str(uuid.uuid4()),
            "code": ERROR_CODES.get(HTTPStatus(status), "internal_server_error"),
            "description": description,
        }
        if parameter:
            self.body["parameter"] = parameter


def _invalid(description: str, parameter: str | None = None) -> YooKassaError:
    return YooKassaError(HTTPStatus.BAD_REQUEST, description, parameter=parameter)


@dataclass
class RecordedRequest:
    """A request the server received, for tests to assert on."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  # the parsed JSON, None without a body

    @property
    def idempotence_key(self) -> str | None:
        return self.headers.get("idempotence-key")


@dataclass
class Fault:
    """An injected failure of the next API requests under a path."""

    status: int
    path: str
    method: str | None
    times: int
    description: str


@dataclass
class Notified:
    """One notification posted, and what the receiver answered."""

    url: str
    body: JSON
    status: int | None  # None when the receiver could not be reached


@dataclass
class Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _now() -> datetime:
    return datetime.now(UTC)


def _timestamp(moment: datetime) -> str:
    """YooKassa's timestamps: UTC, milliseconds, Z."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _new_id() -> str:
    """An id of YooKassa's pattern, e.g. 2f1c0b8e-000f-5000-9000-1a2b3c4d5e6f."""
    hex_ = uuid.uuid4().hex
    return f"{hex_[:8]}-000f-5000-9000-{hex_[8:20]}"


def _decimal(value: Any, parameter: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _invalid(f"{value!r} is not a number", parameter) from None
    if not number.is_finite():
        raise _invalid(f"{value!r} is not a number", parameter)
    return number


class YooKassaServer:
    """YooKassa's API for one shop, on a local port, in a background thread."""

    def __init__(
        self,
        *,
        shop_id: str = "100500",
        secret_key: str = "test_secret",  # noqa: S107 - a fake shop's
        host: str = "127.0.0.1",
        port: int = 0,
        currencies: tuple[str, ...] = ("RUB",),
        receipts_required: bool = True,
        page_size_max: int = LIST_LIMIT_MAX,
    ) -> None:
        self.shop_id = shop_id
        self.secret_key = secret_key
        self.currencies = currencies
        self.receipts_required = receipts_required
        # At most this many payments a page, whatever the limit asked:
        # lets a test page through a list without making a hundred payments.
        self.page_size_max = page_size_max
        self.payments: dict[str, JSON] = {}
        self.refunds: dict[str, JSON] = {}
        # What each payment was asked with, its receipt included (YooKassa
        # keeps a payment's receipt apart from the payment object).
        self.created: dict[str, JSON] = {}
        self.requests: list[RecordedRequest] = []
        self.notified: list[Notified] = []
        self._faults: list[Fault] = []
        # idempotence key -> (method and path, body, successful answer)
        self._idempotent: dict[str, tuple[str, Any, Answer]] = {}
        self._lock = threading.RLock()
        self._httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # Running.

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/v3"

    def start(self) -> YooKassaServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="yookassa-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> YooKassaServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # What tests do in place of the shopper, YooKassa's clock and YooKassa.

    def pay(self, payment_id: str) -> JSON:
        """The shopper pays: the payment succeeds, or waits for capture when
        it was created with capture=false."""
        with self._lock:
            payment = self._payment(payment_id)
            if payment["status"] == "pending":
                if self.created[payment_id].get("capture"):
                    self._succeed(payment)
                else:
                    self._hold(payment)
            return copy.deepcopy(payment)

    def hold(self, payment_id: str) -> JSON:
        """The shopper pays and the money is held, waiting for capture."""
        with self._lock:
            payment = self._payment(payment_id)
            if payment["status"] == "pending":
                self._hold(payment)
            return copy.deepcopy(payment)

    def expire(self, payment_id: str) -> JSON:
        """The shopper did not confirm in time: YooKassa cancels the payment."""
        return self._cancel_now(payment_id, "yoo_money", "expired_on_confirmation")

    def decline(self, payment_id: str) -> JSON:
        """The shopper's bank refuses: the payment is cancelled."""
        return self._cancel_now(payment_id, "payment_network", "insufficient_funds")

    def fail_next(
        self,
        status: int = HTTPStatus.INTERNAL_SERVER_ERROR,
        *,
        path: str = "/v3/",
        method: str | None = None,
        times: int = 1,
        description: str = "Internal server error",
    ) -> None:
        """Answer the next `times` API requests under `path` with an error."""
        with self._lock:
            self._faults.append(Fault(status, path, method, times, description))

    def notification(
        self, event: str, payment_id: str, *, refund_id: str | None = None
    ) -> JSON:
        """Return the notification YooKassa sends of an event of the payment.

        A refund event is of the refund: `refund_id`, by default the
        payment's latest refund.
        """
        with self._lock:
            if event.startswith("refund."):
                if refund_id is None:
                    refund_id = next(
                        r["id"]
                        for r in reversed(self.refunds.values())
                        if r["payment_id"] == payment_id
                    )
                thing = self.refunds[refund_id]
            else:
                thing = self._payment(payment_id)
            return {
                "type": "notification",
                "event": event,
                "object": copy.deepcopy(thing),
            }

    def notify(
        self,
        url: str,
        event: str,
        payment_id: str,
        *,
        refund_id: str | None = None,
        timeout: float = 10,
    ) -> int | None:
        """POST the notification of an event to `url`, as YooKassa does.

        Returns the receiver's HTTP status, None when it could not be reached.
        YooKassa retries until it gets 200; tests call again to do so.
        """
        body = self.notification(event, payment_id, refund_id=refund_id)
        try:
            response = requests.post(url, json=body, timeout=timeout)
            status: int | None = response.status_code
        except requests.RequestException as error:
            logger.warning("yookassa fake: notification to %s failed: %s", url, error)
            status = None
        self.notified.append(Notified(url=url, body=body, status=status))
        return status

    def reset(self) -> None:
        with self._lock:
            self.payments.clear()
            self.refunds.clear()
            self.created.clear()
            self.requests.clear()
            self.notified.clear()
            self._faults.clear()
            self._idempotent.clear()

    # HTTP.

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                answer = server.answer(
                    self.command,
                    parts.path,
                    dict(parse_qsl(parts.query, keep_blank_values=True)),
                    {key.lower(): value for key, value in self.headers.items()},
                    raw,
                )
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            # http.server's names for the handlers of each method.
            do_GET = do_POST = do_DELETE = _serve  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:
                logger.debug("yookassa fake: %s", format % args)

        return Handler

    def answer(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        raw: bytes,
    ) -> Answer:
        """Answer one HTTP request (the handler's whole work)."""
        if path.startswith("/confirm/"):
            form = dict(query)
            if raw:
                form |= dict(parse_qsl(raw.decode("utf-8", "replace")))
            return self._confirm(path.removeprefix("/confirm/").strip("/"), form)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
            broken = True
        else:
            broken = False
        with self._lock:
            self.requests.append(RecordedRequest(method, path, query, headers, body))
            try:
                self._fault(method, path)
                self._authenticate(headers)
                if broken:
                    raise _invalid("The request body is not JSON")
                if method == "POST":
                    return self._idempotently(method, path, headers, body)
                return self._json(HTTPStatus.OK, self._route(method, path, query, body))
            except YooKassaError as error:
                return self._json(error.status, error.body)

    def _json(self, status: int, body: JSON) -> Answer:
        return Answer(
            status,
            json.dumps(body, ensure_ascii=False).encode(),
            {"Content-Type": "application/json; charset=utf-8"},
        )

    def _fault(self, method: str, path: str) -> None:
        for fault in self._faults:
            if path.startswith(fault.path) and fault.method in (None, method):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                raise YooKassaError(fault.status, fault.description)

    def _authenticate(self, headers: dict[str, str]) -> None:
        given = headers.get("authorization", "")
        scheme, _space, token = given.partition(" ")
        try:
            decoded = base64.b64decode(token, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        expected = f"{self.shop_id}:{self.secret_key}"
        if scheme.lower() != "basic" or not hmac.compare_digest(
            decoded.encode(), expected.encode()
        ):
            raise YooKassaError(
                HTTPStatus.UNAUTHORIZED,
                "Login and password are not correct. Check the shopId and the "
                "secret key.",
                parameter="Authorization",
            )

    def _idempotently(
        self, method: str, path: str, headers: dict[str, str], body: Any
    ) -> Answer:
        key = headers.get("idempotence-key")
        if not key:
            raise _invalid("Idempotence-Key header is required", "Idempotence-Key")
        if len(key) > IDEMPOTENCE_KEY_MAX:
            raise _invalid(
                f"Idempotence key is longer than {IDEMPOTENCE_KEY_MAX} characters",
                "Idempotence-Key",
            )
        seen = self._idempotent.get(key)
        if seen is not None:
            if (seen[0], seen[1]) != (f"{method} {path}", body):
                raise _invalid("Idempotence key duplicated", "Idempotence-Key")
            return seen[2]
        answer = self._json(HTTPStatus.OK, self._route(method, path, {}, body))
        self._idempotent[key] = (f"{method} {path}", copy.deepcopy(body), answer)
        return answer

    def _route(self, method: str, path: str, query: dict[str, str], body: Any) -> JSON:
        segments = path.strip("/").split("/")[1:]  # without "v3"
        match method, segments:
            case "POST", ["payments"]:
                return self._payment_create(body)
            case "GET", ["payments"]:
                return self._payment_list(query)
            case "GET", ["payments", payment_id]:
                return copy.deepcopy(self._payment(payment_id))
            case "POST", ["payments", payment_id, "capture"]:
                return self._payment_capture(payment_id)
            case "POST", ["payments", payment_id, "cancel"]:
                return self._payment_cancel(payment_id)
            case "POST", ["refunds"]:
                return self._refund_create(body)
            case "GET", ["refunds", refund_id]:
                if refund_id not in self.refunds:
                    raise YooKassaError(
                        HTTPStatus.NOT_FOUND,
                        "Incorrect refund_id. Refund doesn't exist or access denied.",
                        parameter="refund_id",
                    )
                return copy.deepcopy(self.refunds[refund_id])
        raise YooKassaError(HTTPStatus.NOT_FOUND, f"{method} {path} does not exist")

    # Payments.

    def _payment(self, payment_id: str) -> JSON:
        try:
            return self.payments[payment_id]
        except KeyError:
            raise YooKassaError(
                HTTPStatus.NOT_FOUND,
                "Incorrect payment_id. Payment doesn't exist or access denied.",
                parameter="payment_id",
            ) from None

    def _payment_create(self, body: Any) -> JSON:
        if not isinstance(body, dict):
            raise _invalid("The request body is not an object")
        amount, currency = self._amount(body.get("amount"), "amount")
        if amount <= 0:
            raise _invalid("Payment amount must be greater than 0", "amount.value")
        description = body.get("description")
        if description is not None and (
            not isinstance(description, str) or len(description) > DESCRIPTION_MAX
        ):
            raise _invalid(
                f"Description must be a string of at most {DESCRIPTION_MAX} characters",
                "description",
            )
        metadata = self._metadata(body.get("metadata"))
        capture = body.get("capture", False)
        if not isinstance(capture, bool):
            raise _invalid("capture must be true or false", "capture")
        receipt = body.get("receipt")
        if receipt is None and self.receipts_required:
            raise _invalid("Receipt is missing or illegal", "receipt")
        if receipt is not None:
            self._receipt(receipt, amount, currency)
        payment_id = _new_id()
        payment: JSON = {
            "id": payment_id,
            "status": "pending",
            "paid": False,
            "amount": {"value": str(amount), "currency": currency},
            "created_at": _timestamp(_now()),
            "recipient": {"account_id": self.shop_id, "gateway_id": "1000001"},
            "refundable": False,
            "test": True,
        }
        confirmation = body.get("confirmation")
        if confirmation is not None:
            payment["confirmation"] = self._confirmation(confirmation, payment_id)
        if description:
            payment["description"] = description
        if metadata:
            payment["metadata"] = metadata
        self.payments[payment_id] = payment
        self.created[payment_id] = copy.deepcopy(body)
        return copy.deepcopy(payment)

    def _amount(self, value: Any, parameter: str) -> tuple[Decimal, str]:
        if not isinstance(value, dict) or "value" not in value:
            raise _invalid(f"{parameter} is missing or illegal", parameter)
        number = _decimal(value["value"], f"{parameter}.value")
        if number != number.quantize(CENT):
            raise _invalid(
                "An amount has at most two digits after the point",
                f"{parameter}.value",
            )
        currency = value.get("currency")
        if currency not in self.currencies:
            raise _invalid(
                f"Currency {currency!r} is not accepted", f"{parameter}.currency"
            )
        return number.quantize(CENT), currency

    def _metadata(self, metadata: Any) -> JSON:
        if metadata is None:
            return {}
        valid = (
            isinstance(metadata, dict)
            and len(metadata) <= METADATA_KEYS_MAX
            and all(
                isinstance(key, str)
                and len(key) <= METADATA_KEY_MAX
                and isinstance(value, str)
                and len(value) <= METADATA_VALUE_MAX
                for key, value in metadata.items()
            )
        )
        if not valid:
            raise _invalid(
                f"metadata takes at most {METADATA_KEYS_MAX} string values, keys "
                f"of at most {METADATA_KEY_MAX} characters",
                "metadata",
            )
        return dict(metadata)

    def _confirmation(self, confirmation: Any, payment_id: str) -> JSON:
        if not isinstance(confirmation, dict) or confirmation.get("type") != "redirect":
            raise _invalid(
                "Only the redirect confirmation is served here", "confirmation.type"
            )
        return_url = confirmation.get("return_url")
        if not isinstance(return_url, str) or not return_url.startswith(
            ("http://", "https://")
        ):
            raise _invalid(
                "return_url is missing or illegal", "confirmation.return_url"
            )
        return {
            "type": "redirect",
            "return_url": return_url,
            "confirmation_url": f"{self.url}/confirm/{payment_id}",
        }

    def _receipt(self, receipt: Any, amount: Decimal, currency: str) -> None:
        """Refuse what YooKassa refuses of the receipt of `amount` paid or refunded."""
        if not isinstance(receipt, dict):
            raise _invalid("Receipt is missing or illegal", "receipt")
        customer = receipt.get("customer")
        if not isinstance(customer, dict) or not (
            customer.get("email") or customer.get("phone")
        ):
            raise _invalid(
                "Receipt customer needs an email or a phone", "receipt.customer"
            )
        tax_system = receipt.get("tax_system_code")
        if tax_system is not None and tax_system not in TAX_SYSTEM_CODES:
            raise _invalid("Illegal tax_system_code", "receipt.tax_system_code")
        items = receipt.get("items")
        if not isinstance(items, list) or not 1 <= len(items) <= RECEIPT_ITEMS_MAX:
            raise _invalid(
                f"A receipt has 1 to {RECEIPT_ITEMS_MAX} items", "receipt.items"
            )
        total = Decimal(0)
        for index, item in enumerate(items):
            where = f"receipt.items[{index}]"
            if not isinstance(item, dict):
                raise _invalid("Receipt item is illegal", where)
            description = item.get("description")
            if not isinstance(description, str) or not 0 < len(description) <= 128:
                raise _invalid(
                    f"Item description is 1 to {DESCRIPTION_MAX} characters",
                    f"{where}.description",
                )
            quantity = _decimal(item.get("quantity"), f"{where}.quantity")
            if quantity <= 0:
                raise _invalid("Item quantity must be positive", f"{where}.quantity")
            price, item_currency = self._amount(item.get("amount"), f"{where}.amount")
            if item_currency != currency:
                raise _invalid(
                    "Item currency is not the payment's", f"{where}.amount.currency"
                )
            vat_code = item.get("vat_code")
            if (
                isinstance(vat_code, bool)
                or not isinstance(vat_code, int)
                or vat_code not in VAT_CODES
            ):
                raise _invalid(
                    f"Illegal vat_code {vat_code!r}, not one of 1 to 12",
                    f"{where}.vat_code",
                )
            if item.get("payment_mode", "full_payment") not in PAYMENT_MODES:
                raise _invalid("Illegal payment_mode", f"{where}.payment_mode")
            if "agent_type" in item and item["agent_type"] not in AGENT_TYPES:
                raise _invalid("Illegal agent_type", f"{where}.agent_type")
            supplier = item.get("supplier")
            if supplier is not None and (
                not isinstance(supplier, dict)
                or ("inn" in supplier and not INN.fullmatch(str(supplier["inn"])))
            ):
                raise _invalid(
                    "Supplier INN is 10 or 12 digits", f"{where}.supplier.inn"
                )
            total += (price * quantity).quantize(CENT, rounding=ROUND_HALF_UP)
        if total != amount:
            raise _invalid(
                f"The sum of the receipt's items ({total}) is not the amount "
                f"({amount})",
                "receipt.items",
            )

    def _payment_list(self, query: dict[str, str]) -> JSON:
        bounds = {}
        for name in ("gte", "gt", "lte", "lt"):
            given = query.get(f"created_at.{name}")
            if given is not None:
                try:
                    bounds[name] = datetime.fromisoformat(given)
                except ValueError:
                    raise _invalid(
                        f"Illegal date {given!r}", f"created_at.{name}"
                    ) from None
        try:
            limit = int(query.get("limit", LIST_LIMIT_DEFAULT))
        except ValueError:
            raise _invalid("Illegal limit", "limit") from None
        try:
            cursor = query.get("cursor")
            offset = int(base64.urlsafe_b64decode(cursor).decode()) if cursor else 0
        except (ValueError, binascii.Error):
            raise _invalid("Illegal cursor", "cursor") from None
        if not 1 <= limit <= LIST_LIMIT_MAX:
            raise _invalid(f"limit is 1 to {LIST_LIMIT_MAX}", "limit")
        checks = {
            "gte": lambda at, bound: at >= bound,
            "gt": lambda at, bound: at > bound,
            "lte": lambda at, bound: at <= bound,
            "lt": lambda at, bound: at < bound,
        }
        found = [
            payment
            for payment in reversed(self.payments.values())  # newest first
            if all(
                checks[name](datetime.fromisoformat(payment["created_at"]), bound)
                for name, bound in bounds.items()
            )
            and query.get("status") in (None, payment["status"])
        ]
        size = min(limit, self.page_size_max)
        page: JSON = {
            "type": "list",
            "items": copy.deepcopy(found[offset : offset + size]),
        }
        if offset + size < len(found):
            page["next_cursor"] = base64.urlsafe_b64encode(
                str(offset + size).encode()
            ).decode()
        return page

    def _payment_capture(self, payment_id: str) -> JSON:
        payment = self._payment(payment_id)
        if payment["status"] != "waiting_for_capture":
            raise _invalid(
                f"Payment has status {payment['status']} and cannot be captured",
                "payment_id",
            )
        self._succeed(payment)
        return copy.deepcopy(payment)

    def _payment_cancel(self, payment_id: str) -> JSON:
        payment = self._payment(payment_id)
        if payment["status"] == "canceled":
            return copy.deepcopy(payment)
        if payment["status"] != "waiting_for_capture":
            raise _invalid(
                f"Payment has status {payment['status']} and cannot be canceled",
                "payment_id",
            )
        self._cancel(payment, "merchant", "canceled_by_merchant")
        return copy.deepcopy(payment)

    def _succeed(self, payment: JSON) -> None:
        amount = Decimal(payment["amount"]["value"])
        currency = payment["amount"]["currency"]
        income = (amount * (1 - COMMISSION)).quantize(CENT, rounding=ROUND_HALF_UP)
        payment.update(
            status="succeeded",
            paid=True,
            captured_at=_timestamp(_now()),
            income_amount={"value": str(income), "currency": currency},
            refundable=True,
            refunded_amount={"value": "0.00", "currency": currency},
            payment_method=self._card(payment["id"]),
        )
        if "receipt" in self.created.get(payment["id"], {}):
            payment["receipt_registration"] = "succeeded"
        payment.pop("confirmation", None)
        payment.pop("expires_at", None)

    def _hold(self, payment: JSON) -> None:
        payment.update(
            status="waiting_for_capture",
            paid=True,
            expires_at=_timestamp(_now() + HOLD_FOR),
            payment_method=self._card(payment["id"]),
        )

    @staticmethod
    def _card(payment_id: str) -> JSON:
        return {
            "type": "bank_card",
            "id": payment_id,
            "saved": False,
            "title": "Bank card *4444",
            "card": {
                "first6": "555555",
                "last4": "4444",
                "expiry_month": "12",
                "expiry_year": "2030",
                "card_type": "MasterCard",
                "issuer_country": "RU",
            },
        }

    def _cancel(self, payment: JSON, party: str, reason: str) -> None:
        payment.update(
            status="canceled",
            paid=False,
            refundable=False,
            cancellation_details={"party": party, "reason": reason},
        )
        payment.pop("confirmation", None)
        payment.pop("expires_at", None)

    def _cancel_now(self, payment_id: str, party: str, reason: str) -> JSON:
        with self._lock:
            payment = self._payment(payment_id)
            if payment["status"] in ("pending", "waiting_for_capture"):
                self._cancel(payment, party, reason)
            return copy.deepcopy(payment)

    # Refunds.

    def _refund_create(self, body: Any) -> JSON:
        if not isinstance(body, dict):
            raise _invalid("The request body is not an object")
        payment_id = body.get("payment_id")
        payment = self.payments.get(payment_id) if isinstance(payment_id, str) else None
        if payment is None:
            raise _invalid(
                "Incorrect payment_id. Payment doesn't exist or access denied.",
                "payment_id",
            )
        if payment["status"] != "succeeded":
            raise _invalid(
                f"Payment has status {payment['status']} and cannot be refunded",
                "payment_id",
            )
        amount, currency = self._amount(body.get("amount"), "amount")
        if currency != payment["amount"]["currency"]:
            raise _invalid("Refund currency is not the payment's", "amount.currency")
        refunded = Decimal(payment["refunded_amount"]["value"])
        left = Decimal(payment["amount"]["value"]) - refunded
        if amount <= 0 or amount > left:
            raise _invalid(
                f"Refund amount must be greater than 0 and not exceed the "
                f"payment's rest, {left} {currency}",
                "amount.value",
            )
        if body.get("receipt") is None and self.receipts_required:
            raise _invalid("Receipt is missing or illegal", "receipt")
        if body.get("receipt") is not None:
            self._receipt(body["receipt"], amount, currency)
        refund_id = _new_id().replace("-000f-", "-0015-")
        refund: JSON = {
            "id": refund_id,
            "payment_id": payment_id,
            "status": "succeeded",
            "created_at": _timestamp(_now()),
            "amount": {"value": str(amount), "currency": currency},
        }
        if isinstance(body.get("description"), str):
            refund["description"] = body["description"]
        if "receipt" in body:
            refund["receipt_registration"] = "succeeded"
        self.refunds[refund_id] = refund
        payment["refunded_amount"] = {
            "value": str(refunded + amount),
            "currency": currency,
        }
        payment["refundable"] = refunded + amount < Decimal(payment["amount"]["value"])
        return copy.deepcopy(refund)

    # The hosted page.

    def _confirm(self, payment_id: str, form: dict[str, str]) -> Answer:
        with self._lock:
            payment = self.payments.get(payment_id)
            confirmation = self.created.get(payment_id, {}).get("confirmation")
            if payment is None or not confirmation:
                page = "<!doctype html><title>ЮKassa</title><p>Платёж не найден."
                return Answer(
                    HTTPStatus.NOT_FOUND,
                    page.encode(),
                    {"Content-Type": "text/html; charset=utf-8"},
                )
            # A payment no longer pending (paid, declined) sends the shopper
            # back again, as a reload of YooKassa's page does.
            return_url = confirmation["return_url"]
            if payment["status"] == "pending":
                if form.get("outcome") == "decline":
                    self.decline(payment_id)
                else:
                    self.pay(payment_id)
        return Answer(
            HTTPStatus.FOUND,
            f'<a href="{html.escape(return_url)}">return</a>'.encode(),
            {"Location": return_url, "Content-Type": "text/html; charset=utf-8"},
        )


def main() -> None:  # pragma: no cover - a manual tool
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12112)
    parser.add_argument("--shop-id", default="100500")
    parser.add_argument("--secret-key", default="test_secret")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    server = YooKassaServer(
        shop_id=arguments.shop_id,
        secret_key=arguments.secret_key,
        host=arguments.host,
        port=arguments.port,
    )
    logger.info("YooKassa API at %s", server.api_url)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()


if __name__ == "__main__":
    main()
