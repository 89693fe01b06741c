"""Payout jobs running at once pay each vendor's money exactly once.

The races run real threads, each with its own PostgreSQL connection and
transactions. One pass runs in the default suite; set MARKETPLACE_RACE_REPEAT
to repeat them, as the other race tests do:

    MARKETPLACE_RACE_REPEAT=50 .venv/bin/python -m marketplace.launch test \
        payments/payouts/tests/test_payout_races.py
"""

import os
import random
import threading
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import connections
from oscar.core.loading import get_model

from conftest import TRANSACTIONAL
from payments.ledger.models import LedgerEntryKind
from payments.payouts.models import PayoutMethod
from payments.payouts.services import payout_create, payouts_run
from payments.payouts.tests.conftest import connect, credit, make_vendor

LedgerEntry = get_model("payment", "LedgerEntry")
Partner = get_model("partner", "Partner")
Payout = get_model("payment", "Payout")

REPEAT = int(os.environ.get("MARKETPLACE_RACE_REPEAT", "1"))


def race(jobs: list[Callable[[], object]]) -> dict[str, int]:
    """Start every job at once, one thread each; count the outcomes."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job) -> None:
        try:
            barrier.wait(timeout=30)
            job()
            outcome = "done"
        except Exception as error:  # a deadlock or a constraint is a failure
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return {name: outcomes.count(name) for name in set(outcomes)}


def run_all(batch_size: int | None = None) -> None:
    """The scheduled job with its follow-up batches, as the queue would run them."""
    cursor = payouts_run(batch_size=batch_size)
    while cursor is not None:
        cursor = payouts_run(
            after_vendor_id=cursor[0], after_currency=cursor[1], batch_size=batch_size
        )


def vendors_with_money(rng: random.Random, count: int, tag: str) -> dict:
    """Vendors in Russia (bank transfer) and Latvia (Connect), each with money
    payable in one or two currencies, some pending, some owing; return what
    each balance should pay out."""
    expected: dict[tuple[int, str], Decimal] = {}
    for index in range(count):
        latvian = index % 3 == 0
        vendor = make_vendor(
            f"Лавка {tag}-{index}",
            country="LV" if latvian else "RU",
            payout_account="" if latvian else "40702810400000012345",
        )
        if latvian:
            connect(vendor)
        for currency in ("RUB", "EUR")[: rng.randint(1, 2)]:
            available = Decimal(0)
            for _entry in range(rng.randint(1, 4)):
                amount = Decimal(rng.randint(1000, 90_000)) / 100 + 1500
                credit(vendor, str(amount), currency)
                available += amount
            if rng.random() < 0.5:
                credit(vendor, "5000.00", currency, available=False)
            if rng.random() < 0.3:
                owed = Decimal(rng.randint(100, 50_000)) / 100
                credit(vendor, str(-owed), currency, kind=LedgerEntryKind.COMMISSION)
                available -= owed
            expected[(vendor.pk, currency)] = available
    return expected


def payouts_of(expected: dict) -> dict[tuple[int, str], list]:
    vendor_ids = {vendor_id for vendor_id, _currency in expected}
    payouts = defaultdict(list)
    for payout in Payout.objects.filter(vendor_id__in=vendor_ids).order_by("pk"):
        payouts[(payout.vendor_id, payout.currency)].append(payout)
    return payouts


def available_left(expected: dict) -> dict[tuple[int, str], Decimal]:
    """What each balance could still pay out: its total less what is pending."""
    left = {}
    for vendor_id, currency in expected:
        entries = LedgerEntry.objects.filter(vendor_id=vendor_id, currency=currency)
        left[(vendor_id, currency)] = sum(
            entries.available().values_list("amount", flat=True), Decimal(0)
        )
    return left


def assert_paid_once(expected: dict, queued: dict) -> None:
    """Each balance paid by one payout of exactly its money, with its ledger
    entry; each Connect payout's transfer queued once."""
    payouts = payouts_of(expected)
    assert {key: [p.amount for p in each] for key, each in payouts.items()} == {
        key: [amount] for key, amount in expected.items()
    }
    made = [payout for each in payouts.values() for payout in each]
    entries = LedgerEntry.objects.filter(
        kind=LedgerEntryKind.PAYOUT, vendor_id__in={p.vendor_id for p in made}
    )
    assert sorted(entries.values_list("key", "amount")) == sorted(
        (f"payout-{payout.pk}", -payout.amount) for payout in made
    )
    assert set(available_left(expected).values()) == {Decimal(0)}
    connect_ids = [p.pk for p in made if p.method == PayoutMethod.STRIPE_CONNECT]
    transfers = [
        job["payout_id"]
        for job in queued["execute"]
        if job["payout_id"] in {p.pk for p in made}
    ]
    assert sorted(transfers) == sorted(connect_ids)


@TRANSACTIONAL
def test_two_payout_jobs_at_once_pay_each_vendors_money_once(queued):
    for repeat in range(REPEAT):
        # given: a dozen vendors with money to pay out
        rng = random.Random(f"two-{repeat}")
        expected = vendors_with_money(rng, 12, f"two-{repeat}")

        # when: the weekly job runs twice at once
        outcomes = race([run_all, run_all])

        # then: each balance paid once, by one payout of exactly its money
        assert outcomes == {"done": 2}
        assert_paid_once(expected, queued)


@TRANSACTIONAL
def test_many_payout_jobs_requests_and_sales_at_once_pay_each_coin_once(queued):
    """The stress variant: jobs in small batches, the vendors' own requests in
    random order and new sales landing, all at once; then one more run pays
    what arrived late."""
    for repeat in range(REPEAT):
        # given
        rng = random.Random(f"many-{repeat}")
        expected = vendors_with_money(rng, 20, f"many-{repeat}")
        balances = list(expected)
        late = [
            (balance, Decimal(rng.randint(100_000, 500_000)) / 100)
            for balance in balances
        ]

        def requests(order: list) -> Callable[[], None]:
            def ask() -> None:
                for vendor_id, currency in order:
                    payout_create(vendor_id=vendor_id, currency=currency)

            return ask

        def sales(late: list = late) -> None:
            for (vendor_id, currency), amount in late:
                credit(Partner(pk=vendor_id), str(amount), currency)

        jobs: list[Callable[[], object]] = [
            lambda: run_all(batch_size=3) for _job in range(4)
        ]
        jobs += [requests(rng.sample(balances, len(balances))) for _job in range(3)]
        jobs.append(sales)

        # when
        outcomes = race(jobs)
        run_all()

        # then: every balance paid exactly its money, in payouts of more
        # than nothing; nothing payable is left
        assert outcomes == {"done": 8}
        for balance, amount in late:
            expected[balance] += amount
        paid = {
            key: sum((p.amount for p in each), Decimal(0))
            for key, each in payouts_of(expected).items()
        }
        assert paid == expected
        assert set(available_left(expected).values()) == {Decimal(0)}
