"""Refunds listen to orders: an accepted return and a cancelled part are
refunded by a worker.

Connected by payments.apps.PaymentConfig.ready().
"""

from django.dispatch import receiver

from orders.models import OrderPartStatus
from orders.signals import order_part_status_changed, return_accepted
from payments.refunds.tasks import refund_for_cancellation_task, refund_for_return_task


@receiver(return_accepted, dispatch_uid="payments.refunds.return_accepted")
def refund_for_return_queue(sender, *, return_request_id: int, **kwargs) -> None:
    """Queue the refund of an accepted return.

    The signal comes after the acceptance committed; a job lost before it is
    queued is done by the beat's refunds_retry_task.
    """
    refund_for_return_task.delay_on_commit(return_request_id=return_request_id)


@receiver(order_part_status_changed, dispatch_uid="payments.refunds.part_cancelled")
def refund_for_cancellation_queue(
    sender, *, part_id: int, to_status: str, **kwargs
) -> None:
    """Queue the refund of a cancelled part; the job refunds only what was paid.

    A job lost before it is queued is done by the beat's refunds_retry_task.
    """
    if to_status == OrderPartStatus.CANCELLED:
        refund_for_cancellation_task.delay_on_commit(part_id=part_id)
