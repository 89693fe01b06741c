"""The YooKassa provider, through the official library, against a local YooKassa.

payments.fakes.yookassa_server answers in YooKassa's API v3 format and refuses
what YooKassa refuses (receipts that do not add up, a reused idempotence key,
refunds beyond the payment); the order is placed through the storefront.
"""

import json
import socket
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
import requests
import yookassa
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from catalog.selectors import reference_data_cache_clear
from conftest import vendor_delivers
from payments.fakes.yookassa_server import YooKassaServer
from payments.models import SourceStatus
from payments.providers.base import (
    NotificationError,
    NotificationSignatureError,
    ProviderError,
)
from payments.providers.yookassa import YooKassaProvider, unit_prices
from tests.checkout import guest_checkout

Category = get_model("catalogue", "Category")
CategoryVatRate = get_model("catalogue", "CategoryVatRate")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

SHOP_ID = "100500"
SECRET_KEY = "test_Fh8hUAVVBGUGbjmlzba6TB0iyUbos_lueTHE-axOwM0"
RETURN_URL = "https://shop.example/checkout/paid/"
INN = "7707083893"
LEGAL_NAME = 'ООО "Дом Книги"'  # noqa: RUF001 - Cyrillic, as registered
# Within YooKassa's published networks, and outside them.
YOOKASSA_IP = "185.71.76.10"
ELSEWHERE_IP = "203.0.113.7"


@pytest.fixture
def yookassa_server() -> Iterator[YooKassaServer]:
    with YooKassaServer(shop_id=SHOP_ID, secret_key=SECRET_KEY) as server:
        yield server


def provider_for(server: YooKassaServer, **config) -> YooKassaProvider:
    return YooKassaProvider(
        {
            "shop_id": server.shop_id,
            "secret_key": server.secret_key,
            "api_url": server.api_url,
            **config,
        }
    )


@pytest.fixture
def provider(yookassa_server) -> YooKassaProvider:
    return provider_for(yookassa_server)


@pytest.fixture
def order(client, make_products, category) -> "Order":
    """A guest's order from one Russian vendor: a book at the standard 22 %,
    two books of fairy tales at 10 %, and delivery for 350.00; 3340.00 in all."""
    book = make_products(1, price="1990.00")[0]
    kids = Category.add_root(name_ru="Детские книги", name_en="Children's books")
    tales = make_products(1, price="500.00", in_category=kids)[0]
    tales.title = "Сказки"
    tales.save()
    record = book.stockrecords.get()
    CategoryVatRate.objects.create(category=kids, market=record.market, rate="10.00")
    reference_data_cache_clear()
    vendor = record.partner
    vendor.legal_name = LEGAL_NAME
    vendor.country = "RU"
    vendor.tax_number = INN
    vendor.phone = "+74951234567"
    vendor.save()
    vendor_delivers(vendor, record.market).rates.update(charge="350.00")
    client.post(reverse("basket:add", kwargs={"pk": tales.pk}), {"quantity": 2})
    number = guest_checkout(
        client, product=book, email="minji@example.com", language="ru"
    )
    return Order.objects.get(number=number)


def source_for(order: "Order", attempt: int = 1, **fields) -> "Source":
    """The (unsaved) source of an attempt to pay the order in advance."""
    values = {
        "order": order,
        "currency": order.currency,
        "amount_allocated": order.total_incl_tax,
        "idempotency_key": f"{order.number}-{attempt}",
    }
    return Source(**(values | fields))


def paid(provider, server, source) -> "Source":
    """Start the source's payment, let the shopper pay it; record it on the source."""
    checkout = provider.checkout_start(
        source=source, return_url=RETURN_URL, cancel_url=RETURN_URL
    )
    server.pay(checkout.reference)
    state = provider.payment_get(reference=checkout.reference)
    source.reference = checkout.reference
    source.payment_id = state.payment_id
    source.amount_debited = state.amount
    return source


def webhook(body: bytes, address: str):
    return RequestFactory().post(
        "/payments/yookassa/webhook/",
        body,
        content_type="application/json",
        REMOTE_ADDR=address,
    )


# Payments and their receipts.


def test_payment_carries_a_receipt_of_each_line_and_delivery(
    provider, yookassa_server, order
):
    # given
    source = source_for(order)

    # when
    checkout = provider.checkout_start(
        source=source, return_url=RETURN_URL, cancel_url=RETURN_URL
    )

    # then
    asked = yookassa_server.created[checkout.reference]
    assert asked["amount"] == {"value": "3340.00", "currency": "RUB"}
    assert asked["capture"] is True
    assert asked["confirmation"] == {"type": "redirect", "return_url": RETURN_URL}
    with translation.override("ru"):
        title = gettext("Order %(number)s") % {"number": order.number}
        delivery = gettext("Delivery from %(vendor)s") % {"vendor": "Дом Книги"}
    assert asked["description"] == title
    assert asked["metadata"]["order_number"] == order.number
    items = {item["description"]: item for item in asked["receipt"]["items"]}
    assert {
        name: (
            Decimal(item["quantity"]),
            item["amount"]["value"],
            item["vat_code"],
            item["payment_subject"],
            item["payment_mode"],
        )
        for name, item in items.items()
    } == {
        "Книга номер 0": (1, "1990.00", 11, "commodity", "full_prepayment"),
        "Сказки": (2, "500.00", 3, "commodity", "full_prepayment"),
        delivery: (1, "350.00", 11, "service", "full_prepayment"),
    }
    assert sum(
        Decimal(item["amount"]["value"]) * Decimal(item["quantity"])
        for item in items.values()
    ) == Decimal("3340.00")
    assert {item["agent_type"] for item in items.values()} == {"commissioner"}
    assert all(
        item["supplier"] == {"name": LEGAL_NAME, "inn": INN, "phone": "74951234567"}
        for item in items.values()
    )
    assert asked["receipt"]["customer"] == {"email": "minji@example.com"}
    assert checkout.redirect_url == (
        f"{yookassa_server.url}/confirm/{checkout.reference}"
    )


def test_the_same_source_asks_for_the_same_payment(provider, yookassa_server, order):
    # given
    source = source_for(order)

    # when
    first = provider.checkout_start(
        source=source, return_url=RETURN_URL, cancel_url=RETURN_URL
    )
    again = provider.checkout_start(
        source=source, return_url=RETURN_URL, cancel_url=RETURN_URL
    )

    # then
    server = yookassa_server
    assert again == first
    assert list(server.payments) == [first.reference]
    posts = [r for r in server.requests if r.method == "POST"]
    assert [r.idempotence_key for r in posts] == [f"{order.number}-1"] * 2


def test_a_key_asked_again_with_another_payment_is_refused(provider, order):
    # given
    provider.checkout_start(
        source=source_for(order), return_url=RETURN_URL, cancel_url=RETURN_URL
    )

    # when, then
    with pytest.raises(ProviderError, match="Idempotence key duplicated"):
        provider.checkout_start(
            source=source_for(order),
            return_url="https://shop.example/elsewhere/",
            cancel_url=RETURN_URL,
        )


def test_a_receipt_that_does_not_add_up_is_never_sent(provider, yookassa_server, order):
    # given
    source = source_for(order, amount_allocated=Decimal("3339.99"))

    # when, then
    with pytest.raises(ProviderError, match=r"add up to 3340\.00"):
        provider.checkout_start(
            source=source, return_url=RETURN_URL, cancel_url=RETURN_URL
        )
    assert yookassa_server.requests == []


def test_a_foreign_vendor_is_named_without_an_inn(provider, order):
    # given
    vendor = order.lines.first().partner
    vendor.country = "KR"
    vendor.save()

    # when
    receipt = provider.receipt_build(
        order=order, amount=order.total_incl_tax, currency="RUB"
    )

    # then
    assert {"inn"} & {key for i in receipt["items"] for key in i["supplier"]} == set()


@pytest.mark.parametrize(
    ("rate", "code"),
    [
        ("22.00", 11),
        ("22", 11),
        ("20", 4),
        ("10.00", 3),
        ("7", 8),
        ("5", 7),
        ("0", 2),
        ("0.00", 2),
        ("", 1),
        (None, 1),
    ],
)
def test_vat_rates_have_yookassas_codes(rate, code):
    assert YooKassaProvider({}).vat_code(rate) == code


def test_vat_codes_can_be_configured_and_an_unknown_rate_refused():
    # given
    provider = YooKassaProvider({"vat_codes": {"22": 12}})

    # when, then
    assert provider.vat_code("22.00") == 12
    with pytest.raises(ProviderError, match="no vat_code for VAT 18"):
        provider.vat_code("18")


@pytest.mark.parametrize(
    ("total", "quantity", "items"),
    [
        ("1000.00", 2, [(2, "500.00")]),
        ("100.00", 3, [(2, "33.33"), (1, "33.34")]),
        ("0.05", 2, [(1, "0.02"), (1, "0.03")]),
        ("99.99", 1, [(1, "99.99")]),
    ],
)
def test_unit_prices_add_up_to_the_line(total, quantity, items):
    # when
    split = unit_prices(Decimal(total), quantity, "RUB")

    # then
    assert [(q, str(unit)) for q, unit in split] == items
    assert sum(q * unit for q, unit in split) == Decimal(total)


# Reading payments back.


def test_payment_states_are_read_in_our_words(provider, yookassa_server, order):
    # given
    server = yookassa_server
    paying = provider.checkout_start(
        source=source_for(order, 1), return_url=RETURN_URL, cancel_url=RETURN_URL
    )
    declined = provider.checkout_start(
        source=source_for(order, 2), return_url=RETURN_URL, cancel_url=RETURN_URL
    )
    server.decline(declined.reference)

    # when
    before = provider.payment_get(reference=paying.reference)
    server.pay(paying.reference)
    after = provider.payment_get(reference=paying.reference)
    failed = provider.payment_get(reference=declined.reference)

    # then
    assert (before.status, before.amount) == (SourceStatus.PENDING, Decimal(0))
    assert after.status == SourceStatus.PAID
    assert after.amount == Decimal("3340.00")
    assert isinstance(after.amount, Decimal)
    assert (after.currency, after.order_number) == ("RUB", order.number)
    assert after.reference == after.payment_id == paying.reference
    assert (failed.status, failed.amount) == (SourceStatus.FAILED, Decimal(0))


def test_the_shopper_pays_on_the_confirmation_page(provider, order):
    # given
    checkout = provider.checkout_start(
        source=source_for(order), return_url=RETURN_URL, cancel_url=RETURN_URL
    )

    # when
    response = requests.get(checkout.redirect_url, allow_redirects=False, timeout=5)

    # then
    assert response.status_code == 302
    assert response.headers["Location"] == RETURN_URL
    assert provider.payment_get(reference=checkout.reference).status == "paid"


def test_recent_payments_are_read_page_by_page(order):
    # given
    with YooKassaServer(page_size_max=2) as server:
        provider = provider_for(server)
        references = {
            provider.checkout_start(
                source=source_for(order, attempt),
                return_url=RETURN_URL,
                cancel_url=RETURN_URL,
            ).reference
            for attempt in (1, 2, 3)
        }

        # when
        recent = list(provider.payments_recent(since=timezone.now() - timedelta(1)))
        future = list(provider.payments_recent(since=timezone.now() + timedelta(1)))

        # then
        assert {state.reference for state in recent} == references
        lists = [r for r in server.requests if r.method == "GET"]
        assert [("cursor" in r.query) for r in lists] == [False, True, False]
        assert lists[0].query["limit"] == "100"
        assert lists[0].query["created_at.gte"].endswith("Z")
        assert future == []


def test_only_a_held_payment_is_cancelled(provider, yookassa_server, order):
    # given
    server = yookassa_server
    pending = provider.checkout_start(
        source=source_for(order, 1), return_url=RETURN_URL, cancel_url=RETURN_URL
    )
    held = provider.checkout_start(
        source=source_for(order, 2), return_url=RETURN_URL, cancel_url=RETURN_URL
    )
    server.hold(held.reference)

    # when
    provider.checkout_cancel(reference=pending.reference)
    provider.checkout_cancel(reference=held.reference)

    # then
    assert server.payments[pending.reference]["status"] == "pending"
    assert server.payments[held.reference]["status"] == "canceled"
    assert provider.payment_get(reference=held.reference).status == "failed"
    cancels = [r.path for r in server.requests if r.path.endswith("/cancel")]
    assert cancels == [f"/v3/payments/{held.reference}/cancel"]


# Refunds.


def test_a_refund_gives_back_part_of_the_payment(provider, yookassa_server, order):
    # given: a shop that sends its receipts itself, so refunds carry none
    yookassa_server.receipts_required = False
    source = paid(provider, yookassa_server, source_for(order))

    # when
    refund_id = provider.refund(
        source=source, amount=Decimal("1000.00"), idempotency_key="r-1"
    )

    # then
    server = yookassa_server
    assert server.refunds[refund_id]["amount"] == {
        "value": "1000.00",
        "currency": "RUB",
    }
    assert server.payments[source.payment_id]["refunded_amount"]["value"] == "1000.00"


def test_a_whole_refund_carries_the_receipt_of_the_payment(
    provider, yookassa_server, order
):
    # given
    source = paid(provider, yookassa_server, source_for(order))

    # when
    provider.refund(source=source, amount=Decimal("3340.00"), idempotency_key="r-1")

    # then
    asked = yookassa_server.requests[-1].body
    assert asked["amount"] == {"value": "3340.00", "currency": "RUB"}
    assert len(asked["receipt"]["items"]) == 3


def test_a_refund_of_more_than_was_paid_is_refused(provider, yookassa_server, order):
    # given: a shop that sends its receipts itself, so refunds carry none
    yookassa_server.receipts_required = False
    source = paid(provider, yookassa_server, source_for(order))
    provider.refund(source=source, amount=Decimal("1000.00"), idempotency_key="r-1")

    # when, then
    with pytest.raises(ProviderError, match=r"HTTP 400 invalid_request.*2340\.00"):
        provider.refund(source=source, amount=Decimal("2340.01"), idempotency_key="r-2")


# Notifications.


def test_a_notification_from_yookassa_names_its_payment(
    provider, yookassa_server, order, httpserver
):
    # given
    server = yookassa_server
    checkout = provider.checkout_start(
        source=source_for(order), return_url=RETURN_URL, cancel_url=RETURN_URL
    )
    server.pay(checkout.reference)
    httpserver.expect_request("/hook", method="POST").respond_with_data("")
    server.notify(httpserver.url_for("/hook"), "payment.succeeded", checkout.reference)
    posted = httpserver.log[0][0]

    # when
    notification = provider.notification_read(webhook(posted.data, YOOKASSA_IP))

    # then
    assert posted.headers["Content-Type"] == "application/json"
    assert notification.type == "payment.succeeded"
    assert notification.reference == checkout.reference
    assert notification.event_id == f"payment.succeeded:{checkout.reference}:succeeded"
    assert notification.payload == json.loads(posted.data)


def test_a_refund_notification_names_the_refunded_payment(
    provider, yookassa_server, order
):
    # given: a shop that sends its receipts itself, so refunds carry none
    server = yookassa_server
    server.receipts_required = False
    source = paid(provider, yookassa_server, source_for(order))
    refund_id = provider.refund(
        source=source, amount=Decimal("10.00"), idempotency_key="r-1"
    )
    body = server.notification("refund.succeeded", source.payment_id)

    # when
    notification = provider.notification_read(
        webhook(json.dumps(body).encode(), "2a02:5180:0:1509::17")
    )

    # then
    assert notification.reference == source.payment_id
    assert notification.event_id == f"refund.succeeded:{refund_id}:succeeded"


def test_a_notification_from_elsewhere_is_refused(provider, yookassa_server, order):
    # given
    server = yookassa_server
    checkout = provider.checkout_start(
        source=source_for(order), return_url=RETURN_URL, cancel_url=RETURN_URL
    )
    body = json.dumps(server.notification("payment.succeeded", checkout.reference))

    # when, then
    with pytest.raises(NotificationSignatureError, match=ELSEWHERE_IP):
        provider.notification_read(webhook(body.encode(), ELSEWHERE_IP))
    with pytest.raises(NotificationSignatureError):
        provider.notification_read(webhook(body.encode(), "unknown"))


def test_the_networks_notifications_come_from_can_be_configured():
    # given
    provider = YooKassaProvider({"notification_ips": ["127.0.0.1/32"]})
    body = json.dumps(
        {
            "type": "notification",
            "event": "payment.canceled",
            "object": {"id": "p-1", "status": "canceled", "paid": False},
        }
    ).encode()

    # when
    local = provider.notification_read(webhook(body, "127.0.0.1"))
    mapped = provider.notification_read(webhook(body, "::ffff:127.0.0.1"))

    # then
    assert local == mapped
    assert local.reference == "p-1"
    with pytest.raises(NotificationSignatureError):
        provider.notification_read(webhook(body, YOOKASSA_IP))


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"type": "notification", "event": "payment.succeeded"}',
        b'{"type": "notification", "event": "payment.succeeded", "object": {}}',
        b'{"type": "notification", "event": "payment.succeeded", "object": "p-1"}',
        b'{"type": "notification", "event": "payment.succeeded",'
        b' "object": {"id": "p-1"}}',
        b'{"type": "refund", "event": "payment.succeeded",'
        b' "object": {"id": "p-1", "status": "succeeded"}}',
        b'{"type": "notification", "object": {"id": "p-1", "status": "succeeded"}}',
    ],
)
def test_a_malformed_notification_is_refused(body):
    with pytest.raises(NotificationError, match="not a notification") as raised:
        YooKassaProvider({}).notification_read(webhook(body, YOOKASSA_IP))
    assert not isinstance(raised.value, NotificationSignatureError)


# Failures.


def test_wrong_credentials_are_a_provider_error(yookassa_server, order):
    # given
    provider = provider_for(yookassa_server, secret_key="test_wrong")

    # when, then
    with pytest.raises(ProviderError, match="HTTP 401 invalid_credentials"):
        provider.checkout_start(
            source=source_for(order), return_url=RETURN_URL, cancel_url=RETURN_URL
        )


def test_a_failure_of_yookassa_is_retried_into_the_same_payment(
    provider, yookassa_server, order
):
    # given
    server = yookassa_server
    server.fail_next(500, path="/v3/payments")
    source = source_for(order)

    # when
    with pytest.raises(ProviderError, match="HTTP 500 internal_server_error"):
        provider.checkout_start(
            source=source, return_url=RETURN_URL, cancel_url=RETURN_URL
        )
    checkout = provider.checkout_start(
        source=source, return_url=RETURN_URL, cancel_url=RETURN_URL
    )

    # then
    assert list(server.payments) == [checkout.reference]


def test_an_unreachable_yookassa_is_a_provider_error():
    # given
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    provider = YooKassaProvider(
        {"shop_id": "1", "secret_key": "s", "api_url": f"http://127.0.0.1:{port}/v3"}
    )

    # when, then
    with pytest.raises(ProviderError, match="read payment p-1"):
        provider.payment_get(reference="p-1")


def test_an_unknown_payment_is_a_provider_error(provider):
    with pytest.raises(ProviderError, match="HTTP 404 not_found"):
        provider.payment_get(reference="2f1c0b8e-000f-5000-9000-1a2b3c4d5e6f")


def test_two_shops_never_share_configuration(order):
    # given
    with (
        YooKassaServer(shop_id="1", secret_key="test_one") as one,
        YooKassaServer(shop_id="2", secret_key="test_two") as two,
    ):
        first, second = provider_for(one), provider_for(two)

        # when
        a = first.checkout_start(
            source=source_for(order, 1), return_url=RETURN_URL, cancel_url=RETURN_URL
        )
        b = second.checkout_start(
            source=source_for(order, 2), return_url=RETURN_URL, cancel_url=RETURN_URL
        )
        first.payment_get(reference=a.reference)

        # then
        assert (list(one.payments), list(two.payments)) == (
            [a.reference],
            [b.reference],
        )
    assert yookassa.Configuration.api_url == "https://api.yookassa.ru/v3"
    assert yookassa.Configuration.account_id is None


def test_is_configured_only_with_its_credentials():
    assert YooKassaProvider({"shop_id": "1", "secret_key": "s"}).is_configured()
    assert not YooKassaProvider({"shop_id": "1", "secret_key": ""}).is_configured()
    assert not YooKassaProvider({}).is_configured()


def test_a_partial_refund_carries_the_receipt_of_what_is_given_back(
    provider, yookassa_server, order
):
    # given: one unit of the fairy tales and the delivery given back
    from payments.refunds.models import Refund, RefundReason

    source = paid(provider, yookassa_server, source_for(order))
    source.source_type = SourceType.objects.create(code="yookassa", name="YooKassa")
    source.save()
    part = order.parts.get()
    tales = order.lines.get(title="Сказки")
    refund = Refund.objects.create(
        source=source,
        part=part,
        reason=RefundReason.STAFF,
        currency="RUB",
        amount=Decimal("850.00"),
        shipping=Decimal("350.00"),
        idempotency_key="staff-1",
    )
    refund.lines.create(line=tales, quantity=1, amount=Decimal("500.00"))

    # when
    provider.refund(
        source=source, amount=refund.amount, idempotency_key="r-1", refund=refund
    )

    # then: the local YooKassa, which refuses a refund without its receipt,
    # took it; the receipt names the unit at 10 % and the delivery
    asked = yookassa_server.requests[-1].body
    items = asked["receipt"]["items"]
    assert [(Decimal(str(i["quantity"])), i["amount"]["value"]) for i in items] == [
        (1, "500.00"),
        (1, "350.00"),
    ]
    assert items[0]["description"] == "Сказки"
    assert items[0]["vat_code"] == 3  # YooKassa's code of 10 %
    assert [i["payment_subject"] for i in items] == ["commodity", "service"]
    assert all(i["supplier"]["inn"] == INN for i in items)
