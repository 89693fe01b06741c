"""Background jobs of orders and customer accounts."""

from celery import shared_task
from oscar.core.loading import get_class


@shared_task
def product_alerts_send_task() -> None:
    """Email every customer whose awaited product is back in stock.

    Replaces Oscar's eager alerts, which would send mail inside the request
    that saved the stock record. Oscar marks each alert as sent, so a second
    run sends nothing twice.
    """
    AlertsDispatcher = get_class("customer.alerts.utils", "AlertsDispatcher")  # noqa: N806
    AlertsDispatcher().send_alerts()
