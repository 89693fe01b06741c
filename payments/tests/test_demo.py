"""The demo's money: the whole demo loaded twice, as `make run` does on every start."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from orders.models import OrderPartStatus
from payments.demo import DEMO_ORDER_NUMBER
from payments.ledger.models import LedgerEntryKind
from payments.ledger.selectors import vendor_balance_get
from payments.models import SourceStatus
from payments.payouts.models import PayoutMethod, PayoutStatus
from payments.refunds.models import RefundReason, RefundStatus
from payments.services import CASH_ON_DELIVERY

ConnectedAccount = get_model("payment", "ConnectedAccount")
LedgerEntry = get_model("payment", "LedgerEntry")
LineCommission = get_model("payment", "LineCommission")
Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
OrderPartEvent = get_model("order", "OrderPartEvent")
Partner = get_model("partner", "Partner")
Payout = get_model("payment", "Payout")
Refund = get_model("payment", "Refund")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")
VendorDocument = get_model("partner", "VendorDocument")

ZERO = Decimal(0)


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    """Keep the demo's pictures and applicants' documents in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    storage = VendorDocument._meta.get_field("file").storage
    monkeypatch.setattr(storage, "_location", str(tmp_path / "private"))
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    yield tmp_path
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


def _counts() -> dict[str, int]:
    models = [
        ConnectedAccount,
        LedgerEntry,
        LineCommission,
        Order,
        OrderPartEvent,
        Payout,
        Refund,
        Source,
        Transaction,
    ]
    return {model.__name__: model._default_manager.count() for model in models}


def _ledger_by_part() -> dict[int, dict[str, Decimal]]:
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for part_id, kind, amount in LedgerEntry.objects.filter(
        part__isnull=False
    ).values_list("part_id", "kind", "amount"):
        sums[part_id][kind] += amount
    return sums


@pytest.mark.django_db
def test_the_demo_has_paid_orders_ledgers_a_refund_and_a_payout_loaded_twice(media):
    # given: the demo loaded once
    call_command("demo_data", verbosity=0)
    first = _counts()

    # when: loaded again
    call_command("demo_data", verbosity=0)

    # then: nothing added
    assert _counts() == first

    # every demo order has one payment: card in Korea and Latvia, paid
    # whole, unless a part was cancelled; cash on delivery otherwise
    orders = Order.objects.filter(number__regex=DEMO_ORDER_NUMBER).order_by("number")
    assert orders.filter(market_id="LV").exists()
    card_orders, cash_orders = [], []
    for order in orders:
        [source] = order.sources.select_related("source_type")
        cancelled = order.parts.filter(status=OrderPartStatus.CANCELLED).exists()
        if order.market_id in ("KR", "LV") and not cancelled:
            assert source.source_type.code == "stripe"
            assert (source.status, source.amount_debited, source.idempotency_key) == (
                SourceStatus.PAID,
                order.total_incl_tax,
                f"{order.number}-1",
            )
            assert (source.reference, source.payment_id) == (
                f"cs_demo_{order.number}",
                f"pi_demo_{order.number}",
            )
            assert list(source.transactions.values_list("txn_type", "amount")) == [
                ("Debit", order.total_incl_tax)
            ]
            card_orders.append(order)
        else:
            assert source.source_type.code == CASH_ON_DELIVERY
            assert source.amount_debited == ZERO
            cash_orders.append(order)
    assert card_orders
    assert cash_orders

    # each part's ledger: its sale, its shipping and minus its commission; a
    # cash part minus the cash its vendor collected. Card parts are recorded
    # when paid, cash parts when delivered.
    ledger = _ledger_by_part()
    recorded = {
        part.pk
        for part in OrderPart.objects.filter(order__in=card_orders)
        if part.status != OrderPartStatus.CANCELLED
    } | set(
        OrderPart.objects.filter(
            order__in=cash_orders, status=OrderPartStatus.DELIVERED
        ).values_list("pk", flat=True)
    )
    assert set(ledger) == recorded
    for part in OrderPart.objects.filter(pk__in=recorded).prefetch_related(
        "lines__commission"
    ):
        lines = list(part.lines.all())
        goods = sum((line.line_price_incl_tax for line in lines), ZERO)
        commission = sum((line.commission.amount_incl_tax for line in lines), ZERO)
        entries = ledger[part.pk]
        settled = (
            entries[LedgerEntryKind.SALE]
            + entries[LedgerEntryKind.SHIPPING]
            + entries[LedgerEntryKind.COMMISSION]
        )
        assert entries[LedgerEntryKind.SALE] == goods, part
        assert entries[LedgerEntryKind.SHIPPING] == part.shipping_incl_tax, part
        assert settled == goods + part.shipping_incl_tax - commission, part
        if part.order in cash_orders:
            assert entries[LedgerEntryKind.CASH_COLLECTED] == -(
                goods + part.shipping_incl_tax
            )

    # one staff refund of one unit of a delivered cash part, recorded at once
    [refund] = Refund.objects.all()
    assert (refund.reason, refund.status) == (
        RefundReason.STAFF,
        RefundStatus.SUCCEEDED,
    )
    assert refund.source.source_type.code == CASH_ON_DELIVERY
    assert refund.part.status == OrderPartStatus.DELIVERED
    assert list(refund.lines.values_list("quantity", flat=True)) == [1]

    # a Russian vendor's money paid out by bank transfer, waiting for a batch;
    # a Latvian vendor connected to Stripe
    [payout] = Payout.objects.select_related("vendor")
    assert (payout.vendor.country, payout.method, payout.status, payout.batch) == (
        "RU",
        PayoutMethod.BANK_TRANSFER,
        PayoutStatus.PENDING,
        None,
    )
    [account] = ConnectedAccount.objects.select_related("vendor")
    assert account.vendor.country == "LV"
    assert account.stripe_account_id == f"acct_demo_{account.vendor.code}"

    # and a vendor still has money it can be paid out
    available = [
        balance
        for vendor in Partner.objects.all()
        for balance in vendor_balance_get(vendor=vendor)
        if balance.available > 0
    ]
    assert available
