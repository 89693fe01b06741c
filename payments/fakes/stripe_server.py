"""A test double of Stripe's HTTP API, for tests and for running the site offline.

It speaks the part of Stripe's wire format that the marketplace uses, so the
official `stripe` library can be pointed at it with
`StripeClient(key, base_addresses={"api": server.url})`:

- requests are form-encoded with Stripe's bracket notation
  (`line_items[0][price_data][currency]=eur`), answers are JSON objects of
  Stripe's shapes, errors are `{"error": {"type", "code", "message", "param"}}`
  with Stripe's HTTP statuses, and every /v1 call needs
  `Authorization: Bearer sk_test_...`;
- Checkout Sessions (payment mode, inline `price_data` only): create, retrieve,
  list, expire; PaymentIntents and Charges: retrieve; Refunds: create,
  retrieve; Transfers: create, retrieve; Accounts: retrieve; Events: list,
  retrieve;
- `Idempotency-Key` on POSTs, per API key: the same parameters replay the
  first answer (`Idempotent-Replayed: true`), other parameters are an
  `idempotency_error`. As at Stripe, only requests that got to run are saved;
  here that means successful ones, so a retry after an injected fault runs;
- a hosted payment page at `/pay/<session id>` that takes Stripe's test cards,
  and webhooks signed as Stripe signs them (`Stripe-Signature: t=...,v1=...`).

Sessions expire only when told to (`expire()` or the expire endpoint), never
by the clock. State lives in memory. Tests drive the rest through the methods
of `StripeServer` or, from another process, the `/_control/` endpoints.

    python -m payments.fakes.stripe_server --port 12111 \\
        --webhook-url http://127.0.0.1:8000/payments/stripe/webhook/ \\
        --webhook-secret whsec_local
"""

from __future__ import annotations

import argparse
import base64
import copy
import fnmatch
import functools
import hashlib
import hmac
import html
import json
import logging
import operator
import re
import secrets
import string
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

logger = logging.getLogger(__name__)

JSON = dict[str, Any]

# The version stripe-python 16.1 sends; events carry the account's version.
API_VERSION = "2026-10-28.endive"

# Lists of codes are written as Stripe's docs print them, one string each.
# ruff: noqa: SIM905
# https://docs.stripe.com/currencies#presentment-currencies
SUPPORTED_CURRENCIES = (
    "usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd "
    "bob brl bsd bwp byn bzd cad cdf chf clp cny cop crc cve czk djf dkk dop dzd "
    "egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr "
    "isk jmd jod jpy kes kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl "
    "mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd omr pab "
    "pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle sos "
    "srd std szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf "
    "xcd xof xpf yer zar zmw"
).split()
# https://docs.stripe.com/currencies#zero-decimal and #three-decimal
ZERO_DECIMAL = frozenset(
    "bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split()
)
THREE_DECIMAL = frozenset("bhd jod kwd omr tnd".split())
# Stripe's documented minimum charges, in minor units, for the currencies whose
# minimum it states outright; the others are converted at the day's rate.
MINIMUM_AMOUNT = {"usd": 50, "eur": 50, "gbp": 30, "jpy": 50}
# https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-locale
LOCALES = frozenset(
    "auto bg cs da de el en en-GB es es-419 et fi fil fr fr-CA hr hu id it ja ko "
    "lt lv ms mt nb nl pl pt pt-BR ro ru sk sl sv th tr vi zh zh-HK zh-TW".split()
)
COUNTRY_CURRENCY = {"LV": "eur", "LT": "eur", "EE": "eur", "KR": "krw", "US": "usd"}
REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")

SUCCEEDING_CARDS = frozenset({"4242424242424242", "5555555555554444"})
# https://docs.stripe.com/testing#declined-payments: card number -> decline code
DECLINING_CARDS = {
    "4000000000000002": "generic_decline",
    "4000000000009995": "insufficient_funds",
}
WEBHOOK_RETRY_DELAYS = (0.0, 0.2, 0.5, 1.0)  # seconds before each attempt


class StripeError(Exception):
    """An error answer in Stripe's shape."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        type_: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error: JSON = {"type": type_, "message": message}
        if code:
            self.error["code"] = code
            self.error["doc_url"] = "https://stripe.com/docs/error-codes/" + (
                code.replace("_", "-")
            )
        if param:
            self.error["param"] = param


def _missing(kind: str, object_id: str, param: str, status: int = 404) -> StripeError:
    return StripeError(
        f"No such {kind}: '{object_id}'",
        status=status,
        code="resource_missing",
        param=param,
    )


@dataclass
class RecordedRequest:
    """A request the server received, for tests to assert on."""

    method: str
    path: str
    params: JSON
    idempotency_key: str | None


@dataclass
class Delivery:
    """One attempt to deliver an event to the webhook URL."""

    event_id: str
    url: str
    status: int | None  # None when the endpoint could not be reached
    error: str = ""


@dataclass
class Fault:
    """An injected failure or slowness for the next requests matching a path."""

    pattern: re.Pattern[str]
    times: int
    status: int | None = None
    delay: float = 0.0


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Store:
    """Everything the fake Stripe account holds, by id in creation order."""

    sessions: dict[str, JSON] = field(default_factory=dict)
    payment_intents: dict[str, JSON] = field(default_factory=dict)
    charges: dict[str, JSON] = field(default_factory=dict)
    refunds: dict[str, JSON] = field(default_factory=dict)
    transfers: dict[str, JSON] = field(default_factory=dict)
    accounts: dict[str, JSON] = field(default_factory=dict)
    events: dict[str, JSON] = field(default_factory=dict)
    # What a session keeps out of its own shape: its line items and the data
    # for the PaymentIntent that paying it creates.
    session_extras: dict[str, JSON] = field(default_factory=dict)
    # (api key, idempotency key) -> (method and path, params, saved response)
    idempotent: dict[tuple[str, str], tuple[str, JSON, Response]] = field(
        default_factory=dict
    )


def new_id(prefix: str, length: int = 24) -> str:
    alphabet = string.ascii_letters + string.digits
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def decode_form(pairs: Iterable[tuple[str, str]]) -> JSON:
    """Nest Stripe's bracketed keys: `a[0][b]=1` becomes `{"a": [{"b": "1"}]}`."""
    root: JSON = {}
    for key, value in pairs:
        name, _, rest = key.partition("[")
        path = [name, *re.findall(r"([^\[\]]*)\]", rest)]
        node = root
        for part in path[:-1]:
            child = node.get(part or str(len(node)))
            if not isinstance(child, dict):
                child = node[part or str(len(node))] = {}
            node = child
        node[path[-1] or str(len(node))] = value
    return _listify(root)


def _listify(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    items = {key: _listify(item) for key, item in value.items()}
    if items and all(key.isdigit() for key in items):
        return [items[key] for key in sorted(items, key=int)]
    return items


def format_amount(amount: int, currency: str) -> str:
    """Write minor units as the customer reads them: 1990 eur is "19.90 EUR"."""
    exponent = 0 if currency in ZERO_DECIMAL else 3 if currency in THREE_DECIMAL else 2
    return f"{Decimal(amount).scaleb(-exponent):,.{exponent}f} {currency.upper()}"


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """Return the `Stripe-Signature` header Stripe sends with this payload."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


# --- parameter checks, with Stripe's messages --------------------------------


def _param(prefix: str, name: str) -> str:
    """Name a nested parameter as Stripe does: `line_items[0][quantity]`."""
    return f"{prefix}{name}]" if prefix else name


def _reject_unknown(params: Any, allowed: Iterable[str], prefix: str = "") -> None:
    if not isinstance(params, dict):
        raise StripeError("Invalid object", param=prefix.removesuffix("[") or None)
    for name in params:
        if name not in allowed and name != "expand":
            raise StripeError(
                f"Received unknown parameter: {_param(prefix, name)}",
                code="parameter_unknown",
                param=_param(prefix, name),
            )


def _required(params: JSON, name: str, prefix: str = "") -> Any:
    if params.get(name) in (None, ""):
        raise StripeError(
            f"Missing required param: {_param(prefix, name)}.",
            code="parameter_missing",
            param=_param(prefix, name),
        )
    return params[name]


def _integer(value: Any, param: str, minimum: int = 0) -> int:
    text = str(value)
    if not re.fullmatch(r"-?\d+", text):
        raise StripeError(
            f"Invalid integer: {text}", code="parameter_invalid_integer", param=param
        )
    if int(text) < minimum:
        raise StripeError(
            f"This value must be greater than or equal to {minimum}.",
            code="parameter_invalid_integer",
            param=param,
        )
    return int(text)


def _currency(value: Any, param: str) -> str:
    # Stripe's docs require lower case; this double refuses "EUR" so that code
    # sending it is caught here rather than relying on Stripe's leniency.
    if value not in SUPPORTED_CURRENCIES:
        raise StripeError(
            f"Invalid currency: {value}. Stripe currently supports these "
            f"currencies: {', '.join(SUPPORTED_CURRENCIES)}",
            param=param,
        )
    return str(value)


def _metadata(value: Any, param: str = "metadata") -> dict[str, str]:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise StripeError("Invalid object", code="parameter_invalid_empty", param=param)
    if len(value) > 50:
        raise StripeError("Metadata can have up to 50 keys.", param=param)
    for key, item in value.items():
        if len(key) > 40 or not isinstance(item, str) or len(item) > 500:
            raise StripeError(
                "Metadata keys can be up to 40 characters long and values up "
                "to 500 characters long.",
                param=f"{param}[{key}]",
            )
    return dict(value)


def _url(value: Any, param: str) -> str | None:
    if value in (None, ""):
        return None
    if not re.match(r"https?://[^/\s]+", str(value)):
        raise StripeError("Not a valid URL", code="url_invalid", param=param)
    return str(value)


def _now() -> int:
    return int(time.time())


def _created_matches(created: int, condition: Any) -> bool:
    """Apply a list filter such as `created[gte]=...` or `created=...`."""
    if condition in (None, ""):
        return True
    if not isinstance(condition, dict):
        return created == _integer(condition, "created")
    tests: dict[str, Callable[[int, int], bool]] = {
        "gt": operator.gt,
        "gte": operator.ge,
        "lt": operator.lt,
        "lte": operator.le,
    }
    _reject_unknown(condition, tests, "created[")
    return all(
        tests[name](created, _integer(bound, f"created[{name}]"))
        for name, bound in condition.items()
    )


def _page(objects: Iterable[JSON], params: JSON, url: str, kind: str) -> JSON:
    """Cut a Stripe list page, newest first, from objects in creation order."""
    limit = _integer(params.get("limit", 10), "limit", 1)
    if limit > 100:
        raise StripeError(
            "This value must be less than or equal to 100.",
            code="parameter_invalid_integer",
            param="limit",
        )
    rows = list(reversed(list(objects)))
    ids = [row["id"] for row in rows]
    for cursor in ("starting_after", "ending_before"):
        if params.get(cursor):
            if params[cursor] not in ids:
                raise _missing(kind, params[cursor], cursor, status=400)
            index = ids.index(params[cursor])
            rows = rows[index + 1 :] if cursor == "starting_after" else rows[:index]
    rows = [
        row for row in rows if _created_matches(row["created"], params.get("created"))
    ]
    page = rows[-limit:] if params.get("ending_before") else rows[:limit]
    return {"object": "list", "data": page, "has_more": len(rows) > limit, "url": url}


class StripeServer:
    """The fake Stripe: an HTTP server in a thread, plus controls for tests."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        webhook_url: str | None = None,
        webhook_secret: str = "whsec_local",  # noqa: S107 (a test secret)
    ) -> None:
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.store = Store()
        self.requests: list[RecordedRequest] = []
        self.deliveries: list[Delivery] = []
        self._faults: list[Fault] = []
        self._lock = threading.RLock()
        self._delivery_threads: list[threading.Thread] = []
        self._http = _HTTPServer((host, port), _Handler)
        self._http.fake = self

    # --- running -------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> StripeServer:
        """Serve from a background thread; return self."""
        # A short poll lets stop() return quickly at the end of each test.
        serve = functools.partial(self._http.serve_forever, poll_interval=0.05)
        threading.Thread(target=serve, daemon=True).start()
        return self

    def serve_forever(self) -> None:
        """Serve from this thread until interrupted, as the command line does."""
        self._http.serve_forever()

    def stop(self) -> None:
        """Stop serving, after the webhook deliveries under way have finished."""
        self._http.shutdown()
        self._http.server_close()
        self.wait_for_deliveries()

    def __enter__(self) -> StripeServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- controls for tests --------------------------------------------------

    def reset(self) -> None:
        """Forget every object, event, request, delivery and fault."""
        with self._lock:
            self.store = Store()
            self.requests.clear()
            self.deliveries.clear()
            self._faults.clear()

    @property
    def events(self) -> list[JSON]:
        """Every event so far, oldest first."""
        with self._lock:
            return copy.deepcopy(list(self.store.events.values()))

    def fail_next(self, path_regex: str, status: int = 500, times: int = 1) -> None:
        """Answer the next `times` requests whose path matches with an error.

        The request does not run, as when Stripe fails before its API code
        does, so nothing is saved under its idempotency key.
        """
        with self._lock:
            self._faults.append(Fault(re.compile(path_regex), times, status=status))

    def delay_next(self, path_regex: str, seconds: float, times: int = 1) -> None:
        """Answer the next `times` matching requests `seconds` late.

        The request runs at once and only its answer is held back, so a
        client that gives up waiting has still created the object.
        """
        with self._lock:
            self._faults.append(Fault(re.compile(path_regex), times, delay=seconds))

    def create_account(self, country: str = "LV", email: str = "") -> str:
        """Create a Connect (Express) account that can receive transfers."""
        account = {
            "id": new_id("acct_", 16),
            "object": "account",
            "business_type": "company",
            "capabilities": {"card_payments": "active", "transfers": "active"},
            "charges_enabled": True,
            "country": country,
            "created": _now(),
            "default_currency": COUNTRY_CURRENCY.get(country, "usd"),
            "details_submitted": True,
            "email": email or None,
            "metadata": {},
            "payouts_enabled": True,
            "type": "express",
        }
        with self._lock:
            self.store.accounts[account["id"]] = account
        return account["id"]

    def pay(
        self, session_id: str, card: str = "4242424242424242", *, deliver: bool = True
    ) -> list[JSON]:
        """Pay a Checkout Session as the hosted page does; return the new events.

        A declined card leaves the session open and records
        `payment_intent.payment_failed`. With `deliver=False` no webhook is
        sent, and the test sends them with `signed_delivery` or `deliver`.
        Raises ValueError when the session cannot be paid at all.
        """
        with self._lock:
            events, error = self._pay(session_id, card)
            events = copy.deepcopy(events)
        if error and not events:
            raise ValueError(error)
        if deliver:
            self._deliver_later(events)
        return events

    def expire(self, session_id: str, *, deliver: bool = True) -> JSON:
        """Expire an open session as if its `expires_at` had passed.

        Records `checkout.session.expired` and returns the session; raises
        StripeError when the session is missing or no longer open.
        """
        with self._lock:
            event = copy.deepcopy(self._expire(session_id, request=None))
        if deliver:
            self._deliver_later([event])
        return event["data"]["object"]

    def signed_delivery(self, event_id: str) -> tuple[bytes, str]:
        """Return the body and `Stripe-Signature` header Stripe would POST now."""
        with self._lock:
            payload = json.dumps(self.store.events[event_id], indent=2).encode()
        return payload, sign(payload, self.webhook_secret)

    def deliver(self, event_id: str) -> int | None:
        """POST one event to the webhook URL now, once; return the HTTP status."""
        if not self.webhook_url:
            raise RuntimeError("No webhook URL is set.")
        return self._deliver_once(event_id, self.webhook_url).status

    def wait_for_deliveries(self, timeout: float = 10.0) -> None:
        """Wait until the webhook deliveries started so far have finished."""
        deadline = time.monotonic() + timeout
        for thread in list(self._delivery_threads):
            thread.join(max(0.0, deadline - time.monotonic()))

    # --- webhooks ------------------------------------------------------------

    def _deliver_later(self, events: list[JSON]) -> None:
        # Stripe delivers apart from the request that caused the events; a
        # thread keeps the caller, or the browser's redirect, from waiting.
        url = self.webhook_url
        if not url or not events:
            return
        thread = threading.Thread(
            target=self._deliver_with_retries,
            args=([event["id"] for event in events], url),
            daemon=True,
        )
        self._delivery_threads.append(thread)
        thread.start()

    def _deliver_with_retries(self, event_ids: list[str], url: str) -> None:
        for event_id in event_ids:
            for delay in WEBHOOK_RETRY_DELAYS:
                time.sleep(delay)
                status = self._deliver_once(event_id, url).status
                if status is not None and 200 <= status < 300:
                    break

    def _deliver_once(self, event_id: str, url: str) -> Delivery:
        payload, signature = self.signed_delivery(event_id)
        request = urllib.request.Request(  # noqa: S310 (the URL is our webhook's)
            url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
                "Stripe-Signature": signature,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                delivery = Delivery(event_id, url, answer.status)
        except urllib.error.HTTPError as exc:
            delivery = Delivery(event_id, url, exc.code)
        except OSError as exc:
            delivery = Delivery(event_id, url, None, str(exc))
        with self._lock:
            self.deliveries.append(delivery)
        return delivery

    # --- HTTP ----------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Any, body: bytes) -> Response:
        """Answer one HTTP request; the server's threads call this."""
        split = urlsplit(target)
        path = split.path
        if path.startswith("/_control/"):
            return self._control(method, path, body)
        raw = split.query if method == "GET" else body.decode("utf-8", "replace")
        params = decode_form(parse_qsl(raw, keep_blank_values=True))
        idempotency_key = headers.get("Idempotency-Key") if method == "POST" else None
        with self._lock:
            self.requests.append(RecordedRequest(method, path, params, idempotency_key))
            fault = self._take_fault(path)
        if fault and fault.status:
            return _error_response(
                StripeError(
                    "An unknown error occurred",
                    status=fault.status,
                    type_="api_error"
                    if fault.status >= 500
                    else "invalid_request_error",
                    code="rate_limit" if fault.status == 429 else None,
                )
            )
        if path.startswith("/v1/"):
            response = self._api(method, path, headers, params, idempotency_key)
        elif path.startswith("/pay/"):
            response = self._hosted_page(method, path.removeprefix("/pay/"), params)
        else:
            response = _error_response(_unrecognized(method, path))
        response.delay = fault.delay if fault else 0.0
        return response

    def _take_fault(self, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.pattern.search(path):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _api(
        self,
        method: str,
        path: str,
        headers: Any,
        params: JSON,
        idempotency_key: str | None,
    ) -> Response:
        api_key = _api_key(headers.get("Authorization", ""))
        if not api_key:
            return _error_response(
                StripeError(
                    "You did not provide a valid API key. Send a secret test key "
                    "(sk_test_...) in the Authorization header with Bearer auth.",
                    status=401,
                )
            )
        routed = _route(method, path)
        if routed is None:
            return _error_response(_unrecognized(method, path))
        handler_name, path_params = routed
        endpoint = f"{method} {path}"
        with self._lock:
            saved = self.store.idempotent.get((api_key, idempotency_key or ""))
            if saved:
                return _replay(saved, endpoint, params, idempotency_key or "")
            request = {"id": new_id("req_", 14), "idempotency_key": idempotency_key}
            handler: Callable[..., JSON] = getattr(self, handler_name)
            try:
                answer = handler(params, request, **path_params)
                response = _json_response(200, answer)
            except StripeError as exc:
                response = _error_response(exc)
            except Exception:
                # A gap in the double, not in the caller: answer as Stripe
                # answers its own bugs, and leave the traceback in the log.
                logger.exception("The Stripe test double failed on %s", endpoint)
                response = _error_response(
                    StripeError(
                        "An unknown error occurred", status=500, type_="api_error"
                    )
                )
            response.headers["Request-Id"] = request["id"]
            if idempotency_key:
                response.headers["Idempotency-Key"] = idempotency_key
                if response.status < 400:
                    saved = (endpoint, params, response)
                    self.store.idempotent[(api_key, idempotency_key)] = saved
        return response

    def _control(self, method: str, path: str, body: bytes) -> Response:
        """Offer the control methods as JSON over HTTP, for other processes."""
        parts = path.removeprefix("/_control/").strip("/").split("/")
        try:
            data = json.loads(body or b"{}")
            match method, parts:
                case "POST", ["sessions", session_id, "pay"]:
                    card = data.get("card", "4242424242424242")
                    events = self.pay(
                        session_id, card, deliver=data.get("deliver", True)
                    )
                    result: Any = {"events": [event["id"] for event in events]}
                case "POST", ["sessions", session_id, "expire"]:
                    result = self.expire(session_id, deliver=data.get("deliver", True))
                case "POST", ["accounts"]:
                    result = {"id": self.create_account(data.get("country", "LV"))}
                case "POST", ["events", event_id, "deliver"]:
                    result = {"status": self.deliver(event_id)}
                case "GET", ["events", event_id, "signed"]:
                    payload, signature = self.signed_delivery(event_id)
                    result = {"payload": payload.decode(), "signature": signature}
                case "POST", ["faults"]:
                    times = data.get("times", 1)
                    if "delay" in data:
                        self.delay_next(data["path"], data["delay"], times)
                    else:
                        self.fail_next(data["path"], data.get("status", 500), times)
                    result = {}
                case "POST", ["webhook"]:
                    self.webhook_url = data.get("url", self.webhook_url)
                    self.webhook_secret = data.get("secret", self.webhook_secret)
                    result = {"url": self.webhook_url}
                case "POST", ["reset"]:
                    self.reset()
                    result = {}
                case "GET", ["requests"]:
                    result = [vars(each) for each in self.requests]
                case _:
                    raise _unrecognized(method, path)
        except StripeError as exc:
            return _error_response(exc)
        except KeyError as exc:
            return _error_response(StripeError(f"No such object: {exc}", status=404))
        except (ValueError, RuntimeError) as exc:
            return _error_response(StripeError(str(exc)))
        return _json_response(200, result)

    # --- API endpoints: each runs under the lock -----------------------------

    def _retrieve(
        self, params: JSON, request: JSON, collection: str, object_id: str
    ) -> JSON:
        _reject_unknown(params, ())
        attribute, kind, param = RETRIEVABLE[collection]
        found = getattr(self.store, attribute).get(object_id)
        if found is None:
            raise _missing(kind, object_id, param)
        return found

    def _session_create(self, params: JSON, request: JSON) -> JSON:
        _reject_unknown(params, SESSION_PARAMS)
        if _required(params, "mode") != "payment":
            raise StripeError(
                "This test double supports only mode=payment.", param="mode"
            )
        items = _required(params, "line_items")
        if not isinstance(items, list):
            raise StripeError("Invalid array", param="line_items")
        currency, total, line_items = "", 0, []
        for index, item in enumerate(items):
            prefix = f"line_items[{index}]["
            _reject_unknown(item, ("price_data", "quantity"), prefix)
            price = _required(item, "price_data", prefix)
            prefix += "price_data]["
            _reject_unknown(price, ("currency", "unit_amount", "product_data"), prefix)
            item_currency = _currency(
                _required(price, "currency", prefix), prefix + "currency]"
            )
            if currency not in ("", item_currency):
                raise StripeError(
                    "All line items must use the same currency.",
                    param=prefix + "currency]",
                )
            currency = item_currency
            unit_amount = _integer(
                _required(price, "unit_amount", prefix), prefix + "unit_amount]"
            )
            quantity = _integer(
                _required(item, "quantity", f"line_items[{index}]["),
                f"line_items[{index}][quantity]",
                minimum=1,
            )
            product = _required(price, "product_data", prefix)
            _reject_unknown(product, ("name",), prefix + "product_data][")
            name = _required(product, "name", prefix + "product_data][")
            total += unit_amount * quantity
            line_items.append(
                {"name": name, "unit_amount": unit_amount, "quantity": quantity}
            )
        minimum = MINIMUM_AMOUNT.get(currency, 0)
        if total < minimum:
            raise StripeError(
                "The Checkout Session's total amount due must add up to at least "
                f"{format_amount(minimum, currency)}.",
                code="amount_too_small",
            )
        now = _now()
        expires_at = now + 24 * 3600
        if params.get("expires_at") not in (None, ""):
            expires_at = _integer(params["expires_at"], "expires_at")
            if expires_at < now + 30 * 60:
                raise StripeError(
                    "The `expires_at` timestamp must be at least 30 minutes from "
                    "Checkout Session creation.",
                    param="expires_at",
                )
            if expires_at > now + 24 * 3600:
                raise StripeError(
                    "The `expires_at` timestamp must be less than 24 hours from "
                    "Checkout Session creation.",
                    param="expires_at",
                )
        locale = params.get("locale") or None
        if locale is not None and locale not in LOCALES:
            raise StripeError(
                f"Invalid locale: must be one of {', '.join(sorted(LOCALES))}",
                param="locale",
            )
        email = params.get("customer_email") or None
        if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise StripeError(
                f"Invalid email address: {email}",
                code="email_invalid",
                param="customer_email",
            )
        intent_data = params.get("payment_intent_data") or {}
        _reject_unknown(
            intent_data,
            ("metadata", "description", "transfer_group"),
            "payment_intent_data[",
        )
        session_id = new_id("cs_test_", 58)
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": _url(params.get("cancel_url"), "cancel_url"),
            "client_reference_id": params.get("client_reference_id") or None,
            "created": now,
            "currency": currency,
            "customer": None,
            "customer_details": None,
            "customer_email": email,
            "expires_at": expires_at,
            "livemode": False,
            "locale": locale,
            "metadata": _metadata(params.get("metadata")),
            "mode": "payment",
            "payment_intent": None,
            "payment_method_types": ["card"],
            "payment_status": "unpaid",
            "status": "open",
            "success_url": _url(params.get("success_url"), "success_url"),
            "ui_mode": "hosted",
            "url": f"{self.url}/pay/{session_id}",
        }
        self.store.sessions[session_id] = session
        self.store.session_extras[session_id] = {
            "line_items": line_items,
            "intent": {
                "description": intent_data.get("description") or None,
                "metadata": _metadata(
                    intent_data.get("metadata"), "payment_intent_data[metadata]"
                ),
                "transfer_group": intent_data.get("transfer_group") or None,
            },
        }
        return session

    def _session_list(self, params: JSON, request: JSON) -> JSON:
        _reject_unknown(params, (*LIST_PARAMS, "status", "payment_intent"))
        sessions = [
            session
            for session in self.store.sessions.values()
            if params.get("status") in (None, "", session["status"])
            and params.get("payment_intent") in (None, "", session["payment_intent"])
        ]
        return _page(sessions, params, "/v1/checkout/sessions", "checkout.session")

    def _session_expire(self, params: JSON, request: JSON, session: str) -> JSON:
        _reject_unknown(params, ())
        event = self._expire(session, request)
        self._deliver_later([event])
        return self.store.sessions[session]

    def _expire(self, session_id: str, request: JSON | None) -> JSON:
        session = self.store.sessions.get(session_id)
        if session is None:
            raise _missing("checkout.session", session_id, "session")
        if session["status"] != "open":
            raise StripeError(
                'Only Checkout Sessions with a status in ["open"] can be expired. '
                f"This session has status {session['status']!r}.",
                param="session",
            )
        session.update(status="expired", url=None)
        return self._emit("checkout.session.expired", session, request)

    def _refund_create(self, params: JSON, request: JSON) -> JSON:
        _reject_unknown(
            params, ("payment_intent", "charge", "amount", "reason", "metadata")
        )
        if params.get("payment_intent"):
            intent = self.store.payment_intents.get(params["payment_intent"])
            if intent is None:
                raise _missing(
                    "payment_intent", params["payment_intent"], "payment_intent", 400
                )
            if intent["status"] != "succeeded":
                raise StripeError(
                    f"This PaymentIntent ({intent['id']}) does not have a successful "
                    "charge to refund.",
                    param="payment_intent",
                )
            charge = self.store.charges[intent["latest_charge"]]
        elif params.get("charge"):
            charge = self.store.charges.get(params["charge"])
            if charge is None:
                raise _missing("charge", params["charge"], "charge", 400)
        else:
            raise StripeError(
                "One of the following params should be provided for this request: "
                "payment_intent or charge.",
                code="parameter_missing",
            )
        remaining = charge["amount_captured"] - charge["amount_refunded"]
        if remaining == 0:
            raise StripeError(
                f"Charge {charge['id']} has already been refunded.",
                code="charge_already_refunded",
            )
        amount = remaining
        if params.get("amount") not in (None, ""):
            amount = _integer(params["amount"], "amount", minimum=1)
        if amount > remaining:
            raise StripeError(
                f"Refund amount ({format_amount(amount, charge['currency'])}) is "
                "greater than unrefunded amount on charge "
                f"({format_amount(remaining, charge['currency'])})",
                code="amount_too_large",
                param="amount",
            )
        reason = params.get("reason") or None
        if reason is not None and reason not in REFUND_REASONS:
            raise StripeError(
                "Invalid reason: must be one of duplicate, fraudulent, or "
                "requested_by_customer",
                param="reason",
            )
        refund = {
            "id": new_id("re_"),
            "object": "refund",
            "amount": amount,
            "balance_transaction": None,
            "charge": charge["id"],
            "created": _now(),
            "currency": charge["currency"],
            "metadata": _metadata(params.get("metadata")),
            "payment_intent": charge["payment_intent"],
            "reason": reason,
            "status": "succeeded",
        }
        self.store.refunds[refund["id"]] = refund
        previous = {"amount_refunded": charge["amount_refunded"], "refunded": False}
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount_captured"]
        self._deliver_later(
            [
                self._emit("refund.created", refund, request),
                self._emit("charge.refunded", charge, request, previous),
            ]
        )
        return refund

    def _transfer_create(self, params: JSON, request: JSON) -> JSON:
        _reject_unknown(params, TRANSFER_PARAMS)
        amount = _integer(_required(params, "amount"), "amount", minimum=1)
        currency = _currency(_required(params, "currency"), "currency")
        destination = _required(params, "destination")
        if destination not in self.store.accounts:
            raise _missing("destination", destination, "destination", 400)
        source = params.get("source_transaction") or None
        if source is not None and source not in self.store.charges:
            raise _missing("charge", source, "source_transaction", 400)
        transfer_id = new_id("tr_")
        transfer = {
            "id": transfer_id,
            "object": "transfer",
            "amount": amount,
            "amount_reversed": 0,
            "balance_transaction": None,
            "created": _now(),
            "currency": currency,
            "description": params.get("description") or None,
            "destination": destination,
            "destination_payment": new_id("py_"),
            "livemode": False,
            "metadata": _metadata(params.get("metadata")),
            "reversals": {
                "object": "list",
                "data": [],
                "has_more": False,
                "url": f"/v1/transfers/{transfer_id}/reversals",
            },
            "reversed": False,
            "source_transaction": source,
            "source_type": "card",
            "transfer_group": params.get("transfer_group") or None,
        }
        self.store.transfers[transfer_id] = transfer
        self._deliver_later([self._emit("transfer.created", transfer, request)])
        return transfer

    def _event_list(self, params: JSON, request: JSON) -> JSON:
        _reject_unknown(params, (*LIST_PARAMS, "type", "types"))
        pattern, types = params.get("type") or "*", params.get("types") or []
        if params.get("type") and types:
            raise StripeError("You cannot specify both type and types.", param="types")
        events = [
            event
            for event in self.store.events.values()
            if fnmatch.fnmatchcase(event["type"], pattern)
            and (not types or event["type"] in types)
        ]
        return _page(events, params, "/v1/events", "event")

    def _emit(
        self, type_: str, obj: JSON, request: JSON | None, previous: JSON | None = None
    ) -> JSON:
        """Record an event whose data.object is `obj` as it is now."""
        data: JSON = {"object": copy.deepcopy(obj)}
        if previous:
            data["previous_attributes"] = previous
        event = {
            "id": new_id("evt_"),
            "object": "event",
            "api_version": API_VERSION,
            "created": _now(),
            "data": data,
            "livemode": False,
            "pending_webhooks": 1 if self.webhook_url else 0,
            "request": request or {"id": None, "idempotency_key": None},
            "type": type_,
        }
        self.store.events[event["id"]] = event
        return event

    # --- paying --------------------------------------------------------------

    def _pay(self, session_id: str, card: str) -> tuple[list[JSON], str]:
        """Charge a card for a session; return the events and an error message."""
        session = self.store.sessions.get(session_id)
        if session is None:
            return [], f"No such checkout.session: '{session_id}'"
        if session["status"] != "open":
            return [], "This Checkout Session is no longer active."
        number = re.sub(r"[\s-]", "", card)
        if number not in SUCCEEDING_CARDS and number not in DECLINING_CARDS:
            return [], "Your card number is incorrect."
        intent = self._intent_for(session)
        if number in DECLINING_CARDS:
            intent["last_payment_error"] = {
                "type": "card_error",
                "code": "card_declined",
                "decline_code": DECLINING_CARDS[number],
                "message": "Your card was declined.",
            }
            event = self._emit("payment_intent.payment_failed", intent, None)
            return [event], "Your card was declined."
        charge = {
            "id": new_id("ch_"),
            "object": "charge",
            "amount": intent["amount"],
            "amount_captured": intent["amount"],
            "amount_refunded": 0,
            "billing_details": {"email": session["customer_email"]},
            "captured": True,
            "created": _now(),
            "currency": intent["currency"],
            "disputed": False,
            "livemode": False,
            "metadata": dict(intent["metadata"]),
            "paid": True,
            "payment_intent": intent["id"],
            "payment_method": new_id("pm_"),
            "refunded": False,
            "status": "succeeded",
            "transfer_group": intent["transfer_group"],
        }
        self.store.charges[charge["id"]] = charge
        intent.update(
            amount_received=intent["amount"],
            last_payment_error=None,
            latest_charge=charge["id"],
            payment_method=charge["payment_method"],
            status="succeeded",
        )
        session.update(
            customer_details={"email": session["customer_email"], "name": None},
            payment_status="paid",
            status="complete",
            url=None,
        )
        return [
            self._emit("payment_intent.succeeded", intent, None),
            self._emit("checkout.session.completed", session, None),
        ], ""

    def _intent_for(self, session: JSON) -> JSON:
        """Return the session's PaymentIntent, created at its first payment try."""
        if session["payment_intent"]:
            return self.store.payment_intents[session["payment_intent"]]
        extras = self.store.session_extras[session["id"]]["intent"]
        intent_id = new_id("pi_")
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": session["amount_total"],
            "amount_capturable": 0,
            "amount_received": 0,
            "canceled_at": None,
            "capture_method": "automatic",
            "client_secret": f"{intent_id}_secret_{new_id('', 24)}",
            "created": _now(),
            "currency": session["currency"],
            "description": extras["description"],
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": dict(extras["metadata"]),
            "payment_method": None,
            "payment_method_types": ["card"],
            "status": "requires_payment_method",
            "transfer_group": extras["transfer_group"],
        }
        self.store.payment_intents[intent_id] = intent
        session["payment_intent"] = intent_id
        return intent

    def _hosted_page(self, method: str, session_id: str, params: JSON) -> Response:
        """Stripe Checkout's page: GET shows the form, POST pays."""
        with self._lock:
            session = copy.deepcopy(self.store.sessions.get(session_id))
            extras = copy.deepcopy(self.store.session_extras.get(session_id))
            error = ""
            if method == "POST" and session and session["status"] == "open":
                events, error = self._pay(session_id, params.get("cardNumber", ""))
                self._deliver_later(events)
                if not error:
                    success_url = session["success_url"] or ""
                    location = success_url.replace("{CHECKOUT_SESSION_ID}", session_id)
                    return Response(303, b"", {"Location": location})
        if session is None or extras is None:
            return _html_response(
                404, "Not found", "<p>This page could not be found.</p>"
            )
        if session["status"] != "open":
            message = "This Checkout Session is no longer active."
            body = f"<p id='error' role='alert'>{message}</p>"
            return _html_response(410, "Checkout", body)
        return _html_response(200, "Pay", _payment_form(session, extras, error))


def _payment_form(session: JSON, extras: JSON, error: str) -> str:
    currency = session["currency"]
    items = "".join(
        f"<li>{html.escape(item['name'])} &times; {item['quantity']}: "
        f"{format_amount(item['unit_amount'] * item['quantity'], currency)}</li>"
        for item in extras["line_items"]
    )
    alert = f"<p id='error' role='alert'>{html.escape(error)}</p>" if error else ""
    back = (
        f"<p><a id='back' href='{html.escape(session['cancel_url'])}'>Back</a></p>"
        if session["cancel_url"]
        else ""
    )
    return (
        f"<h1>Pay <span id='amount'>{format_amount(session['amount_total'], currency)}"
        f"</span></h1><ul id='lineItems'>{items}</ul>{alert}"
        "<form method='post'><label for='cardNumber'>Card number</label> "
        "<input id='cardNumber' name='cardNumber' inputmode='numeric' "
        "autocomplete='cc-number' required> "
        "<button id='submit' type='submit'>Pay</button></form>"
        "<p>Test mode: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is "
        f"declined.</p>{back}"
    )


# --- small helpers of the HTTP layer ----------------------------------------

SESSION_PARAMS = (
    "mode",
    "line_items",
    "success_url",
    "cancel_url",
    "client_reference_id",
    "customer_email",
    "locale",
    "metadata",
    "payment_intent_data",
    "payment_method_types",
    "expires_at",
)
TRANSFER_PARAMS = (
    "amount",
    "currency",
    "destination",
    "transfer_group",
    "metadata",
    "description",
    "source_transaction",
)
LIST_PARAMS = ("limit", "starting_after", "ending_before", "created")
# collection in the URL -> (Store attribute, object name, Stripe's param name)
RETRIEVABLE = {
    "checkout/sessions": ("sessions", "checkout.session", "session"),
    "payment_intents": ("payment_intents", "payment_intent", "intent"),
    "charges": ("charges", "charge", "charge"),
    "refunds": ("refunds", "refund", "refund"),
    "transfers": ("transfers", "transfer", "transfer"),
    "accounts": ("accounts", "account", "account"),
    "events": ("events", "event", "id"),
}
ROUTES = (
    ("POST", r"/v1/checkout/sessions", "_session_create"),
    ("GET", r"/v1/checkout/sessions", "_session_list"),
    ("POST", r"/v1/checkout/sessions/(?P<session>[^/]+)/expire", "_session_expire"),
    ("POST", r"/v1/refunds", "_refund_create"),
    ("POST", r"/v1/transfers", "_transfer_create"),
    ("GET", r"/v1/events", "_event_list"),
    (
        "GET",
        rf"/v1/(?P<collection>{'|'.join(RETRIEVABLE)})/(?P<object_id>[^/]+)",
        "_retrieve",
    ),
)


def _route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    """Return the handler's name and the ids in the path, or None."""
    for verb, pattern, handler_name in ROUTES:
        match = re.fullmatch(pattern, path)
        if verb == method and match:
            return handler_name, match.groupdict()
    return None


def _api_key(authorization: str) -> str | None:
    """Return the test-mode secret key of a Bearer (or curl -u) header."""
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "basic":
        try:
            credentials = base64.b64decode(credentials).decode().partition(":")[0]
        except ValueError:
            return None
    elif scheme.lower() != "bearer":
        return None
    return credentials if re.fullmatch(r"(sk|rk)_test_\w+", credentials) else None


def _unrecognized(method: str, path: str) -> StripeError:
    return StripeError(
        f"Unrecognized request URL ({method}: {path}). Please see "
        "https://stripe.com/docs or we can help at https://support.stripe.com/.",
        status=404,
    )


def _replay(
    saved: tuple[str, JSON, Response], endpoint: str, params: JSON, key: str
) -> Response:
    saved_endpoint, saved_params, response = saved
    if saved_endpoint != endpoint:
        reason = (
            "can only be used for the same endpoint they were first used for "
            f"('{saved_endpoint}' vs '{endpoint}')"
        )
    elif saved_params != params:
        reason = "can only be used with the same parameters they were first used with"
    else:
        headers = {
            **response.headers,
            "Idempotent-Replayed": "true",
            "Original-Request": response.headers["Request-Id"],
        }
        return Response(response.status, response.body, headers)
    return _error_response(
        StripeError(
            f"Keys for idempotent requests {reason}. Try using a key other than "
            f"'{key}' if you meant to execute a different request.",
            type_="idempotency_error",
        )
    )


def _json_response(status: int, obj: Any) -> Response:
    body = json.dumps(obj, indent=2).encode()
    return Response(status, body, {"Content-Type": "application/json"})


def _error_response(error: StripeError) -> Response:
    return _json_response(error.status, {"error": error.error})


def _html_response(status: int, title: str, content: str) -> Response:
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} - Stripe test double</title></head>"
        f"<body><main>{content}</main></body></html>"
    )
    return Response(status, page.encode(), {"Content-Type": "text/html; charset=utf-8"})


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    fake: StripeServer


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "StripeTestDouble/1.0"

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        response = self.server.fake.handle(self.command, self.path, self.headers, body)
        time.sleep(response.delay)
        try:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped waiting, as a delayed request's may

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def log_message(self, message_format: str, *args: Any) -> None:
        logger.debug(message_format, *args)


def main(argv: list[str] | None = None) -> None:
    """Serve until Ctrl-C, as `python -m payments.fakes.stripe_server`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--webhook-url", default=None)
    parser.add_argument("--webhook-secret", default="whsec_local")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    server = StripeServer(
        host=args.host,
        port=args.port,
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
    )
    logger.info(
        "Stripe test double on %s, webhooks to %s", server.url, args.webhook_url
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._http.server_close()


if __name__ == "__main__":
    main()
