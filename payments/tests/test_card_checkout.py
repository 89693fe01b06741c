"""Paying by card through Stripe Checkout: the order exists, awaiting its
payment, before the shopper pays; Stripe's answer completes it exactly once."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import OrderPartStatus, OrderStatus
from orders.selectors import seller_order_part_list, seller_order_part_row_get
from payments.fakes.stripe_server import sign
from payments.models import ProviderEventStatus, SourceStatus
from payments.providers.registry import provider_get
from payments.services import (
    orders_unpaid_expire,
    payment_state_apply,
    payments_reconcile,
    provider_event_process,
)
from payments.tests.stripe_checkout import card_order_place, checkout_urls, webhook_post

LedgerEntry = get_model("payment", "LedgerEntry")
OrderNotification = get_model("order", "OrderNotification")
ProviderEvent = get_model("payment", "ProviderEvent")
Source = get_model("payment", "Source")

pytestmark = pytest.mark.django_db


@pytest.fixture
def amber(make_products, sell_in):
    """A product on sale in Latvia for 24.90 EUR, one unit left there."""
    product = make_products(1)[0]
    sell_in(product, "LV", "24.90", num_in_stock=1)
    return product


def _session(server, order):
    source = order.sources.get()
    return server.store.sessions[source.reference]


def test_card_order_waits_for_its_payment_with_its_stock_held(
    client, stripe_server, amber
):
    # when
    order, response = card_order_place(client, product=amber)

    # then: the order and its stock wait; the vendors know nothing yet
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert {part.status for part in order.parts.all()} == {
        OrderPartStatus.AWAITING_PAYMENT
    }
    assert amber.stockrecords.get(market="LV").num_allocated == 1
    assert not OrderNotification.objects.filter(order=order).exists()
    source = order.sources.get()
    assert source.status == SourceStatus.PENDING
    assert source.idempotency_key == f"{order.number}-1"
    assert response.status_code == 302
    assert response["Location"] == f"{stripe_server.url}/pay/{source.reference}"
    session = _session(stripe_server, order)
    assert (session["amount_total"], session["currency"]) == (
        int(order.total_incl_tax * 100),
        "eur",
    )
    creates = [r for r in stripe_server.requests if r.path == "/v1/checkout/sessions"]
    assert [r.idempotency_key for r in creates] == [f"{order.number}-1"]


def test_the_vendor_does_not_see_a_part_awaiting_payment(client, stripe_server, amber):
    # given
    order, _response = card_order_place(client, product=amber)
    part = order.parts.get()

    # when
    listed = seller_order_part_list(vendor=part.vendor)

    # then
    assert part not in listed
    with pytest.raises(part.DoesNotExist):
        seller_order_part_row_get(vendor=part.vendor, number=order.number)


def test_paying_and_coming_back_completes_the_order_once(
    client, stripe_server, amber, django_capture_on_commit_callbacks
):
    # given: the shopper paid on Stripe's page; Stripe's events are held back
    order, _response = card_order_place(client, product=amber)
    source = order.sources.get()
    events = stripe_server.pay(source.reference, deliver=False)

    # when: the shopper comes back, then Stripe's notifications arrive, twice
    response = client.get(checkout_urls()["return"], follow=True)
    for event in events + events:
        with django_capture_on_commit_callbacks(execute=False):
            webhook_post(client, stripe_server, event["id"])
    for event in ProviderEvent.objects.all():
        provider_event_process(event_id=event.pk)

    # then
    assert response.redirect_chain[-1][0] == checkout_urls()["thanks"]
    order.refresh_from_db()
    source.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert {part.status for part in order.parts.all()} == {OrderPartStatus.PLACED}
    assert source.status == SourceStatus.PAID
    assert source.amount_debited == order.total_incl_tax
    assert source.payment_id.startswith("pi_")
    # the shopper's confirmation, once (the test's vendor has no owner to tell)
    kinds = list(OrderNotification.objects.filter(order=order).values_list("kind"))
    assert kinds == [("order_placed",)]
    assert ProviderEvent.objects.count() == len(events)
    assert set(ProviderEvent.objects.values_list("status", flat=True)) == {
        ProviderEventStatus.PROCESSED
    }
    # the vendor is owed the sale less the commission fixed when it was placed
    commission = sum(line.commission.amount_incl_tax for line in order.lines.all())
    owed = LedgerEntry.objects.filter(part__order=order).aggregate(Sum("amount"))
    assert owed["amount__sum"] == order.total_incl_tax - commission > 0


def test_a_notification_before_the_shopper_returns_completes_the_order(
    client, stripe_server, amber, django_capture_on_commit_callbacks
):
    # given
    order, _response = card_order_place(client, product=amber)
    events = stripe_server.pay(order.sources.get().reference, deliver=False)
    completed = next(e for e in events if e["type"] == "checkout.session.completed")

    # when: Stripe's notification comes first, then the shopper
    with django_capture_on_commit_callbacks(execute=True):
        webhook_post(client, stripe_server, completed["id"])
    response = client.get(checkout_urls()["return"], follow=True)

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert response.redirect_chain[-1][0] == checkout_urls()["thanks"]
    assert OrderNotification.objects.filter(kind="order_placed").count() == 1


def test_an_expiry_notification_after_the_payment_changes_nothing(
    client, stripe_server, amber, django_capture_on_commit_callbacks
):
    # given: paid; an older "expired" event of the session arrives late
    order, _response = card_order_place(client, product=amber)
    reference = order.sources.get().reference
    stripe_server.pay(reference, deliver=False)
    client.get(checkout_urls()["return"])
    stale = {
        "id": "evt_stale_expiry",
        "type": "checkout.session.expired",
        "data": {"object": {"id": reference, "object": "checkout.session"}},
    }
    stripe_server.store.events[stale["id"]] = stale

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = webhook_post(client, stripe_server, stale["id"])

    # then: the payment is read from Stripe, not from the event
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert order.sources.get().status == SourceStatus.PAID


@pytest.mark.parametrize(
    ("signature", "status"),
    [("", 403), ("t=1,v1=forged", 403), (None, 400)],
    ids=["unsigned", "forged", "not-json"],
)
def test_a_notification_not_signed_by_stripe_is_refused(
    client, stripe_server, amber, signature, status, caplog
):
    # given
    order, _response = card_order_place(client, product=amber)
    events = stripe_server.pay(order.sources.get().reference, deliver=False)
    payload, _signed = stripe_server.signed_delivery(events[-1]["id"])
    if signature is None:  # signed as Stripe signs, but not an event
        payload = b"not json"
        signature = sign(payload, stripe_server.webhook_secret)

    # when
    response = client.post(
        checkout_urls()["webhook"],
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )

    # then: refused, logged, nothing stored, the order still waits
    assert response.status_code == status
    assert "notification refused" in caplog.text
    assert not ProviderEvent.objects.exists()
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT


def test_a_tampered_return_url_is_ignored(client, stripe_server, amber):
    # given: not paid; the shopper makes up a return URL
    order, _response = card_order_place(client, product=amber)
    url = checkout_urls()["return"]

    # when
    response = client.get(
        url, {"session_id": "cs_test_forged", "amount": "1", "currency": "usd"}
    )

    # then: the payment is read from Stripe, and is not there
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert response.status_code == 200
    assert 'http-equiv="refresh"' in response.content.decode()


def test_when_stripe_fails_the_order_waits_and_a_retry_asks_for_the_same_payment(
    client, stripe_server, amber
):
    # given: Stripe answers 500 when the checkout is asked for
    stripe_server.fail_next(r"^/v1/checkout/sessions$", status=500, times=3)

    # when
    order, response = card_order_place(client, product=amber)
    page = client.get(response["Location"])
    retried = client.post(checkout_urls()["pay"])
    again = client.post(checkout_urls()["pay"])  # a double click

    # then: nothing charged, the shopper told so, and one checkout at Stripe
    assert response["Location"] == checkout_urls()["pay"]
    assert "nothing was charged" in page.content.decode()
    assert order.sources.count() == 1
    reference = order.sources.get().reference
    assert (
        retried["Location"]
        == again["Location"]
        == (f"{stripe_server.url}/pay/{reference}")
    )
    assert len(stripe_server.store.sessions) == 1
    keys = {r.idempotency_key for r in stripe_server.requests if r.method == "POST"}
    assert keys == {f"{order.number}-1"}


def test_reconciliation_completes_a_payment_whose_news_never_came(
    client, stripe_server, amber
):
    # given: paid, but no notification arrived and the shopper never came back
    order, _response = card_order_place(client, product=amber)
    stripe_server.pay(order.sources.get().reference, deliver=False)

    # when
    read = payments_reconcile(provider_code="stripe")

    # then
    assert read == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert order.sources.get().amount_debited == order.total_incl_tax


def test_an_order_unpaid_in_its_window_is_given_up_and_its_stock_released(
    client, stripe_server, amber
):
    # given: an hour and more has passed
    order, _response = card_order_place(client, product=amber)
    order.__class__.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - timedelta(hours=2)
    )

    # when
    given_up = orders_unpaid_expire()

    # then: Stripe's checkout is closed, the order cancelled, the unit free
    assert given_up == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert _session(stripe_server, order)["status"] == "expired"
    assert amber.stockrecords.get(market="LV").num_allocated == 0
    assert order.sources.get().status == SourceStatus.FAILED


def test_a_payment_that_comes_after_the_order_was_given_up_is_refunded_whole(
    client, stripe_server, amber
):
    # given: the order was given up while its checkout still took the payment
    order, _response = card_order_place(client, product=amber)
    source = order.sources.get()
    order.__class__.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - timedelta(hours=2)
    )
    stripe_server.fail_next(r"/expire$", status=500, times=3)
    orders_unpaid_expire()  # Stripe could not close the checkout: nothing given up
    stripe_server.pay(source.reference, deliver=False)
    order.__class__.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)
    order.parts.update(status=OrderPartStatus.CANCELLED)

    # when
    payments_reconcile(provider_code="stripe")

    # then: the money went back at Stripe, and the source says so
    source.refresh_from_db()
    assert source.status == SourceStatus.SURPLUS
    assert source.amount_refunded == source.amount_debited == Decimal("24.90")
    refunds = list(stripe_server.store.refunds.values())
    assert [refund["amount"] for refund in refunds] == [2490]


def test_a_payment_of_another_amount_is_given_back_not_taken(
    client, stripe_server, amber
):
    # given: a payment that reports less than the order's total was captured
    order, _response = card_order_place(client, product=amber)
    source = order.sources.get()
    stripe_server.pay(source.reference, deliver=False)
    state = provider_get("stripe").payment_get(reference=source.reference)
    short = replace(state, amount=Decimal("10.00"))

    # when
    payment_state_apply(provider_code="stripe", state=short)

    # then: the order still waits; what was captured is refunded
    order.refresh_from_db()
    source.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert source.status == SourceStatus.SURPLUS
    assert source.amount_debited == source.amount_refunded == Decimal("10.00")
    assert [r["amount"] for r in stripe_server.store.refunds.values()] == [1000]
