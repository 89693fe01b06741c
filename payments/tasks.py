"""Background jobs of payments: provider events, reconciliation, unpaid orders."""

from celery import shared_task

from payments.providers.registry import provider_get
from payments.services import (
    ADVANCE,
    orders_unpaid_expire,
    payments_reconcile,
    provider_event_process,
    provider_events_retry,
)


@shared_task
def provider_event_process_task(*, event_id: int) -> None:
    """Act on one stored provider event (queued when it is stored)."""
    provider_event_process(event_id=event_id)


@shared_task
def provider_events_retry_task() -> None:
    """Try again the events that failed and are due, and those a worker lost."""
    provider_events_retry()


@shared_task
def payments_reconcile_task() -> None:
    """Settle every configured provider's recent payments against our orders."""
    for code in ADVANCE:
        provider = provider_get(code)
        if provider is not None and provider.is_configured():
            payments_reconcile(provider_code=code)


@shared_task
def orders_unpaid_expire_task() -> None:
    """Give up the orders whose payment window closed unpaid."""
    orders_unpaid_expire()
