"""The ledger listens to orders: a delivered part is settled by a worker.

Connected by payments.apps.PaymentConfig.ready().
"""

from django.dispatch import receiver

from orders.models import OrderPartStatus
from orders.signals import order_part_status_changed
from payments.ledger.tasks import ledger_part_delivered_task


@receiver(order_part_status_changed, dispatch_uid="payments.ledger.part_delivered")
def ledger_part_delivered_queue(
    sender, *, part_id: int, to_status: str, **kwargs
) -> None:
    """Queue the settlement of a delivered part.

    The signal comes after the delivery committed; a job lost before it is
    queued is done by the beat's ledger_deliveries_settle_task.
    """
    if to_status == OrderPartStatus.DELIVERED:
        ledger_part_delivered_task.delay_on_commit(part_id=part_id)
