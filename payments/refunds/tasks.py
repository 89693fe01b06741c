"""Background jobs of refunds: asking the provider, refunding returns and
cancellations once they are committed, and the beat's retries."""

import logging

from celery import shared_task
from django.db import OperationalError

from payments.refunds.exceptions import RefundError
from payments.refunds.services import (
    refund_execute,
    refund_for_cancellation,
    refund_for_return,
    refunds_missed_create,
    refunds_retry,
)

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def refund_execute_task(*, refund_id: int) -> None:
    """Ask the provider for a refund once it is committed.

    Running it twice makes one refund (its idempotency key); a refund the
    provider did not take is asked again by refunds_retry_task.
    """
    refund_execute(refund_id=refund_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def refund_for_return_task(*, return_request_id: int) -> None:
    """Refund the units of an accepted return (queued when it is accepted)."""
    try:
        refund_for_return(return_request_id=return_request_id)
    except RefundError as error:
        logger.error(
            "Return %s is not refunded (%s): %s", return_request_id, error.code, error
        )


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def refund_for_cancellation_task(*, part_id: int) -> None:
    """Refund a cancelled part paid in advance (queued when it is cancelled)."""
    try:
        refund_for_cancellation(part_id=part_id)
    except RefundError as error:
        logger.error(
            "Cancelled part %s is not refunded (%s): %s", part_id, error.code, error
        )


@shared_task
def refunds_retry_task() -> None:
    """Ask again for the refunds not taken yet, and make those whose job was lost.

    Run by beat.
    """
    refunds_retry()
    refunds_missed_create()
