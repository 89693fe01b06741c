"""Refunds follow orders: an accepted return refunds exactly its units, a
cancelled paid part is refunded whole, each by a job queued after commit."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from orders.models import OrderPartStatus
from orders.returns.services import return_request_create, return_request_decide
from orders.services import order_part_transition
from payments.refunds.models import RefundReason, RefundStatus
from payments.refunds.tasks import refund_for_cancellation_task, refund_for_return_task
from payments.refunds.tests.conftest import (
    CARD,
    CASH,
    card_paid,
    cash_delivered,
    jobs_run,
)

Order = get_model("order", "Order")
Refund = get_model("payment", "Refund")

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper():
    return get_user_model().objects.create_user(
        username="minji", email="minji@example.com", password="pw-minji-12345"
    )


def _honey_order(shop, shopper, *, paid_by: str) -> "Order":
    """Minji's order of 3 jars of honey at 1 000.00 and a spoon at 300.00,
    with 250.00 of delivery."""
    vendor = shop.vendor("Медовая заимка")
    jar = shop.product(vendor, "RU", "1000.00", title="Мёд")
    spoon = shop.product(vendor, "RU", "300.00", title="Ложка")
    order = shop.order(
        [(jar, 3), (spoon, 1)], shipping={vendor: "250.00"}, paid_by=paid_by
    )
    Order.objects.filter(pk=order.pk).update(user=shopper)
    order.refresh_from_db()
    return order


def test_an_accepted_return_refunds_exactly_the_returned_units(
    shop, shopper, card_provider, jobs, django_capture_on_commit_callbacks
):
    # given: a delivered card order; Minji returns 2 jars of 3
    order = card_paid(_honey_order(shop, shopper, paid_by=CARD))
    part = shop.deliver(order.parts.get())
    jar = part.lines.get(title="Мёд")
    request = return_request_create(
        part_id=part.pk,
        user=shopper,
        reason="damaged",
        description="Банки треснули",
        quantities={jar.pk: 2},
    )

    # when: the vendor accepts it
    with django_capture_on_commit_callbacks(execute=True):
        return_request_decide(
            request_id=request.pk, vendor=part.vendor, accept=True, actor=shopper
        )
    queued = [(task, kwargs) for task, kwargs in jobs]
    jobs_run(jobs, django_capture_on_commit_callbacks)

    # then
    assert queued == [(refund_for_return_task, {"return_request_id": request.pk})]
    refund = Refund.objects.get(part=part)
    assert (refund.reason, refund.return_request_id, refund.amount) == (
        RefundReason.RETURN,
        request.pk,
        Decimal("2000.00"),
    )
    assert refund.shipping == 0
    assert [(each.line_id, each.quantity) for each in refund.lines.all()] == [
        (jar.pk, 2)
    ]
    assert refund.status == RefundStatus.SUCCEEDED
    assert card_provider.refunds == {f"return-{request.pk}": Decimal("2000.00")}


def test_the_same_return_is_refunded_once(shop, shopper, card_provider, jobs):
    # given: an accepted return, refunded
    order = cash_delivered(shop, _honey_order(shop, shopper, paid_by=CASH))
    part = order.parts.get()
    jar = part.lines.get(title="Мёд")
    request = return_request_create(
        part_id=part.pk,
        user=shopper,
        reason="changed_mind",
        description="",
        quantities={jar.pk: 1},
    )
    return_request_decide(
        request_id=request.pk, vendor=part.vendor, accept=True, actor=shopper
    )
    refund_for_return_task(return_request_id=request.pk)

    # when: its job runs again
    refund_for_return_task(return_request_id=request.pk)

    # then: one refund, recorded (cash on delivery), no provider asked
    refund = Refund.objects.get(part=part)
    assert (refund.status, refund.amount) == (RefundStatus.SUCCEEDED, Decimal("1000"))
    assert card_provider.asks == []


def test_cancelling_a_paid_part_refunds_it_whole(
    shop, shopper, card_provider, jobs, django_capture_on_commit_callbacks
):
    # given
    order = card_paid(_honey_order(shop, shopper, paid_by=CARD))
    part = order.parts.get()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        order_part_transition(
            part_id=part.pk, to_status=OrderPartStatus.CANCELLED, note="Нет мёда"
        )
    queued = [(task, kwargs) for task, kwargs in jobs]
    jobs_run(jobs, django_capture_on_commit_callbacks)

    # then: every unit and the delivery, at the provider
    assert queued == [(refund_for_cancellation_task, {"part_id": part.pk})]
    refund = Refund.objects.get(part=part)
    assert (refund.reason, refund.amount, refund.shipping, refund.status) == (
        RefundReason.CANCELLATION,
        Decimal("3550.00"),
        Decimal("250.00"),
        RefundStatus.SUCCEEDED,
    )
    assert refund.amount == order.total_incl_tax
    assert card_provider.refunds == {f"cancel-{part.pk}": Decimal("3550.00")}
    assert order.sources.get().amount_refunded == Decimal("3550.00")


def test_cancelling_a_part_paid_on_delivery_refunds_nothing(
    shop, shopper, card_provider, jobs, django_capture_on_commit_callbacks
):
    # given: cash on delivery, nothing collected yet
    order = _honey_order(shop, shopper, paid_by=CASH)
    part = order.parts.get()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        order_part_transition(
            part_id=part.pk, to_status=OrderPartStatus.CANCELLED, note="Нет мёда"
        )
    jobs_run(jobs, django_capture_on_commit_callbacks)

    # then
    assert not Refund.objects.exists()
    assert card_provider.asks == []
