"""Faults a card payment survives, against real PostgreSQL, Redis and Celery.

Stripe slow or failing, its notifications early, late, twice or out of order,
many news of one payment at once, a worker killed in the middle, two
reconciliations at once: each order is still completed exactly once, charged
once at the local Stripe (payments.fakes), and refunded only when it must be,
once. The single-process behaviour is in test_card_checkout.py.

The races run real threads, each with its own PostgreSQL connection. One pass
of each runs in the default suite; MARKETPLACE_RACE_REPEAT repeats them, as
it repeats the stock allocation race:

    MARKETPLACE_RACE_REPEAT=50 .venv/bin/python -m marketplace.launch test \\
        payments/tests/test_payment_faults.py -k concurrent
"""

import json
import os
import signal
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model

from conftest import TRANSACTIONAL
from marketplace.celery import app as celery_app
from orders.models import OrderPartStatus, OrderStatus
from orders.services import order_payment_abandon
from payments.fakes.stripe_server import sign
from payments.models import ProviderEventStatus, SourceStatus
from payments.providers.registry import provider_get
from payments.services import (
    EVENT_STALE,
    orders_unpaid_expire,
    payment_state_apply,
    payments_reconcile,
    provider_event_process,
    provider_events_retry,
)
from payments.tests.faults import (
    PauseAt,
    backend_alive,
    backends_waiting_for_a_lock,
    eventually,
    outside_a_transaction,
    payment_outcome,
    race,
    reading_payment_sources,
    rows_locked,
    started,
    worker_process,
)
from payments.tests.stripe_checkout import card_order_place, checkout_urls, webhook_post

Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
ProviderEvent = get_model("payment", "ProviderEvent")

REPEAT = int(os.environ.get("MARKETPLACE_RACE_REPEAT", "1"))
# Stripe's "retrieve a Checkout Session", the read every piece of news ends in.
SESSION_READ = r"^/v1/checkout/sessions/[^/]+$"
# The stripe library tries each request three times (max_network_retries=2).
TRIES = 3
PRICE = Decimal("24.90")


def completed_once() -> dict:
    """The payment_outcome of a 24.90 EUR card order completed exactly once."""
    return {
        "status": OrderStatus.PENDING,
        "parts": [OrderPartStatus.PLACED],
        "order_placed": 1,
        "debits": 1,
        "debited": PRICE,
        "refunded": Decimal("0.00"),
        "charges": [2490],
        "refunds": [],
    }


def still_waiting() -> dict:
    """The payment_outcome of a card order paid at Stripe that nothing applied."""
    return {
        "status": OrderStatus.AWAITING_PAYMENT,
        "parts": [OrderPartStatus.AWAITING_PAYMENT],
        "order_placed": 0,
        "debits": 0,
        "debited": Decimal("0.00"),
        "refunded": Decimal("0.00"),
        "charges": [2490],
        "refunds": [],
    }


@pytest.fixture(autouse=True)
def _broker_empty():
    """Keep tasks queued by another test (their rows long gone) from this test's
    workers, and this test's tasks from the next one's."""
    celery_app.control.purge()
    yield
    celery_app.control.purge()


@pytest.fixture
def amber(make_products, sell_in):
    """A product on sale in Latvia for 24.90 EUR, with stock for several orders."""
    product = make_products(1)[0]
    sell_in(product, "LV", str(PRICE), num_in_stock=10)
    return product


def paid(server, order) -> dict:
    """Pay the order's checkout at the local Stripe, telling nobody; return the
    completion event."""
    events = server.pay(order.sources.get().reference, deliver=False)
    return next(e for e in events if e["type"] == "checkout.session.completed")


def session_reads(server, order) -> list:
    reference = order.sources.get().reference
    path = f"/v1/checkout/sessions/{reference}"
    return [r for r in list(server.requests) if r.method == "GET" and r.path == path]


def shopper_like(client) -> Client:
    """Another test client in the same browser session (its cookies)."""
    other = Client()
    other.cookies.load({name: morsel.value for name, morsel in client.cookies.items()})
    return other


# --- Stripe slow, then failing -------------------------------------------------


@TRANSACTIONAL
def test_when_stripe_is_slow_then_fails_the_event_is_kept_and_the_retry_completes_it(
    client, settings, region_data, stripe_server, amber, celery_worker_thread
):
    # given: paid at Stripe; Stripe now answers the session's reads later than
    # the site waits (1 s here; 20 s in production)
    urls = checkout_urls()
    order, _response = card_order_place(client, product=amber)
    completed = paid(stripe_server, order)
    settings.MARKETPLACE_PAYMENT_TIMEOUT = 1
    stripe_server.delay_next(SESSION_READ, seconds=3, times=TRIES)

    # when: the shopper comes back while Stripe is slow
    waiting = client.get(urls["return"])

    # then: the page waits and says so; nothing is applied
    assert waiting.status_code == 200
    assert 'http-equiv="refresh"' in waiting.content.decode()
    assert payment_outcome(order, stripe_server) == still_waiting()

    # when: Stripe's notification comes, and Stripe answers the worker's read
    # with 500s (each of the library's tries)
    stripe_server.fail_next(SESSION_READ, status=500, times=TRIES)
    assert webhook_post(client, stripe_server, completed["id"]).status_code == 200
    event = eventually(
        lambda: ProviderEvent.objects.filter(status=ProviderEventStatus.FAILED).first()
    )

    # then: the event is kept, to be tried again later
    assert event.attempts == 1
    assert event.next_attempt_at > timezone.now()
    assert "An unknown error occurred" in event.last_error
    assert payment_outcome(order, stripe_server) == still_waiting()

    # when: its time comes and the retry job runs
    ProviderEvent.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    tried = provider_events_retry()
    landed = client.get(urls["return"], follow=True)

    # then
    assert tried == 1
    assert payment_outcome(order, stripe_server) == completed_once()
    event.refresh_from_db()
    assert (event.status, event.attempts) == (ProviderEventStatus.PROCESSED, 2)
    assert landed.redirect_chain[-1][0] == urls["thanks"]


# --- Stripe's notifications and the shopper, in any order ----------------------


def _notified_then_shopper(client, server, order) -> list:
    server.pay(order.sources.get().reference)  # Stripe delivers at once
    server.wait_for_deliveries()
    eventually(lambda: Order.objects.get(pk=order.pk).status == OrderStatus.PENDING)
    return []


def _shopper_then_notified(client, server, order) -> list:
    events = server.pay(order.sources.get().reference, deliver=False)
    client.get(checkout_urls()["return"])
    return [server.deliver(event["id"]) for event in events]


def _notified_twice(client, server, order) -> list:
    events = server.pay(order.sources.get().reference)
    server.wait_for_deliveries()
    return [server.deliver(event["id"]) for event in events]


def _notified_out_of_order(client, server, order) -> list:
    """The completion first, then the payment's, then an "expired" that Stripe
    sent before the payment but that was held up on the way."""
    reference = order.sources.get().reference
    events = server.pay(reference, deliver=False)
    stale = {
        "id": "evt_held_up_expiry",
        "object": "event",
        "created": events[0]["created"] - 60,
        "type": "checkout.session.expired",
        "data": {"object": {"id": reference, "object": "checkout.session"}},
    }
    server.store.events[stale["id"]] = stale
    return [server.deliver(event["id"]) for event in [*reversed(events), stale]]


def _notified_while_the_shopper_returns(client, server, order) -> list:
    server.pay(order.sources.get().reference)  # the worker races the return page
    return []


@TRANSACTIONAL
@pytest.mark.parametrize(
    "news",
    [
        _notified_then_shopper,
        _shopper_then_notified,
        _notified_twice,
        _notified_out_of_order,
        _notified_while_the_shopper_returns,
    ],
    ids=[
        "notified-first",
        "shopper-first",
        "notified-twice",
        "out-of-order",
        "at-once",
    ],
)
def test_stripes_notifications_and_the_shopper_complete_the_order_once_in_any_order(
    client, shop_server, stripe_server, celery_worker_thread, amber, news
):
    # given: Stripe notifies the live site, and a worker acts on what it stores
    urls = checkout_urls()
    stripe_server.webhook_url = shop_server + urls["webhook"]
    order, _response = card_order_place(client, product=amber)

    # when
    redelivered = news(client, stripe_server, order)
    landed = client.get(urls["return"], follow=True)
    stripe_server.wait_for_deliveries()

    # then: every notification was taken, stored once and acted on
    assert landed.redirect_chain[-1][0] == urls["thanks"]
    assert set(redelivered) <= {200}
    assert {delivery.status for delivery in stripe_server.deliveries} == {200}
    delivered = {delivery.event_id for delivery in stripe_server.deliveries}
    eventually(
        lambda: (
            set(
                ProviderEvent.objects.filter(
                    status=ProviderEventStatus.PROCESSED
                ).values_list("event_id", flat=True)
            )
            == delivered
        )
    )
    assert ProviderEvent.objects.count() == len(delivered)
    assert payment_outcome(order, stripe_server) == completed_once()


# --- many news of one payment at once -------------------------------------------


@TRANSACTIONAL
@pytest.mark.parametrize("round_", range(REPEAT))
def test_concurrent_news_of_one_payment_complete_the_order_once(
    client, region_data, stripe_server, amber, round_
):
    # given: paid; Stripe's notification stored; nine appliers of the payment:
    # its state as read from Stripe, the stored event, and the shopper's tabs
    order, _response = card_order_place(client, product=amber)
    completed = paid(stripe_server, order)
    webhook_post(client, stripe_server, completed["id"])  # its task is purged
    event = ProviderEvent.objects.get()
    state = provider_get("stripe").payment_get(
        reference=completed["data"]["object"]["id"]
    )
    tabs = [shopper_like(client) for _tab in range(3)]

    def shopper_returns(tab):
        response = tab.get(checkout_urls()["return"])
        assert response.status_code == 302, response.status_code

    calls = []
    for tab in tabs:
        calls += [
            lambda: payment_state_apply(provider_code="stripe", state=state),
            lambda: provider_event_process(event_id=event.pk),
            lambda tab=tab: shopper_returns(tab),
        ]

    # when
    outcomes = race(calls)

    # then: no deadlock, no constraint broken, one completion
    assert outcomes == ["ok"] * len(calls)
    assert payment_outcome(order, stripe_server) == completed_once()
    assert order.sources.get().status == SourceStatus.PAID


@TRANSACTIONAL
def test_a_shopper_returning_while_a_worker_completes_the_order_is_thanked(
    client, region_data, stripe_server, amber
):
    # given: paid; the shopper's return page has read the order (still
    # waiting) and is held back before it reads the payment
    order, _response = card_order_place(client, product=amber)
    completed = paid(stripe_server, order)
    state = provider_get("stripe").payment_get(
        reference=completed["data"]["object"]["id"]
    )
    pause = PauseAt(reading_payment_sources)
    answers = []

    def shopper_returns():
        with connection.execute_wrapper(pause):
            answers.append(client.get(checkout_urls()["return"]))

    returning = started(shopper_returns)
    eventually(pause.paused.is_set)

    # when: a worker completes the order, then the return page goes on
    payment_state_apply(provider_code="stripe", state=state)
    pause.go.set()

    # then: the shopper is sent on to the thank-you page, not told to wait
    assert returning() == "ok"
    assert answers[0].status_code == 302
    assert answers[0]["Location"] == checkout_urls()["pay"]
    assert payment_outcome(order, stripe_server) == completed_once()


@TRANSACTIONAL
@pytest.mark.parametrize("round_", range(REPEAT))
def test_concurrent_reconciliations_complete_each_order_once_and_refund_once(
    region_data, stripe_server, amber, round_
):
    # given: four card orders paid at Stripe: one completed by its
    # notification, two whose news never came, and one given up (its stock
    # released) before its payment came; a fifth never paid
    placed = [
        card_order_place(Client(), product=amber, email=f"shopper{n}@example.com")[0]
        for n in range(5)
    ]
    notified, silent, other_silent, given_up, unpaid = placed
    order_payment_abandon(order_id=given_up.pk)
    given_up.sources.update(status=SourceStatus.FAILED)
    for order in (notified, silent, other_silent, given_up):
        paid(stripe_server, order)
    payment_state_apply(
        provider_code="stripe",
        state=provider_get("stripe").payment_get(
            reference=notified.sources.get().reference
        ),
    )

    # when: two reconciliation jobs run at once
    outcomes = race([lambda: payments_reconcile(provider_code="stripe")] * 2)

    # then
    assert outcomes == ["ok", "ok"]
    for order in (notified, silent, other_silent):
        assert payment_outcome(order, stripe_server) == completed_once()
    assert payment_outcome(given_up, stripe_server) == {
        "status": OrderStatus.CANCELLED,
        "parts": [OrderPartStatus.CANCELLED],
        "order_placed": 0,
        "debits": 1,
        "debited": PRICE,
        "refunded": PRICE,
        "charges": [2490],
        "refunds": [2490],
    }
    assert given_up.sources.get().status == SourceStatus.SURPLUS
    assert len(stripe_server.store.refunds) == 1
    assert payment_outcome(unpaid, stripe_server)["status"] == (
        OrderStatus.AWAITING_PAYMENT
    )


@TRANSACTIONAL
def test_a_surplus_payment_applied_twice_at_once_is_refunded_once_without_error(
    client, region_data, stripe_server, amber
):
    # given: an order given up, whose payment then came; one applier of it has
    # marked it surplus and committed, and is held back before it refunds
    order, _response = card_order_place(client, product=amber)
    order_payment_abandon(order_id=order.pk)
    completed = paid(stripe_server, order)
    state = provider_get("stripe").payment_get(
        reference=completed["data"]["object"]["id"]
    )
    pause = PauseAt(outside_a_transaction)

    def first_applier():
        with connection.execute_wrapper(pause):
            payment_state_apply(provider_code="stripe", state=state)

    first = started(first_applier)
    eventually(pause.paused.is_set)

    # when: another applies the same payment (and refunds it), then the first
    # goes on
    payment_state_apply(provider_code="stripe", state=state)
    pause.go.set()

    # then: one refund, and neither applier fails
    assert first() == "ok"
    assert len(stripe_server.store.refunds) == 1
    source = order.sources.get()
    assert (source.status, source.amount_refunded) == (SourceStatus.SURPLUS, PRICE)


# --- a worker killed in the middle ---------------------------------------------


@TRANSACTIONAL
def test_a_worker_killed_while_stripe_answers_leaves_the_order_to_the_retry_job(
    client, region_data, stripe_server, amber
):
    # given: paid; Stripe will hold its answer to the worker's read for a minute
    order, _response = card_order_place(client, product=amber)
    completed = paid(stripe_server, order)
    stripe_server.delay_next(SESSION_READ, seconds=60)
    with worker_process(stripe_server) as worker:
        webhook_post(client, stripe_server, completed["id"])
        eventually(lambda: session_reads(stripe_server, order), timeout=60)

        # when: the worker is killed while it waits for Stripe
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    # then: nothing was applied; the event is still "received"
    assert payment_outcome(order, stripe_server) == still_waiting()
    event = ProviderEvent.objects.get()
    assert (event.status, event.attempts) == (ProviderEventStatus.RECEIVED, 0)

    # when: the event is stale, and the retry job runs
    ProviderEvent.objects.update(
        created_at=timezone.now() - EVENT_STALE - timedelta(seconds=1)
    )
    tried = provider_events_retry()

    # then
    assert tried == 1
    assert payment_outcome(order, stripe_server) == completed_once()
    event.refresh_from_db()
    assert event.status == ProviderEventStatus.PROCESSED


@TRANSACTIONAL
def test_a_worker_killed_inside_its_transaction_leaves_nothing_half_done(
    client, region_data, stripe_server, amber
):
    # given: paid; another connection holds the order's parts, so that the
    # worker, having locked the order and recorded the debit, waits for them
    # inside its transaction (a device to stop it there)
    order, _response = card_order_place(client, product=amber)
    completed = paid(stripe_server, order)
    with (
        rows_locked(OrderPart.objects.filter(order=order)),
        worker_process(stripe_server) as worker,
    ):
        webhook_post(client, stripe_server, completed["id"])
        [(backend, has_written)] = eventually(backends_waiting_for_a_lock, timeout=60)
        assert has_written

        # when: the worker is killed there
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

        # then: none of its work is visible
        assert payment_outcome(order, stripe_server) == still_waiting()

    # and: once the parts are free, PostgreSQL finds the worker gone and
    # rolls its transaction back; still nothing of it is visible
    eventually(lambda: not backend_alive(backend))
    assert payment_outcome(order, stripe_server) == still_waiting()
    assert order.sources.get().status == SourceStatus.PENDING

    # when: the event is stale, and the retry job runs
    ProviderEvent.objects.update(
        created_at=timezone.now() - EVENT_STALE - timedelta(seconds=1)
    )
    tried = provider_events_retry()

    # then
    assert tried == 1
    assert payment_outcome(order, stripe_server) == completed_once()


# --- Stripe's refusals ---------------------------------------------------------


@pytest.mark.django_db
def test_an_order_whose_checkout_stripe_did_not_close_is_not_given_up(
    client, stripe_server, amber
):
    # given: its payment window closed; Stripe refuses to expire its checkout
    order, _response = card_order_place(client, product=amber)
    reference = order.sources.get().reference
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - timedelta(hours=2)
    )
    stripe_server.fail_next(r"/expire$", status=400)

    # when
    given_up = orders_unpaid_expire()

    # then: the checkout can still be paid, so the order still waits for it
    assert stripe_server.store.sessions[reference]["status"] == "open"
    assert given_up == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT


# --- bad input -------------------------------------------------------------------


def _signed_by_another(payload: bytes, secret: str) -> tuple[bytes, str]:
    return payload, sign(payload, "whsec_someone_else")


def _signed_301_s_ago(payload: bytes, secret: str) -> tuple[bytes, str]:
    return payload, sign(payload, secret, timestamp=int(time.time()) - 301)


def _amount_changed_after_signing(payload: bytes, secret: str) -> tuple[bytes, str]:
    signature = sign(payload, secret)
    event = json.loads(payload)
    event["data"]["object"]["amount_total"] = 1
    return json.dumps(event).encode(), signature


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forge",
    [_signed_by_another, _signed_301_s_ago, _amount_changed_after_signing],
    ids=["another-secret", "too-old", "amount-changed"],
)
def test_a_notification_not_as_stripe_signed_it_now_is_refused(
    client, stripe_server, amber, forge, caplog
):
    # given: a notification of a real payment, not as Stripe signed it now
    order, _response = card_order_place(client, product=amber)
    completed = paid(stripe_server, order)
    payload, _signature = stripe_server.signed_delivery(completed["id"])
    payload, signature = forge(payload, stripe_server.webhook_secret)

    # when
    response = client.post(
        checkout_urls()["webhook"],
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )

    # then: refused, logged, nothing stored, the order still waits
    assert response.status_code == 403
    assert "stripe notification refused" in caplog.text
    assert not ProviderEvent.objects.exists()
    assert payment_outcome(order, stripe_server) == still_waiting()
