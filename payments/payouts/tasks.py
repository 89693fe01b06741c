"""Background jobs of payouts: a Connect transfer, the scheduled payout run,
and the retry of transfers that failed or whose job was lost."""

from celery import shared_task
from django.db import OperationalError

from payments.payouts.services import (
    payout_execute,
    payouts_retry_claim,
    payouts_run,
)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def payout_execute_task(*, payout_id: int) -> None:
    """Make the payout's Stripe Connect transfer.

    Queued when the payout has committed (payout_create), and by
    payouts_retry_task. Running it twice transfers once (the payout's
    idempotency key); a failure is recorded on the payout and retried by
    payouts_retry_task.
    """
    payout_execute(payout_id=payout_id)


@shared_task
def payouts_run_task(*, after_vendor_id: int = 0, after_currency: str = "") -> None:
    """Pay out every balance with money available, a batch at a time.

    Run by beat weekly; queues itself again for the next batch while
    batches are full. Running it twice, even at once, pays nothing twice.
    """
    last = payouts_run(after_vendor_id=after_vendor_id, after_currency=after_currency)
    if last is not None:
        vendor_id, currency = last
        payouts_run_task.delay(after_vendor_id=vendor_id, after_currency=currency)


@shared_task
def payouts_retry_task() -> None:
    """Hand the Connect payouts due for a (new) transfer attempt to workers.

    Run by beat every few minutes: failed transfers whose backoff is over,
    and payouts whose job was lost.
    """
    for payout_id in payouts_retry_claim():
        payout_execute_task.delay(payout_id=payout_id)
