"""Background jobs of the ledger: a delivered part's settlement, and the beat's
safety net for deliveries whose job was lost."""

from celery import shared_task
from django.db import OperationalError

from payments.ledger.services import (
    ledger_deliveries_settle,
    ledger_part_delivered_record,
)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def ledger_part_delivered_task(*, part_id: int) -> None:
    """Record what the delivered part settles in its vendor's ledger.

    Queued when the delivery has committed (payments.ledger.receivers).
    Running it twice records nothing twice; a job lost on the way is done
    by ledger_deliveries_settle_task.
    """
    ledger_part_delivered_record(part_id=part_id)


@shared_task
def ledger_deliveries_settle_task(*, after_pk: int = 0) -> None:
    """Record the delivered parts the ledger missed, a batch at a time.

    Run by beat; queues itself again for the next batch while batches are
    full.
    """
    last_pk = ledger_deliveries_settle(after_pk=after_pk)
    if last_pk is not None:
        ledger_deliveries_settle_task.delay(after_pk=last_pk)
