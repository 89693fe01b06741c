"""Card refunds through the local Stripe: the refund reaches Stripe once,
however often it is asked, and the source records it once."""

import json
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from orders.models import OrderPartStatus
from orders.services import order_part_transition
from payments.refunds.models import RefundReason, RefundStatus
from payments.refunds.services import refund_create, refund_execute, refunds_retry
from payments.refunds.tasks import refund_execute_task, refund_for_cancellation_task
from payments.services import payments_reconcile
from payments.tests.stripe_checkout import card_order_place

Refund = get_model("payment", "Refund")

pytestmark = pytest.mark.django_db


@pytest.fixture
def amber(make_products, sell_in):
    """A product on sale in Latvia for 24.90 EUR."""
    product = make_products(1)[0]
    sell_in(product, "LV", "24.90")
    return product


@pytest.fixture
def paid_order(client, stripe_server, amber):
    """A guest's card order of one amber, paid at Stripe and reconciled."""
    order, _response = card_order_place(client, product=amber)
    stripe_server.pay(order.sources.get().reference, deliver=False)
    payments_reconcile(provider_code="stripe")
    order.refresh_from_db()
    return order


@pytest.fixture
def queued(monkeypatch) -> list:
    """The refund jobs queued, each (task, payload pushed through JSON)."""
    jobs: list = []
    for task in (refund_execute_task, refund_for_cancellation_task):
        monkeypatch.setattr(
            task,
            "delay",
            lambda _task=task, **kwargs: jobs.append(
                (_task, json.loads(json.dumps(kwargs)))
            ),
        )
    return jobs


def _stripe_refunds(stripe_server) -> list[tuple[int, str]]:
    return [
        (refund["amount"], refund["payment_intent"])
        for refund in stripe_server.store.refunds.values()
    ]


def test_a_card_refund_goes_to_stripe(
    paid_order, stripe_server, queued, django_capture_on_commit_callbacks
):
    # given
    part = paid_order.parts.get()
    source = paid_order.sources.get()

    # when: staff refund the amber, and the job runs
    with django_capture_on_commit_callbacks(execute=True):
        refund = refund_create(
            part_id=part.pk,
            reason=RefundReason.STAFF,
            lines=[(part.lines.get().pk, 1)],
            note="Damaged in transit",
        )
    [(task, kwargs)] = queued
    task(**kwargs)

    # then
    refund.refresh_from_db()
    source.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert _stripe_refunds(stripe_server) == [(2490, source.payment_id)]
    assert refund.provider_refund_id in stripe_server.store.refunds
    assert source.amount_refunded == Decimal("24.90")
    [request] = [r for r in stripe_server.requests if r.path == "/v1/refunds"]
    assert request.idempotency_key == f"staff-{part.pk}-1"


def test_a_refund_retried_after_stripe_failed_refunds_once(
    paid_order, stripe_server, queued
):
    # given: Stripe fails every try of the job (the library's retries too)
    part = paid_order.parts.get()
    refund = refund_create(
        part_id=part.pk, reason=RefundReason.STAFF, lines=[(part.lines.get().pk, 1)]
    )
    stripe_server.fail_next(r"^/v1/refunds$", status=500, times=3)
    refund_execute(refund_id=refund.pk)
    refund.refresh_from_db()
    failed = refund.status

    # when: the beat asks again, twice
    refunds_retry()
    refunds_retry()

    # then
    assert failed == RefundStatus.FAILED
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert len(stripe_server.store.refunds) == 1
    assert paid_order.sources.get().amount_refunded == Decimal("24.90")


def test_a_refund_stripe_made_whose_answer_was_lost_is_not_made_twice(
    paid_order, stripe_server, queued, settings
):
    # given: Stripe makes the refund but answers too late, every try
    settings.MARKETPLACE_PAYMENT_TIMEOUT = 0.3
    part = paid_order.parts.get()
    refund = refund_create(
        part_id=part.pk, reason=RefundReason.STAFF, lines=[(part.lines.get().pk, 1)]
    )
    stripe_server.delay_next(r"^/v1/refunds$", seconds=1.0, times=3)
    refund_execute(refund_id=refund.pk)
    refund.refresh_from_db()
    failed = refund.status

    # when: asked again, as the beat does, and the job runs late too
    refunds_retry()
    refund_execute(refund_id=refund.pk)

    # then: one refund at Stripe, recorded once
    assert failed == RefundStatus.FAILED
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert len(stripe_server.store.refunds) == 1
    source = paid_order.sources.get()
    assert source.amount_refunded == Decimal("24.90")
    assert source.transactions.filter(txn_type="Refund").count() == 1


def test_cancelling_a_paid_card_part_refunds_it_whole_at_stripe(
    paid_order, stripe_server, queued, django_capture_on_commit_callbacks
):
    # given
    part = paid_order.parts.get()

    # when: the vendor cancels, and the jobs run
    with django_capture_on_commit_callbacks(execute=True):
        order_part_transition(
            part_id=part.pk, to_status=OrderPartStatus.CANCELLED, note="Out of stock"
        )
    while queued:
        task, kwargs = queued.pop(0)
        with django_capture_on_commit_callbacks(execute=True):
            task(**kwargs)

    # then
    refund = Refund.objects.get(part=part)
    assert (refund.reason, refund.status, refund.amount) == (
        RefundReason.CANCELLATION,
        RefundStatus.SUCCEEDED,
        paid_order.total_incl_tax,
    )
    assert _stripe_refunds(stripe_server) == [
        (int(paid_order.total_incl_tax * 100), paid_order.sources.get().payment_id)
    ]
