"""Order emails are owed in the event's own transaction and relayed once."""

import smtplib
import time

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from conftest import TRANSACTIONAL
from orders.models import OrderNotificationKind, OrderPartStatus
from orders.services import (
    NOTIFICATION_MAX_ATTEMPTS,
    order_notifications_relay,
    order_part_transition,
)
from orders.tasks import order_notifications_send_task

Basket = get_model("basket", "Basket")
Market = get_model("catalogue", "Market")
OrderNotification = get_model("order", "OrderNotification")
Partner = get_model("partner", "Partner")
Free = get_class("shipping.methods", "Free")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("connection refused")


@pytest.fixture(autouse=True)
def _deliver_to_outbox(settings):
    settings.MARKETPLACE_EMAIL_DELIVERY_BACKEND = LOCMEM
    mail.outbox.clear()


@pytest.fixture
def vendors(make_seller):
    """A Russian and a Korean vendor, each with its owner and a product."""
    honey = make_seller("Медовая заимка", email="honey@example.com")
    jeju = make_seller("Jeju Sum", email="jeju@example.com")
    Partner.objects.filter(pk=jeju.partner_id).update(language="ko")
    products = {
        "honey": create_product(
            title="Мёд", price="1000.00", partner_name="Медовая заимка", num_in_stock=5
        ),
        "tea": create_product(
            title="Чай", price="500.00", partner_name="Jeju Sum", num_in_stock=5
        ),
    }
    return honey, jeju, products


def place(items, *, email: str = "anna@example.com", language: str = "ru"):
    market = Market.objects.get(pk="RU")
    basket = Basket.objects.create(market=market)
    basket.strategy = Selector().strategy(market=market)
    for product, quantity in items:
        basket.add_product(product, quantity)
    shipping = Free().calculate(basket)
    with translation.override(language):
        return OrderCreator().place_order(
            basket=basket,
            total=OrderTotalCalculator().calculate(basket, shipping),
            shipping_method=Free(),
            shipping_charge=shipping,
            guest_email=email,
        )


@pytest.mark.django_db
def test_a_new_order_owes_the_shopper_and_each_vendor_owner_an_email_in_their_language(
    vendors,
):
    # given
    _honey, _jeju, products = vendors

    # when
    order = place([(products["honey"], 1), (products["tea"], 2)])

    # then
    owed = {
        (n.recipient, n.kind, n.language)
        for n in OrderNotification.objects.filter(order=order)
    }
    assert owed == {
        ("anna@example.com", OrderNotificationKind.ORDER_PLACED, "ru"),
        ("honey@example.com", OrderNotificationKind.PART_RECEIVED, "ru"),
        ("jeju@example.com", OrderNotificationKind.PART_RECEIVED, "ko"),
    }


@pytest.mark.django_db
def test_an_order_that_is_refused_owes_nothing(vendors):
    # given: more honey than there is
    _honey, _jeju, products = vendors

    # when
    with pytest.raises(UnableToPlaceOrder):
        place([(products["tea"], 1), (products["honey"], 6)])

    # then
    assert not OrderNotification.objects.exists()


@pytest.mark.django_db
def test_each_email_is_sent_once_in_its_recipients_language(vendors):
    # given: an order in Korean; the Korean vendor ships its part
    _honey, _jeju, products = vendors
    order = place([(products["tea"], 1)], email="minji@example.com", language="ko")
    part = order.parts.get()
    for status in ("accepted", "packed", "shipped"):
        order_part_transition(part_id=part.pk, to_status=status)

    # when: the relay runs, then runs again
    first = order_notifications_relay()
    second = order_notifications_relay()

    # then: the vendor's news, the shopper's confirmation and shipping email
    assert (first, second) == (3, 0)
    to_vendor = next(m for m in mail.outbox if m.to == ["jeju@example.com"])
    placed, to_shopper = sorted(
        (m for m in mail.outbox if m.to == ["minji@example.com"]),
        key=lambda m: "Jeju Sum" in m.subject,
    )
    assert f"주문 #{order.number}" in placed.subject
    assert "접수" in placed.subject
    assert "판매자: Jeju Sum" in placed.body
    assert "- Чай \u00d7 1: " in placed.body
    assert f"새 주문 #{order.number}" in to_vendor.subject
    assert f"/ko/seller/orders/{order.number}/" in to_vendor.body
    line = order.lines.get()
    assert f"- Чай ({line.partner_sku}) \u00d7 1" in to_vendor.body
    assert "Jeju Sum" in to_shopper.subject
    assert "발송" in to_shopper.subject
    assert f"/ko/accounts/order-status/{order.number}/" in to_shopper.body
    assert to_shopper.extra_headers["Message-ID"].startswith("<order-notification-")
    assert not OrderNotification.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_cancelled_email_gives_the_reason(vendors):
    # given
    _honey, _jeju, products = vendors
    order = place([(products["honey"], 1)])
    order_part_transition(
        part_id=order.parts.get().pk,
        to_status=OrderPartStatus.CANCELLED,
        note="Пчёлы не успели",
    )

    # when
    order_notifications_relay()

    # then
    to_shopper = next(
        m for m in mail.outbox if m.to == ["anna@example.com"] and "Пчёлы" in m.body
    )
    assert "отменены" in to_shopper.subject
    assert "Причина: Пчёлы не успели" in to_shopper.body


@pytest.mark.django_db
def test_a_refusing_mail_server_is_tried_again_then_left_to_staff(settings, vendors):
    # given
    settings.MARKETPLACE_EMAIL_DELIVERY_BACKEND = (
        f"{__name__}.{RefusingBackend.__qualname__}"
    )
    _honey, _jeju, products = vendors
    place([(products["honey"], 1)])

    # when: more runs than tries
    for _run in range(NOTIFICATION_MAX_ATTEMPTS + 2):
        order_notifications_relay()

    # then: the shopper's and the vendor's email, each tried that many times
    notifications = OrderNotification.objects.all()
    assert len(notifications) == 2
    for notification in notifications:
        assert notification.sent_at is None
        assert notification.attempts == NOTIFICATION_MAX_ATTEMPTS
        assert "connection refused" in notification.last_error


def wait_for_mail(count: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)


@TRANSACTIONAL
def test_a_worker_sends_the_email_queued_when_the_order_commits(
    region_data, celery_worker_thread, vendors
):
    # given
    _honey, _jeju, products = vendors

    # when: the order commits, which queues the relay to the worker
    order = place([(products["honey"], 1)])
    wait_for_mail(2)

    # then
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["anna@example.com", "honey@example.com"]
    assert f"Новый заказ №{order.number}" in by_recipient["honey@example.com"].subject
    assert f"Ваш заказ №{order.number}" in by_recipient["anna@example.com"].subject


@pytest.mark.django_db
def test_an_email_whose_task_was_lost_is_sent_by_the_beat_job(vendors):
    # given: an order placed, but its relay never queued (in this test the
    # transaction never commits, as for a process that died just after it)
    _honey, _jeju, products = vendors
    place([(products["honey"], 1)])
    assert mail.outbox == []

    # when: beat's periodic run
    order_notifications_send_task.apply()

    # then
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@example.com",
        "honey@example.com",
    ]
