"""A payout pays what is available now, once, by the way the vendor's country
allows; cash-on-delivery debts are netted; the scheduled run pays everyone."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from payments.ledger.models import LedgerEntryKind
from payments.ledger.services import (
    ledger_order_paid_record,
    ledger_part_delivered_record,
)
from payments.ledger.tests.conftest import CARD
from payments.payouts import services
from payments.payouts.models import PayoutMethod, PayoutStatus
from payments.payouts.selectors import (
    BELOW_MINIMUM,
    NO_BANK_ACCOUNT,
    NOTHING_AVAILABLE,
    payout_candidate_list,
    payout_quote_get,
)
from payments.payouts.services import payout_create, payouts_run
from payments.payouts.tasks import payouts_run_task
from payments.payouts.tests.conftest import balance, connect, credit, make_vendor

LedgerEntry = get_model("payment", "LedgerEntry")
Payout = get_model("payment", "Payout")

pytestmark = pytest.mark.django_db


def test_a_payout_pays_the_available_money_and_leaves_the_pending(
    django_capture_on_commit_callbacks, queued
):
    # given: 1 500 payable now, 700 still in its return window
    vendor = make_vendor("Медовая заимка")
    credit(vendor, "1000.00")
    credit(vendor, "500.00")
    credit(vendor, "700.00", available=False)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        payout = payout_create(vendor_id=vendor.pk, currency="RUB")

    # then: paid by bank transfer, waiting for a batch; the ledger takes it off
    assert payout.amount == Decimal("1500.00")
    assert payout.method == PayoutMethod.BANK_TRANSFER
    assert payout.status == PayoutStatus.PENDING
    assert payout.idempotency_key == f"payout-{vendor.pk}-RUB-1"
    entry = LedgerEntry.objects.get(kind=LedgerEntryKind.PAYOUT)
    assert entry.amount == Decimal("-1500.00")
    assert entry.key == f"payout-{payout.pk}"
    assert entry.note == f"Payout {payout.pk}"
    assert balance(vendor) == Decimal("700.00")
    assert payout_quote_get(vendor=vendor, currency="RUB").refusal == (
        NOTHING_AVAILABLE
    )
    assert queued["execute"] == []  # a bank transfer waits for its batch


def test_a_second_payout_pays_only_what_became_available_since():
    # given: one payout made
    vendor = make_vendor("Медовая заимка")
    credit(vendor, "1000.00")
    first = payout_create(vendor_id=vendor.pk, currency="RUB")
    credit(vendor, "2500.00")

    # when
    second = payout_create(vendor_id=vendor.pk, currency="RUB")
    third = payout_create(vendor_id=vendor.pk, currency="RUB")

    # then
    assert first.amount == Decimal("1000.00")
    assert second.amount == Decimal("2500.00")
    assert second.idempotency_key == f"payout-{vendor.pk}-RUB-2"
    assert third is None
    assert balance(vendor) == 0


def test_nothing_is_paid_out_of_a_negative_or_empty_balance():
    # given: the commission of cash sales owed, and a vendor with nothing
    owing = make_vendor("Медовая заимка")
    credit(owing, "-120.00", kind=LedgerEntryKind.COMMISSION)
    empty = make_vendor("Чайный дом")

    # when
    payouts = [
        payout_create(vendor_id=owing.pk, currency="RUB"),
        payout_create(vendor_id=empty.pk, currency="RUB"),
    ]

    # then
    assert payouts == [None, None]
    assert not Payout.objects.exists()
    assert not LedgerEntry.objects.filter(kind=LedgerEntryKind.PAYOUT).exists()


def test_money_pending_that_the_vendor_owes_is_netted_now():
    # given: 2 000 payable; a cash-on-delivery part still returnable whose
    # commission (90) the vendor owes
    vendor = make_vendor("Медовая заимка")
    credit(vendor, "2000.00")
    credit(vendor, "900.00", available=False)
    credit(vendor, "-90.00", available=False, kind=LedgerEntryKind.COMMISSION)
    credit(vendor, "-900.00", available=False, kind=LedgerEntryKind.CASH_COLLECTED)

    # when
    payout = payout_create(vendor_id=vendor.pk, currency="RUB")

    # then: the balance never goes below zero by a payout
    assert payout.amount == Decimal("1910.00")
    assert balance(vendor) == 0


def test_a_cash_on_delivery_debt_is_netted_against_later_card_sales(shop, time_machine):
    # given: a cash-on-delivery sale delivered on 1 December: the vendor
    # holds the cash and owes the 10 % commission once the window is over
    time_machine.move_to(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False)
    vendor = shop.vendor("Лавка")
    vendor.country = "RU"
    vendor.payout_account = "40702810400000012345"
    vendor.save()
    product = shop.product(vendor, "RU", "1000.00")
    cash = shop.order([(product, 1)])
    ledger_part_delivered_record(part_id=shop.deliver(shop.part(cash, vendor)).pk)
    time_machine.move_to(datetime(2026, 12, 20, 12, tzinfo=UTC), tick=False)
    owed = payout_create(vendor_id=vendor.pk, currency="RUB")

    # when: a card sale of 2 x 1 000 is delivered, and its window is over
    card = shop.order([(product, 2)], paid_by=CARD)
    ledger_order_paid_record(order=card)
    ledger_part_delivered_record(part_id=shop.deliver(shop.part(card, vendor)).pk)
    time_machine.move_to(datetime(2027, 1, 10, 12, tzinfo=UTC), tick=False)
    payout = payout_create(vendor_id=vendor.pk, currency="RUB")

    # then: nothing was paid while the vendor owed 100; then 1 800 less 100
    assert owed is None
    assert payout.amount == Decimal("1700.00")
    assert balance(vendor) == 0


@pytest.mark.parametrize(
    ("country", "connected", "method"),
    [
        ("LV", True, PayoutMethod.STRIPE_CONNECT),
        ("LT", True, PayoutMethod.STRIPE_CONNECT),
        ("LV", False, PayoutMethod.BANK_TRANSFER),
        ("RU", True, PayoutMethod.BANK_TRANSFER),
        ("KZ", True, PayoutMethod.BANK_TRANSFER),
        ("KR", True, PayoutMethod.BANK_TRANSFER),
        ("UZ", True, PayoutMethod.BANK_TRANSFER),
    ],
)
def test_connect_pays_only_where_stripe_serves_the_vendors_country(
    country, connected, method
):
    # given
    vendor = make_vendor("Медовая заимка", country=country)
    if connected:
        connect(vendor)
    credit(vendor, "100.00", "EUR")

    # when
    payout = payout_create(vendor_id=vendor.pk, currency="EUR")

    # then
    assert payout.method == method


def test_a_connect_payout_is_transferred_once_committed(
    django_capture_on_commit_callbacks, queued
):
    # given
    vendor = make_vendor("Medus", country="LV")
    connect(vendor)
    credit(vendor, "100.00", "EUR")

    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        payout = payout_create(vendor_id=vendor.pk, currency="EUR")
    queued_before_commit = list(queued["execute"])
    for callback in callbacks:
        callback()

    # then: one job, its payload plain JSON
    assert queued_before_commit == []
    assert queued["execute"] == [{"payout_id": payout.pk}]
    assert json.loads(json.dumps(queued["execute"][0])) == {"payout_id": payout.pk}
    assert payout.next_attempt_at is not None


def test_less_than_the_minimum_waits(settings):
    # given: 10 000 won are due where 50 000 is the smallest payout
    settings.MARKETPLACE_PAYOUT_MINIMUM = {"KRW": "50000"}
    vendor = make_vendor("서울상회", country="KR")
    credit(vendor, "10000", "KRW")

    # when
    payout = payout_create(vendor_id=vendor.pk, currency="KRW")

    # then
    assert payout is None
    quote = payout_quote_get(vendor=vendor, currency="KRW")
    assert quote.refusal == BELOW_MINIMUM
    assert quote.minimum == Decimal("50000")
    credit(vendor, "40000", "KRW")
    assert payout_create(vendor_id=vendor.pk, currency="KRW").amount == Decimal("50000")


def test_the_minimum_has_a_default_per_currency(settings):
    # given: no setting
    assert not hasattr(settings, "MARKETPLACE_PAYOUT_MINIMUM")
    vendor = make_vendor("Медовая заимка")
    credit(vendor, "999.00")
    credit(vendor, "5.00", "GEL")

    # when
    rubles = payout_create(vendor_id=vendor.pk, currency="RUB")
    lari = payout_create(vendor_id=vendor.pk, currency="GEL")

    # then: 1 000 rubles at least; any amount of a currency without a default
    assert rubles is None
    assert lari.amount == Decimal("5.00")


def test_no_bank_transfer_without_a_bank_account():
    # given
    vendor = make_vendor("Медовая заимка", payout_account="")
    credit(vendor, "5000.00")

    # when
    payout = payout_create(vendor_id=vendor.pk, currency="RUB")

    # then
    assert payout is None
    assert payout_quote_get(vendor=vendor, currency="RUB").refusal == NO_BANK_ACCOUNT
    assert balance(vendor) == Decimal("5000.00")


def test_the_requester_is_recorded():
    # given
    vendor = make_vendor("Медовая заимка")
    credit(vendor, "5000.00")
    user = get_user_model().objects.create_user(username="owner", password="x-12345")

    # when
    payout = payout_create(vendor_id=vendor.pk, currency="rub", requested_by=user)

    # then
    assert payout.requested_by == user
    assert payout.currency == "RUB"


def test_the_run_pays_every_balance_a_batch_at_a_time(queued):
    # given: three vendors, one in two currencies, one owing, one pending only
    vendors = [make_vendor(f"Лавка {index}") for index in range(5)]
    credit(vendors[0], "1000.00")
    credit(vendors[1], "2000.00")
    credit(vendors[1], "30.00", "EUR")
    credit(vendors[2], "-100.00", kind=LedgerEntryKind.COMMISSION)
    credit(vendors[3], "5000.00", available=False)
    credit(vendors[4], "4000.00")

    # when: batches of two, each after the last balance of the one before
    cursors = []
    cursor = payouts_run(batch_size=2)
    while cursor is not None:
        cursors.append(cursor)
        cursor = payouts_run(
            after_vendor_id=cursor[0], after_currency=cursor[1], batch_size=2
        )

    # then: every positive available balance paid once, none other
    assert cursors == [(vendors[1].pk, "EUR"), (vendors[4].pk, "RUB")]
    paid = {
        (payout.vendor_id, payout.currency): payout.amount
        for payout in Payout.objects.all()
    }
    assert paid == {
        (vendors[0].pk, "RUB"): Decimal("1000.00"),
        (vendors[1].pk, "RUB"): Decimal("2000.00"),
        (vendors[1].pk, "EUR"): Decimal("30.00"),
        (vendors[4].pk, "RUB"): Decimal("4000.00"),
    }
    assert payout_candidate_list() == []


def test_the_run_task_queues_itself_for_the_next_batch(monkeypatch, queued):
    # given: more balances than a batch
    monkeypatch.setattr("payments.payouts.services.RUN_BATCH", 2)
    vendors = [make_vendor(f"Лавка {index}") for index in range(3)]
    for vendor in vendors:
        credit(vendor, "1000.00")

    # when: the task runs, then again with what it queued, through JSON
    payouts_run_task()
    payouts_run_task(**json.loads(json.dumps(queued["run"][0])))

    # then
    assert queued["run"] == [
        {"after_vendor_id": vendors[1].pk, "after_currency": "RUB"}
    ]
    assert Payout.objects.count() == 3


def test_a_vendor_that_fails_does_not_stop_the_run(monkeypatch):
    # given: the first vendor's payout breaks
    vendors = [make_vendor(f"Лавка {index}") for index in range(2)]
    for vendor in vendors:
        credit(vendor, "1000.00")
    real = services.payout_create

    def broken(*, vendor_id, currency, requested_by=None):
        if vendor_id == vendors[0].pk:
            raise RuntimeError("broken")
        return real(vendor_id=vendor_id, currency=currency)

    monkeypatch.setattr(services, "payout_create", broken)

    # when
    payouts_run()

    # then
    assert list(Payout.objects.values_list("vendor_id", flat=True)) == [vendors[1].pk]
