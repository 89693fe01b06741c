"""Refund fixtures: orders placed as the checkout places them (the ledger's
Shop), paid by card or in cash, a card provider that answers like Stripe
without the network, and the refund jobs queued after commit."""

import json
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from payments.ledger.services import (
    ledger_order_paid_record,
    ledger_part_delivered_record,
)
from payments.ledger.tests.conftest import CARD, CASH, Shop
from payments.models import SourceStatus
from payments.providers.base import ProviderError
from payments.refunds import services
from payments.refunds.tasks import (
    refund_execute_task,
    refund_for_cancellation_task,
    refund_for_return_task,
)

Order = get_model("order", "Order")

__all__ = ["CARD", "CASH", "CardProvider", "Shop", "card_paid", "cash_delivered"]


class CardProvider:
    """A card provider that refunds like Stripe: one refund per idempotency key.

    `fail_next` makes the next asks fail as a provider that cannot be reached.
    """

    code = CARD
    pays_in_advance = True

    def __init__(self) -> None:
        self.refunds: dict[str, Decimal] = {}
        self.asks: list[str] = []
        self.fail_next = 0

    def refund(
        self, *, source, amount: Decimal, idempotency_key: str, refund=None
    ) -> str:
        self.asks.append(idempotency_key)
        if self.fail_next:
            self.fail_next -= 1
            raise ProviderError("the provider did not answer")
        self.refunds.setdefault(idempotency_key, amount)
        return f"re_{idempotency_key}"


def card_paid(order: "Order") -> "Order":
    """Capture the order's total by card and record what each vendor is owed,
    as a confirmed card payment does."""
    source = order.sources.get()
    source.status = SourceStatus.PAID
    source.payment_id = f"pi_{order.number}"
    source.debit(order.total_incl_tax, reference=source.payment_id)
    source.save(update_fields=["status", "payment_id", "updated_at"])
    ledger_order_paid_record(order=order)
    return order


def cash_delivered(shop: Shop, order: "Order") -> "Order":
    """Deliver every part of a cash-on-delivery order: the couriers collected."""
    for part in order.parts.all():
        shop.deliver(part)
        ledger_part_delivered_record(part_id=part.pk)
    return order


@pytest.fixture
def shop(db) -> Shop:
    return Shop()


@pytest.fixture
def card_provider(monkeypatch) -> CardProvider:
    provider = CardProvider()
    monkeypatch.setattr(
        services,
        "provider_get",
        lambda code: provider if code == CARD else None,
    )
    return provider


@pytest.fixture
def jobs(monkeypatch) -> list:
    """The refund jobs queued, each (task, payload pushed through JSON)."""
    queued: list = []
    for task in (
        refund_execute_task,
        refund_for_cancellation_task,
        refund_for_return_task,
    ):
        monkeypatch.setattr(
            task,
            "delay",
            lambda _task=task, **kwargs: queued.append(
                (_task, json.loads(json.dumps(kwargs)))
            ),
        )
    return queued


def jobs_run(queued: list, capture_on_commit) -> None:
    """Run the queued jobs, and those they queue once committed, as a worker
    does; `capture_on_commit` is django_capture_on_commit_callbacks."""
    while queued:
        task, kwargs = queued.pop(0)
        with capture_on_commit(execute=True):
            task(**kwargs)
