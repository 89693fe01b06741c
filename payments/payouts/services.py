"""Payout writes: paying a vendor's available balance, by Stripe Connect transfer
or in a bank-transfer batch, on a schedule or on the vendor's request.

**Never twice.** A payout is created under the vendor's payout lock, in one
transaction with the ledger entry of kind "payout" that takes its amount
off the vendor's balance (key `payout-<payout id>`, payable at once). A
second job paying the same vendor waits for the lock, then reads the
balance with that entry in it: however many jobs run at once, each entry's
money is paid out once.

**Stripe Connect.** The transfer is asked of Stripe after the commit
(payout_execute_task), outside any transaction and holding no lock, with the
payout's idempotency key: asking again, after a crash, a lost answer or
concurrently, answers the same transfer instead of making a second one.

**A transfer that fails** is recorded (`failed`, `last_error`) and tried
again by payouts_retry_claim with backoff doubling from two minutes up to an
hour, for as long as it takes: the money has left the vendor's balance and
stays owed to the vendor, so it is neither given back nor dropped. Staff see
failed payouts in admin and fix their cause (the connected account, most
often); the next attempt then pays. The backoff stays well within the 24
hours in which Stripe remembers an idempotency key, so a transfer Stripe
made but whose answer was lost is found again by the next attempt.

**Bank transfer.** A payout stays pending until staff gather the currency's
pending payouts in a batch (payout_batch_create), download its file
(payments.payouts.exports) for the bank, and mark the batch paid
(payout_batch_mark_paid).
"""

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from payments.ledger.models import LedgerEntryKind
from payments.payouts.exceptions import (
    PayoutBatchEmptyError,
    PayoutError,
    PayoutNoConnectedAccountError,
    PayoutTransitionError,
)
from payments.payouts.lock_objects import (
    payout_batch_qs_select_for_update,
    payout_qs_select_for_update,
    payout_vendor_qs_select_for_update,
)
from payments.payouts.models import PAYOUT_TRANSITIONS, PayoutMethod, PayoutStatus
from payments.payouts.selectors import payout_candidate_list, payout_quote_get
from payments.payouts.stripe_connect import transfer_create

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

ConnectedAccount = get_model("payment", "ConnectedAccount")
LedgerEntry = get_model("payment", "LedgerEntry")
Payout = get_model("payment", "Payout")
PayoutBatch = get_model("payment", "PayoutBatch")

# How long a Connect payout handed to a worker may take before the retry job
# takes it for lost and asks again: longer than a transfer's requests with
# Stripe's own retries.
EXECUTE_LEASE = timedelta(minutes=10)
# Waits between attempts of a failed transfer: 2, 4, 8 ... minutes, at most
# this.
BACKOFF_MAX = timedelta(hours=1)
# Balances paid by one run of the scheduled job, and payouts one retry run
# hands to workers.
RUN_BATCH = 100
RETRY_BATCH = 100


def _transition_check(payout: "Payout", to_status: str) -> None:
    if to_status not in PAYOUT_TRANSITIONS[payout.status]:
        raise PayoutTransitionError(
            params={"payout": payout.pk, "from": payout.status, "to": to_status}
        )


def payout_create(
    *, vendor_id: int, currency: str, requested_by: "AbstractBaseUser | None" = None
) -> "Payout | None":
    """Pay out what the vendor can be paid now in the currency; return the payout.

    Returns None when nothing can be paid (payout_quote_get says why:
    nothing available, less than the minimum, no bank account). The amount
    and the method are decided by payout_quote_get under the vendor's
    payout lock; the payout and its ledger entry are written in one
    transaction, and a Connect transfer is queued once it commits.
    `requested_by` is the user who asked (None for the scheduled run).
    Locks the vendor; one transaction.
    """
    from payments.payouts.tasks import payout_execute_task

    currency = currency.upper()
    with transaction.atomic():
        vendor = payout_vendor_qs_select_for_update().get(pk=vendor_id)
        now = timezone.now()
        quote = payout_quote_get(vendor=vendor, currency=currency, now=now)
        if not quote.is_payable:
            return None
        number = (
            Payout._default_manager.filter(vendor=vendor, currency=currency).count() + 1
        )
        connect = quote.method == PayoutMethod.STRIPE_CONNECT
        payout = Payout._default_manager.create(
            vendor=vendor,
            currency=currency,
            amount=quote.amount,
            method=quote.method,
            idempotency_key=f"payout-{vendor.pk}-{currency}-{number}",
            requested_by=requested_by,
            next_attempt_at=now + EXECUTE_LEASE if connect else None,
        )
        LedgerEntry._default_manager.create(
            vendor=vendor,
            currency=currency,
            kind=LedgerEntryKind.PAYOUT,
            amount=-payout.amount,
            key=f"payout-{payout.pk}",
            available_at=now,
            note=payout.transfer_reference,
        )
        if connect:
            payout_execute_task.delay_on_commit(payout_id=payout.pk)
    return payout


def payout_execute(*, payout_id: int) -> "Payout":
    """Make the payout's Stripe Connect transfer, and record what came of it.

    A bank-transfer payout, or one already paid, is left as it is. Stripe is
    asked with the payout's idempotency key, so executing a payout again
    (or concurrently) never transfers twice. A failure is recorded and the
    transfer tried again later (payouts_retry_claim). Stripe is asked
    holding no lock; the result is recorded under the payout's lock.
    """
    payout = Payout._default_manager.get(pk=payout_id)
    if payout.method != PayoutMethod.STRIPE_CONNECT or payout.status == (
        PayoutStatus.PAID
    ):
        return payout
    account = ConnectedAccount._default_manager.filter(
        vendor_id=payout.vendor_id
    ).first()
    try:
        if account is None:
            raise PayoutNoConnectedAccountError
        transfer = transfer_create(
            amount=payout.amount,
            currency=payout.currency,
            destination=account.stripe_account_id,
            idempotency_key=payout.idempotency_key,
            payout_id=payout.pk,
        )
    except PayoutError as error:
        logger.warning("Payout %s was not transferred: %s", payout.pk, error)
        return _payout_failed_record(payout_id=payout.pk, error=str(error))
    return _payout_paid_record(payout_id=payout.pk, reference=transfer.id)


def _payout_paid_record(*, payout_id: int, reference: str) -> "Payout":
    with transaction.atomic():
        payout = payout_qs_select_for_update().get(pk=payout_id)
        if payout.status == PayoutStatus.PAID:
            return payout  # recorded by a concurrent run
        _transition_check(payout, PayoutStatus.PAID)
        payout.status = PayoutStatus.PAID
        payout.reference = reference
        payout.paid_at = timezone.now()
        payout.next_attempt_at = None
        payout.last_error = ""
        payout.save(
            update_fields=[
                "status",
                "reference",
                "paid_at",
                "next_attempt_at",
                "last_error",
                "updated_at",
            ]
        )
    return payout


def _payout_failed_record(*, payout_id: int, error: str) -> "Payout":
    with transaction.atomic():
        payout = payout_qs_select_for_update().get(pk=payout_id)
        if payout.status == PayoutStatus.PAID:
            return payout  # a concurrent run was paid: this failure changes nothing
        _transition_check(payout, PayoutStatus.FAILED)
        payout.attempts += 1
        payout.status = PayoutStatus.FAILED
        payout.last_error = error[:2000]
        payout.next_attempt_at = timezone.now() + min(
            timedelta(minutes=2**payout.attempts), BACKOFF_MAX
        )
        payout.save(
            update_fields=[
                "attempts",
                "status",
                "last_error",
                "next_attempt_at",
                "updated_at",
            ]
        )
    return payout


def payouts_retry_claim(*, limit: int | None = None) -> list[int]:
    """Take the Connect payouts due for a transfer; return their ids, by pk.

    Due: failed, and their backoff is over; or still pending long after they
    were handed to a worker (its job was lost). Each is leased for
    EXECUTE_LEASE, so the next run does not take it again while a worker
    transfers it. Locks the payouts; one transaction.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            payout_qs_select_for_update()
            .filter(
                method=PayoutMethod.STRIPE_CONNECT,
                status__in=(PayoutStatus.PENDING, PayoutStatus.FAILED),
                next_attempt_at__lte=now,
            )
            .values_list("pk", flat=True)[: limit or RETRY_BATCH]
        )
        Payout._default_manager.filter(pk__in=ids).update(
            next_attempt_at=now + EXECUTE_LEASE, updated_at=now
        )
    return ids


def payouts_run(
    *, after_vendor_id: int = 0, after_currency: str = "", batch_size: int | None = None
) -> tuple[int, str] | None:
    """Pay out every balance with money available, a batch at a time.

    Up to `batch_size` (RUN_BATCH) balances (vendor and currency) after the
    given one, in order; each is paid by payout_create in its own
    transaction, so a vendor that fails is logged and left for the next run.
    Returns the last balance when the batch was full (more may wait), else
    None.
    """
    batch_size = batch_size or RUN_BATCH
    candidates = payout_candidate_list(
        after_vendor_id=after_vendor_id,
        after_currency=after_currency,
        limit=batch_size,
    )
    for vendor_id, currency in candidates:
        try:
            payout_create(vendor_id=vendor_id, currency=currency)
        except Exception:
            logger.exception(
                "The %s balance of vendor %s was not paid out", currency, vendor_id
            )
    return candidates[-1] if len(candidates) == batch_size else None


def payout_batch_create(*, currency: str) -> "PayoutBatch":
    """Gather the currency's pending bank-transfer payouts in a new batch.

    Payouts already in a batch stay in theirs. Raises PayoutBatchEmptyError
    when none is waiting. Locks the payouts; one transaction.
    """
    currency = currency.upper()
    with transaction.atomic():
        payout_ids = list(
            payout_qs_select_for_update()
            .filter(
                method=PayoutMethod.BANK_TRANSFER,
                status=PayoutStatus.PENDING,
                currency=currency,
                batch__isnull=True,
            )
            .values_list("pk", flat=True)
        )
        if not payout_ids:
            raise PayoutBatchEmptyError(params={"currency": currency})
        batch = PayoutBatch._default_manager.create(currency=currency)
        Payout._default_manager.filter(pk__in=payout_ids).update(
            batch=batch, updated_at=timezone.now()
        )
    return batch


def payout_batch_mark_paid(
    *, batch_id: int, actor: "AbstractBaseUser | None"
) -> "PayoutBatch":
    """Record that the bank paid the batch: its payouts are paid, now.

    Marking a batch paid twice changes nothing. `actor` is the staff user.
    Locks the batch, then its payouts; one transaction.
    """
    with transaction.atomic():
        batch = payout_batch_qs_select_for_update().get(pk=batch_id)
        if batch.paid_at is not None:
            return batch
        now = timezone.now()
        payouts = list(payout_qs_select_for_update().filter(batch=batch))
        for payout in payouts:
            _transition_check(payout, PayoutStatus.PAID)
        Payout._default_manager.filter(pk__in=[each.pk for each in payouts]).update(
            status=PayoutStatus.PAID, paid_at=now, updated_at=now
        )
        batch.paid_at = now
        batch.paid_by = actor
        batch.save(update_fields=["paid_at", "paid_by", "updated_at"])
    return batch
