"""Vendors with money in their ledger, a watched task queue, and the local
Stripe (payments/tests/conftest.py) for Connect transfers."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from payments.ledger.models import LedgerEntryKind
from payments.ledger.tests.conftest import shop  # noqa: F401
from payments.payouts.tasks import payout_execute_task, payouts_run_task
from payments.tests.conftest import stripe_server  # noqa: F401

ConnectedAccount = get_model("payment", "ConnectedAccount")
LedgerEntry = get_model("payment", "LedgerEntry")
Partner = get_model("partner", "Partner")

_keys = itertools.count(1)

BANK_DETAILS = {
    "legal_name": 'Общество "Медовая заимка"',
    "tax_number": "7707083893",
    "payout_account_holder": 'Общество "Медовая заимка"',
    "payout_bank_name": "ПАО Сбербанк",
    "payout_bank_code": "044525225",
    "payout_account": "40702810400000012345",
}


def make_vendor(name: str, *, country: str = "RU", **fields) -> "Partner":
    """A selling vendor of the country, with bank details unless given others."""
    return Partner.objects.create(
        name=name, country=country, **{**BANK_DETAILS, **fields}
    )


def credit(
    vendor,
    amount: str,
    currency: str = "RUB",
    *,
    available: bool = True,
    kind: str = LedgerEntryKind.SALE,
) -> "LedgerEntry":
    """Record money owed to the vendor (or, negative, owed by it), payable
    already or only in a week."""
    now = timezone.now()
    return LedgerEntry.objects.create(
        vendor=vendor,
        currency=currency,
        kind=kind,
        amount=Decimal(amount),
        key=f"test:{next(_keys)}",
        available_at=now - timedelta(days=1) if available else now + timedelta(days=7),
    )


def connect(vendor, server=None) -> "ConnectedAccount":
    """Give the vendor a Stripe connected account (at the local Stripe if given)."""
    account_id = (
        server.create_account(country=vendor.country or "LV")
        if server is not None
        else f"acct_test{vendor.pk:010d}"
    )
    return ConnectedAccount.objects.create(vendor=vendor, stripe_account_id=account_id)


def balance(vendor, currency: str = "RUB") -> Decimal:
    return sum(
        LedgerEntry.objects.filter(vendor=vendor, currency=currency).values_list(
            "amount", flat=True
        ),
        Decimal(0),
    )


@pytest.fixture(autouse=True)
def queued(monkeypatch) -> dict[str, list[dict]]:
    """The payout jobs queued, by task, as their JSON payloads; nothing reaches
    the broker."""
    jobs: dict[str, list[dict]] = {"execute": [], "run": []}
    monkeypatch.setattr(
        payout_execute_task, "delay", lambda **kwargs: jobs["execute"].append(kwargs)
    )
    monkeypatch.setattr(
        payouts_run_task, "delay", lambda **kwargs: jobs["run"].append(kwargs)
    )
    return jobs
