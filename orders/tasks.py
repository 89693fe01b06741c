"""Background jobs of orders and customer accounts."""

from celery import shared_task
from oscar.core.loading import get_class

from orders.customer.security.browsers import browsers_forget_stale
from orders.customer.services import product_alerts_send
from orders.services import order_notifications_relay


@shared_task
def product_alerts_send_task(*, after_pk: int = 0) -> None:
    """Email the shoppers whose awaited product is back in stock in their market.

    Checks one batch of active alerts after `after_pk` and runs again for the
    next batch. Replaces Oscar's eager alerts, which would send mail inside
    the request that saved the stock record. Each alert is closed as it is
    sent, so a second run sends nothing twice.
    """
    AlertsDispatcher = get_class("customer.alerts.utils", "AlertsDispatcher")  # noqa: N806
    last_pk = product_alerts_send(dispatcher=AlertsDispatcher(), after_pk=after_pk)
    if last_pk is not None:
        product_alerts_send_task.delay_on_commit(after_pk=last_pk)


@shared_task
def order_notifications_send_task() -> None:
    """Send the emails order events owe, oldest first, batch by batch.

    Queued after each event commits, and run by beat every minute for any
    a dying process did not queue; two runs at once share the work (rows are
    locked and skipped).
    """
    batch = 50
    if order_notifications_relay(batch_size=batch) == batch:
        order_notifications_send_task.delay()


@shared_task
def known_browsers_forget_task() -> None:
    """Forget the browsers whose cookie has expired (not seen for 400 days)."""
    browsers_forget_stale()
