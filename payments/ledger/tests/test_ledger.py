# ruff: noqa: RUF002, RUF003  (Russian text and arithmetic signs are meant)
"""The vendors' ledger: what a paid or delivered part records, once; when it
becomes payable; refunds; and that nothing recorded can be changed."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import OrderPartStatus
from orders.returns.services import return_deadline
from orders.services import order_part_transition
from payments.ledger.exceptions import (
    LedgerAmountError,
    LedgerNothingToRefundError,
    LedgerRefundTooLargeError,
)
from payments.ledger.models import LedgerEntryKind
from payments.ledger.selectors import vendor_balance_get
from payments.ledger.services import (
    ledger_deliveries_settle,
    ledger_order_paid_record,
    ledger_part_delivered_record,
    ledger_refund_record,
)
from payments.ledger.tasks import ledger_part_delivered_task
from payments.ledger.tests.conftest import CARD

CommissionRule = get_model("payment", "CommissionRule")
LedgerEntry = get_model("payment", "LedgerEntry")
OrderDiscount = get_model("order", "OrderDiscount")
OrderLineDiscount = get_model("order", "OrderLineDiscount")

pytestmark = pytest.mark.django_db


def entries_of(part) -> dict[str, Decimal]:
    return dict(
        LedgerEntry.objects.filter(part=part)
        .order_by("pk")
        .values_list("kind", "amount")
    )


def balance(vendor, currency: str = "RUB"):
    [each] = vendor_balance_get(vendor=vendor, currency=currency)
    return each


@pytest.fixture
def samovar_order(shop):
    """A paid order of two vendors in Russia: samovars 2 × 5 000 ₽ with 500 ₽
    shipping at 10 %, honey 1 × 1 000 ₽ with 300 ₽ shipping at the default
    10 %, paid by card."""
    samovars = shop.vendor("Тульские самовары", return_days=14)
    honey = shop.vendor("Медовая заимка", return_days=30)
    CommissionRule.objects.create(vendor=samovars, percent=Decimal(10))
    order = shop.order(
        [
            (shop.product(samovars, "RU", "5000.00"), 2),
            (shop.product(honey, "RU", "1000.00"), 1),
        ],
        shipping={samovars: "500.00", honey: "300.00"},
        paid_by=CARD,
    )
    return order, samovars, honey


def test_a_paid_order_owes_each_vendor_its_sale_and_shipping_less_commission(
    shop, samovar_order
):
    # given
    order, samovars, honey = samovar_order

    # when
    ledger_order_paid_record(order=order)

    # then
    assert entries_of(shop.part(order, samovars)) == {
        LedgerEntryKind.SALE: Decimal("10000.00"),
        LedgerEntryKind.SHIPPING: Decimal("500.00"),
        LedgerEntryKind.COMMISSION: Decimal("-1000.00"),
    }
    assert entries_of(shop.part(order, honey)) == {
        LedgerEntryKind.SALE: Decimal("1000.00"),
        LedgerEntryKind.SHIPPING: Decimal("300.00"),
        LedgerEntryKind.COMMISSION: Decimal("-100.00"),
    }
    # nothing is payable before delivery
    assert balance(samovars).total == Decimal("9500.00")
    assert balance(samovars).available == 0
    assert balance(samovars).pending == Decimal("9500.00")


def test_a_payment_confirmed_twice_is_recorded_once(samovar_order):
    # given
    order, _samovars, _honey = samovar_order
    ledger_order_paid_record(order=order)

    # when
    ledger_order_paid_record(order=order)

    # then
    assert LedgerEntry.objects.count() == 6


def test_the_database_refuses_an_event_recorded_twice(shop, samovar_order):
    # given
    order, samovars, _honey = samovar_order
    ledger_order_paid_record(order=order)
    sale = LedgerEntry.objects.get(
        part=shop.part(order, samovars), kind=LedgerEntryKind.SALE
    )

    # when, then
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            vendor=samovars,
            currency="RUB",
            kind=LedgerEntryKind.SALE,
            amount=Decimal("10000.00"),
            part=sale.part,
            key=sale.key,
        )


def test_an_entry_cannot_be_changed_or_deleted(samovar_order):
    # given
    order, _samovars, _honey = samovar_order
    ledger_order_paid_record(order=order)
    entry = LedgerEntry.objects.filter(kind=LedgerEntryKind.SALE).first()

    # when, then
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(
            amount=Decimal("1.00"), available_at=timezone.now()
        )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()


def test_when_an_entry_is_payable_is_set_once(samovar_order):
    # given: an entry not payable yet
    order, _samovars, _honey = samovar_order
    ledger_order_paid_record(order=order)
    entry = LedgerEntry.objects.filter(kind=LedgerEntryKind.SALE).first()
    moment = timezone.now()

    # when: it is given its moment, then another
    LedgerEntry.objects.filter(pk=entry.pk).update(available_at=moment)

    # then
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(
            available_at=moment + timedelta(days=1)
        )
    entry.refresh_from_db()
    assert entry.available_at == moment


def test_a_card_part_is_payable_when_its_return_window_is_over(
    shop, samovar_order, time_machine
):
    # given: the paid order; the samovar part delivered on 1 December, noon
    order, samovars, honey = samovar_order
    delivered_at = datetime(2026, 12, 1, 12, tzinfo=UTC)
    time_machine.move_to(delivered_at, tick=False)
    ledger_order_paid_record(order=order)
    part = shop.deliver(shop.part(order, samovars))
    count = LedgerEntry.objects.count()

    # when
    ledger_part_delivered_record(part_id=part.pk)
    ledger_part_delivered_record(part_id=part.pk)

    # then: nothing new; its entries payable after the vendor's 14 days (the
    # law asks 7 in Russia), the honey part's still waiting for delivery
    assert LedgerEntry.objects.count() == count
    payable = return_deadline(delivered_at=delivered_at, days=14) + timedelta(
        microseconds=1
    )
    assert set(
        LedgerEntry.objects.filter(part=part).values_list("available_at", flat=True)
    ) == {payable}
    assert not LedgerEntry.objects.filter(
        part=shop.part(order, honey), available_at__isnull=False
    ).exists()
    assert balance(samovars).available == 0
    assert balance(samovars).pending == Decimal("9500.00")
    time_machine.move_to(payable, tick=False)
    assert balance(samovars).available == Decimal("9500.00")
    assert balance(samovars).pending == 0


def test_a_part_not_delivered_records_nothing(shop):
    # given: cash on delivery, the part only accepted
    vendor = shop.vendor("Лавка")
    order = shop.order([(shop.product(vendor, "RU", "1000.00"), 1)])

    # when
    ledger_part_delivered_record(part_id=shop.part(order, vendor).pk)

    # then
    assert not LedgerEntry.objects.exists()


def test_cash_on_delivery_leaves_the_vendor_owing_the_commission(shop):
    # given: 3 × 1 000 ₽ and 400 ₽ shipping, paid in cash on delivery, 12 %
    vendor = shop.vendor("Лавка")
    CommissionRule.objects.create(vendor=vendor, percent=Decimal(12))
    order = shop.order(
        [(shop.product(vendor, "RU", "1000.00"), 3)], shipping={vendor: "400.00"}
    )
    part = shop.deliver(shop.part(order, vendor))

    # when
    ledger_part_delivered_record(part_id=part.pk)
    ledger_part_delivered_record(part_id=part.pk)

    # then: the courier collected 3 400 ₽ for the vendor, which owes 360 ₽
    assert entries_of(part) == {
        LedgerEntryKind.SALE: Decimal("3000.00"),
        LedgerEntryKind.SHIPPING: Decimal("400.00"),
        LedgerEntryKind.COMMISSION: Decimal("-360.00"),
        LedgerEntryKind.CASH_COLLECTED: Decimal("-3400.00"),
    }
    assert balance(vendor).total == Decimal("-360.00")
    assert not LedgerEntry.objects.filter(available_at__isnull=True).exists()


def test_cash_collected_is_what_the_shopper_paid_after_a_shipping_offer(shop):
    # given: two parts shipped for 300 ₽ and 100 ₽, the platform's offer
    # taking 100 ₽ off the order's shipping
    first, second = shop.vendor("Первая лавка"), shop.vendor("Вторая лавка")
    order = shop.order(
        [
            (shop.product(first, "RU", "1000.00"), 1),
            (shop.product(second, "RU", "1000.00"), 1),
        ],
        shipping={first: "300.00", second: "100.00"},
    )
    type(order).objects.filter(pk=order.pk).update(shipping_incl_tax=Decimal("300"))
    parts = [shop.deliver(shop.part(order, vendor)) for vendor in (first, second)]

    # when
    for part in parts:
        ledger_part_delivered_record(part_id=part.pk)

    # then: each vendor is credited its charge; the couriers collected
    # 75 % of each (the platform pays the rest)
    assert [entries_of(part)[LedgerEntryKind.SHIPPING] for part in parts] == [
        Decimal("300.00"),
        Decimal("100.00"),
    ]
    assert [entries_of(part)[LedgerEntryKind.CASH_COLLECTED] for part in parts] == [
        Decimal("-1225.00"),
        Decimal("-1075.00"),
    ]


def test_delivery_queues_the_settlement_once_committed(
    shop, monkeypatch, django_capture_on_commit_callbacks
):
    # given: a cash-on-delivery part shipped; the queue is watched
    vendor = shop.vendor("Лавка")
    order = shop.order([(shop.product(vendor, "RU", "1000.00"), 1)])
    part = shop.part(order, vendor)
    queued = []
    monkeypatch.setattr(
        ledger_part_delivered_task, "delay", lambda **kwargs: queued.append(kwargs)
    )
    for status in (
        OrderPartStatus.ACCEPTED,
        OrderPartStatus.PACKED,
        OrderPartStatus.SHIPPED,
    ):
        order_part_transition(part_id=part.pk, to_status=status)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        order_part_transition(part_id=part.pk, to_status=OrderPartStatus.DELIVERED)

    # then: one job, its payload plain JSON; the job records the sale
    assert queued == [{"part_id": part.pk}]
    ledger_part_delivered_task(**json.loads(json.dumps(queued[0])))
    assert entries_of(part)[LedgerEntryKind.SALE] == Decimal("1000.00")


def test_the_safety_net_records_deliveries_whose_job_was_lost(shop, samovar_order):
    # given: a cash part and a card part delivered, neither recorded
    order, samovars, _honey = samovar_order
    ledger_order_paid_record(order=order)
    card_part = shop.deliver(shop.part(order, samovars))
    vendor = shop.vendor("Лавка")
    cash_order = shop.order([(shop.product(vendor, "RU", "1000.00"), 1)])
    cash_part = shop.deliver(shop.part(cash_order, vendor))
    undelivered = shop.order([(shop.product(vendor, "RU", "500.00"), 1)])

    # when
    last = ledger_deliveries_settle()
    again = ledger_deliveries_settle()

    # then
    assert last is None
    assert again is None
    assert entries_of(cash_part)[LedgerEntryKind.SALE] == Decimal("1000.00")
    assert not LedgerEntry.objects.filter(
        part=card_part, available_at__isnull=True
    ).exists()
    assert not LedgerEntry.objects.filter(part__order=undelivered).exists()


def test_the_safety_net_works_in_batches(shop):
    # given: three delivered cash parts
    vendor = shop.vendor("Лавка")
    product = shop.product(vendor, "RU", "100.00")
    parts = [
        shop.deliver(shop.part(shop.order([(product, 1)]), vendor)) for _ in range(3)
    ]

    # when
    first = ledger_deliveries_settle(batch_size=2)
    second = ledger_deliveries_settle(after_pk=first, batch_size=2)

    # then
    assert first == parts[1].pk
    assert second is None
    assert LedgerEntry.objects.filter(kind=LedgerEntryKind.SALE).count() == 3


def test_a_refund_reverses_the_commission_in_proportion(shop):
    # given: 4 × 250 ₽ at 10 % by card, delivered
    vendor = shop.vendor("Лавка")
    order = shop.order(
        [(shop.product(vendor, "RU", "250.00"), 4)],
        shipping={vendor: "200.00"},
        paid_by=CARD,
    )
    ledger_order_paid_record(order=order)
    part = shop.part(order, vendor)

    # when: one unit of four is refunded
    ledger_refund_record(
        part=part, amount=Decimal("250.00"), commission_reversed=True, reference="r1"
    )
    ledger_refund_record(
        part=part, amount=Decimal("250.00"), commission_reversed=True, reference="r1"
    )

    # then: a quarter of the 100 ₽ commission comes back
    refund = entries_of(part)
    assert refund[LedgerEntryKind.REFUND] == Decimal("-250.00")
    assert refund[LedgerEntryKind.COMMISSION_REVERSAL] == Decimal("25.00")
    assert balance(vendor).total == Decimal("1000") + 200 - 100 - 250 + 25


def test_refunds_in_steps_give_back_exactly_the_whole_commission(shop):
    # given: 3 × 1 ₽ at 10 %: a commission of 0.30 ₽
    vendor = shop.vendor("Лавка")
    order = shop.order([(shop.product(vendor, "RU", "1.00"), 3)], paid_by=CARD)
    ledger_order_paid_record(order=order)
    part = shop.part(order, vendor)

    # when: each unit is refunded apart
    for index in range(3):
        ledger_refund_record(
            part=part,
            amount=Decimal("1.00"),
            commission_reversed=True,
            reference=f"r{index}",
        )

    # then: 0.10 ₽ each time, nothing left
    reversals = LedgerEntry.objects.filter(
        kind=LedgerEntryKind.COMMISSION_REVERSAL
    ).values_list("amount", flat=True)
    assert sorted(reversals) == [Decimal("0.10")] * 3
    assert balance(vendor).total == 0


def test_a_shipping_refund_reverses_no_commission(shop):
    # given
    vendor = shop.vendor("Лавка")
    order = shop.order(
        [(shop.product(vendor, "RU", "1000.00"), 1)],
        shipping={vendor: "300.00"},
        paid_by=CARD,
    )
    ledger_order_paid_record(order=order)
    part = shop.part(order, vendor)

    # when
    ledger_refund_record(
        part=part, amount=Decimal("300.00"), commission_reversed=False, reference="s"
    )

    # then
    assert entries_of(part)[LedgerEntryKind.REFUND] == Decimal("-300.00")
    assert LedgerEntryKind.COMMISSION_REVERSAL not in entries_of(part)
    with pytest.raises(LedgerRefundTooLargeError, match=r"0\.00 RUB"):
        ledger_refund_record(
            part=part, amount=Decimal("0.01"), commission_reversed=False, reference="t"
        )


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("0", LedgerAmountError),
        ("-5.00", LedgerAmountError),
        ("0.001", LedgerAmountError),
        ("1000.01", LedgerRefundTooLargeError),
    ],
)
def test_a_refund_beyond_what_is_left_or_not_in_minor_units_is_refused(
    shop, amount, error
):
    # given
    vendor = shop.vendor("Лавка")
    order = shop.order([(shop.product(vendor, "RU", "1000.00"), 1)], paid_by=CARD)
    ledger_order_paid_record(order=order)

    # when, then
    with pytest.raises(error):
        ledger_refund_record(
            part=shop.part(order, vendor),
            amount=Decimal(amount),
            commission_reversed=True,
            reference="x",
        )
    assert not LedgerEntry.objects.filter(kind=LedgerEntryKind.REFUND).exists()


def test_nothing_is_refunded_of_a_part_whose_payment_is_not_recorded(shop):
    # given: cash on delivery, not delivered
    vendor = shop.vendor("Лавка")
    order = shop.order([(shop.product(vendor, "RU", "1000.00"), 1)])

    # when, then
    with pytest.raises(LedgerNothingToRefundError):
        ledger_refund_record(
            part=shop.part(order, vendor),
            amount=Decimal("10.00"),
            commission_reversed=True,
            reference="x",
        )


def test_a_refund_within_the_window_reduces_the_pending_money(shop):
    # given: a delivered card part, its window still open
    vendor = shop.vendor("Лавка")
    order = shop.order([(shop.product(vendor, "RU", "1000.00"), 2)], paid_by=CARD)
    ledger_order_paid_record(order=order)
    part = shop.deliver(shop.part(order, vendor))
    ledger_part_delivered_record(part_id=part.pk)

    # when
    ledger_refund_record(
        part=part, amount=Decimal("1000.00"), commission_reversed=True, reference="r"
    )

    # then: 2 000 - 200 - 1 000 + 100, all pending, payable with the sale
    assert balance(vendor).available == 0
    assert balance(vendor).pending == Decimal("900.00")
    assert (
        LedgerEntry.objects.filter(part=part)
        .values_list("available_at", flat=True)
        .distinct()
        .count()
        == 1
    )


def test_the_platforms_discounts_are_paid_to_the_vendor_and_taken_back_on_refund(
    shop,
):
    # given: 2 × 1 000 ₽, the platform's offer taking 400 ₽ off the line
    vendor = shop.vendor("Лавка")
    order = shop.order(
        [(shop.product(vendor, "RU", "1000.00"), 2)], paid_by=CARD, commissions=False
    )
    line = order.lines.get()
    discount = OrderDiscount.objects.create(
        order=order, amount=Decimal("400.00"), offer_name="Акция"
    )
    OrderLineDiscount.objects.create(
        line=line, order_discount=discount, is_incl_tax=True, amount=Decimal("400.00")
    )
    type(line).objects.filter(pk=line.pk).update(line_price_incl_tax=Decimal("1600"))

    # when: the shopper paid 1 600 ₽; half of it is refunded
    ledger_order_paid_record(order=order)
    part = shop.part(order, vendor)
    ledger_refund_record(
        part=part, amount=Decimal("800.00"), commission_reversed=True, reference="r"
    )

    # then: credited 1 600 + 400 ₽, commission 10 % of 2 000 ₽; the refund
    # takes back half of each
    entries = list(
        LedgerEntry.objects.filter(part=part)
        .order_by("pk")
        .values_list("kind", "amount")
    )
    assert entries == [
        (LedgerEntryKind.SALE, Decimal("1600.00")),
        (LedgerEntryKind.PLATFORM_DISCOUNT, Decimal("400.00")),
        (LedgerEntryKind.COMMISSION, Decimal("-200.00")),
        (LedgerEntryKind.REFUND, Decimal("-800.00")),
        (LedgerEntryKind.COMMISSION_REVERSAL, Decimal("100.00")),
        (LedgerEntryKind.PLATFORM_DISCOUNT_REVERSAL, Decimal("-200.00")),
    ]
    assert balance(vendor).total == Decimal("900.00")


def test_a_payout_takes_the_money_off_the_available_balance_at_once(shop, time_machine):
    # given: a delivered card part whose return window is over
    vendor = shop.vendor("Лавка")
    time_machine.move_to(datetime(2026, 11, 1, 12, tzinfo=UTC), tick=False)
    order = shop.order([(shop.product(vendor, "RU", "1000.00"), 1)], paid_by=CARD)
    ledger_order_paid_record(order=order)
    ledger_part_delivered_record(part_id=shop.deliver(shop.part(order, vendor)).pk)
    time_machine.move_to(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False)
    assert balance(vendor).available == Decimal("900.00")

    # when: the payouts piece pays it out (an entry of no part)
    LedgerEntry.objects.create(
        vendor=vendor,
        currency="RUB",
        kind=LedgerEntryKind.PAYOUT,
        amount=Decimal("-900.00"),
        key="payout:1",
    )

    # then
    assert balance(vendor).available == 0
    assert balance(vendor).total == 0
