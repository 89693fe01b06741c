"""Payment writes: taking an order's payment at its provider, and keeping the
order and its Source in step with what the provider reports.

An order paid in advance is placed first, awaiting its payment, with its stock
held (orders.utils.OrderCreator); the shopper then pays at the provider. What
completes it is the provider's own answer, read again from the provider
whichever way the news comes (the shopper's return, a notification, the
reconciliation job), and applied under the source's row lock: exactly once
per payment, whatever arrives twice, concurrently or out of order.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.core.prices import Price

from orders.lock_objects import order_qs_select_for_update
from orders.models import OrderStatus
from orders.services import order_payment_abandon, order_payment_receive
from payments.exceptions import PaymentNotAwaitedError
from payments.ledger.services import ledger_order_paid_record
from payments.models import ProviderEventStatus, SourceStatus
from payments.providers.base import (
    Notification,
    PaymentProvider,
    PaymentState,
    ProviderError,
)
from payments.providers.cash import CashOnDeliveryProvider
from payments.providers.registry import PROVIDERS, provider_get

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
ProviderEvent = get_model("payment", "ProviderEvent")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

CASH_ON_DELIVERY = CashOnDeliveryProvider.code
# The codes of the providers paid in advance, whose sources wait for a payment.
ADVANCE = [code for code, provider in PROVIDERS.items() if provider.pays_in_advance]


def _source_type(provider: PaymentProvider) -> "SourceType":
    # Created on first use, as Oscar does for its payment event types.
    source_type, _created = SourceType._default_manager.get_or_create(
        code=provider.code, defaults={"name": str(provider.name)}
    )
    return source_type


def payment_source_build(
    *, provider: PaymentProvider, total: Price, order_number: str
) -> "Source":
    """Build the (unsaved) payment source of an order about to be placed.

    Oscar saves it together with the order. The whole total is allocated;
    cash on delivery is debited when the courier collects it, an advance
    payment when its provider confirms it. An advance payment's idempotency
    key is derived from the order number and the attempt, so asking the
    provider again for it (a retry, a double click, a restart) asks for the
    same payment.
    """
    return Source(
        source_type=_source_type(provider),
        currency=total.currency,
        amount_allocated=total.incl_tax,
        idempotency_key=f"{order_number}-1" if provider.pays_in_advance else None,
    )


def order_payment_start(*, order_id: int, return_url: str, cancel_url: str) -> str:
    """Send the shopper to pay an order awaiting its payment: return the URL.

    Takes the order's open attempt, or starts the next one when the last
    failed (its checkout expired unpaid). The provider is asked with the
    attempt's idempotency key, so asking twice answers the same checkout.
    Raises PaymentNotAwaitedError when the order no longer waits for a
    payment, ProviderError when the provider cannot be asked. The provider
    is asked outside any transaction, holding no lock.
    """
    with transaction.atomic():
        order = order_qs_select_for_update().get(pk=order_id)
        if order.status != OrderStatus.AWAITING_PAYMENT:
            raise PaymentNotAwaitedError
        attempts = order.sources.filter(source_type__code__in=ADVANCE).order_by("pk")
        source = attempts.last()
        if source is None:
            raise PaymentNotAwaitedError
        if source.status != SourceStatus.PENDING:
            source = Source._default_manager.create(
                order=order,
                source_type=source.source_type,
                currency=source.currency,
                amount_allocated=source.amount_allocated,
                idempotency_key=f"{order.number}-{attempts.count() + 1}",
            )
    provider = provider_get(source.source_type.code)
    checkout = provider.checkout_start(
        source=source, return_url=return_url, cancel_url=cancel_url
    )
    Source._default_manager.filter(pk=source.pk, reference="").update(
        reference=checkout.reference, updated_at=timezone.now()
    )
    return checkout.redirect_url


def payment_state_apply(*, provider_code: str, state: PaymentState) -> None:
    """Bring the order and its source in step with what the provider reports.

    A paid payment of an order that waits completes it, once: the source
    records what was captured and the order goes to its vendors
    (orders.services.order_payment_receive), and each vendor's ledger what
    it is owed. A paid payment the order cannot
    take (it was given up, another payment paid it, or the amount is not
    the order's) is marked surplus and given back whole once committed. A
    failed one leaves the order waiting for another attempt until its
    window closes. Locks the source; one transaction, then the refund.
    """
    with transaction.atomic():
        source = _source_for_update(provider_code=provider_code, state=state)
        if source is None:
            if state.status == SourceStatus.PAID:
                logger.error(
                    "%s payment %s of order %r matches no payment of ours",
                    provider_code,
                    state.reference,
                    state.order_number,
                )
            return
        if state.status == SourceStatus.PAID and source.status in (
            SourceStatus.PENDING,
            SourceStatus.FAILED,
        ):
            _source_paid_record(source=source, state=state)
        elif (
            state.status == SourceStatus.FAILED
            and source.status == SourceStatus.PENDING
        ):
            source.status = SourceStatus.FAILED
            source.save(update_fields=["status", "updated_at"])
        owed_back = (
            source.status == SourceStatus.SURPLUS
            and source.amount_refunded < source.amount_debited
        )
    if owed_back:
        source_surplus_refund(source_id=source.pk)


def checkout_sync(*, provider_code: str, reference: str) -> PaymentState:
    """Read a checkout's payment from its provider and apply it; return it.

    What every way the news comes (the shopper's return, a notification, the
    jobs) does: the provider's own answer, never the news, decides. Raises
    ProviderError.
    """
    state = provider_get(provider_code).payment_get(reference=reference)
    payment_state_apply(provider_code=provider_code, state=state)
    return state


def _source_for_update(*, provider_code: str, state: PaymentState) -> "Source | None":
    """Return the source of the provider's checkout, its order and it locked.

    The order is locked before the source, as every writer of both does.
    """
    sources = Source._default_manager.filter(source_type__code=provider_code)
    found = sources.filter(reference=state.reference).values("pk", "order_id").first()
    if found is None and state.order_number:
        # Its checkout was started but the process stopped before the
        # reference was saved: the order's attempt that has none.
        found = (
            sources.filter(order__number=state.order_number, reference="")
            .order_by("pk")
            .values("pk", "order_id")
            .first()
        )
    if found is None:
        return None
    order_qs_select_for_update().get(pk=found["order_id"])
    source = (
        sources.select_for_update()
        .select_related("order", "source_type")
        .get(pk=found["pk"])
    )
    if not source.reference:
        source.reference = state.reference
        source.save(update_fields=["reference", "updated_at"])
    return source


def _source_paid_record(*, source: "Source", state: PaymentState) -> None:
    matches = (state.amount, state.currency) == (
        source.amount_allocated,
        source.currency,
    )
    if not matches:
        logger.error(
            "%s payment %s of order %s captured %s %s, not %s %s",
            source.source_type.code,
            state.reference,
            source.order.number,
            state.amount,
            state.currency,
            source.amount_allocated,
            source.currency,
        )
        # What was captured is what the source holds now, to be given back.
        source.amount_allocated, source.currency = state.amount, state.currency
    source.payment_id = state.payment_id
    source.status = SourceStatus.PAID
    source.debit(state.amount, reference=state.payment_id)
    if matches and order_payment_receive(order_id=source.order_id):
        ledger_order_paid_record(order=source.order)
    else:
        source.status = SourceStatus.SURPLUS
    source.save(update_fields=["status", "payment_id", "updated_at"])


def source_surplus_refund(*, source_id: int) -> None:
    """Give back whole a payment its order could not take (SourceStatus.SURPLUS).

    Asks the provider with a key derived from the source, so that the
    refund asked again (after a crash, or by two jobs at once) is the same
    refund; records it on the source once, under the source's lock. The
    provider is asked holding no lock. Raises ProviderError.
    """
    source = Source._default_manager.select_related("source_type", "order").get(
        pk=source_id
    )
    left = source.amount_debited - source.amount_refunded
    if source.status != SourceStatus.SURPLUS or left <= 0:
        return
    provider = provider_get(source.source_type.code)
    refund_id = provider.refund(
        source=source, amount=left, idempotency_key=f"{source.idempotency_key}-surplus"
    )
    with transaction.atomic():
        source = Source._default_manager.select_for_update().get(pk=source_id)
        if source.transactions.filter(txn_type="Refund", reference=refund_id).exists():
            return  # recorded by a concurrent run
        left = source.amount_debited - source.amount_refunded
        source.refund(left, reference=refund_id)


def provider_event_record(*, provider_code: str, notification: Notification) -> bool:
    """Store a provider's notification once; return whether it is new.

    A new one is processed by a worker once committed; one that came before
    is left as it is, whatever its state (the retry job finishes it).
    """
    from payments.tasks import provider_event_process_task

    try:
        with transaction.atomic():
            event = ProviderEvent._default_manager.create(
                provider=provider_code,
                event_id=notification.event_id,
                type=notification.type,
                reference=notification.reference,
                payload=notification.payload,
            )
    except IntegrityError:
        return False
    provider_event_process_task.delay_on_commit(event_id=event.pk)
    return True


# How long an event that failed waits before it is tried again, doubling up
# to this bound.
EVENT_BACKOFF_MAX = timedelta(hours=6)


def provider_event_process(*, event_id: int) -> None:
    """Act on a stored provider event: re-read its checkout's payment and apply it.

    The event says only which checkout changed; its state is read from the
    provider, so events out of order change nothing wrongly. Processing one
    twice is harmless. A failure is recorded and retried later with backoff.
    """
    event = ProviderEvent._default_manager.get(pk=event_id)
    if event.status == ProviderEventStatus.PROCESSED:
        return
    try:
        if event.reference:
            checkout_sync(provider_code=event.provider, reference=event.reference)
    except Exception as error:
        # Kept and tried again later, whatever went wrong; only a provider
        # that cannot be asked is expected.
        if not isinstance(error, ProviderError):
            logger.exception("%s event %s failed", event.provider, event.event_id)
        attempts = event.attempts + 1
        delay = min(timedelta(minutes=2**attempts), EVENT_BACKOFF_MAX)
        ProviderEvent._default_manager.filter(pk=event.pk).update(
            status=ProviderEventStatus.FAILED,
            attempts=attempts,
            last_error=str(error)[:2000],
            next_attempt_at=timezone.now() + delay,
            updated_at=timezone.now(),
        )
        return
    ProviderEvent._default_manager.filter(pk=event.pk).update(
        status=ProviderEventStatus.PROCESSED,
        attempts=event.attempts + 1,
        processed_at=timezone.now(),
        next_attempt_at=None,
        updated_at=timezone.now(),
    )


# An event still "received" this long after it came was lost by its worker.
EVENT_STALE = timedelta(minutes=2)


def provider_events_retry(*, limit: int = 100) -> int:
    """Process the events that failed and are due, and those a worker lost.

    Returns how many were tried.
    """
    now = timezone.now()
    due = ProviderEvent._default_manager.exclude(
        status=ProviderEventStatus.PROCESSED
    ).filter(next_attempt_at__lte=now) | ProviderEvent._default_manager.filter(
        status=ProviderEventStatus.RECEIVED, created_at__lte=now - EVENT_STALE
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:limit])
    for event_id in ids:
        provider_event_process(event_id=event_id)
    return len(ids)


def payments_reconcile(*, provider_code: str) -> int:
    """Compare the provider's recent payments with our orders, and settle the rest.

    Each checkout started within MARKETPLACE_PAYMENT_RECONCILE_DAYS (inside the
    30 days Stripe lists events for) is applied as its provider reports it:
    a payment whose news never came completes its order, one the order
    cannot take is refunded. Returns how many checkouts were read.
    """
    provider = provider_get(provider_code)
    since = timezone.now() - timedelta(days=settings.MARKETPLACE_PAYMENT_RECONCILE_DAYS)
    count = 0
    for state in provider.payments_recent(since=since):
        payment_state_apply(provider_code=provider_code, state=state)
        count += 1
    return count


def orders_unpaid_expire(*, limit: int = 100) -> int:
    """Give up the orders whose payment window closed unpaid, releasing their stock.

    Each open checkout is closed at its provider first and read once more: a
    payment that came at the last moment completes the order instead, and a
    checkout the provider would not close leaves the order for the next run.
    Returns how many orders were given up.
    """
    closed_before = timezone.now() - timedelta(
        seconds=settings.MARKETPLACE_PAYMENT_WINDOW
    )
    orders = Order._default_manager.filter(
        status=OrderStatus.AWAITING_PAYMENT, date_placed__lt=closed_before
    ).order_by("pk")[:limit]
    given_up = 0
    for order in orders:
        for source in order.sources.filter(
            source_type__code__in=ADVANCE, status=SourceStatus.PENDING
        ).exclude(reference=""):
            code = source.source_type.code
            try:
                provider_get(code).checkout_cancel(reference=source.reference)
                state = checkout_sync(provider_code=code, reference=source.reference)
            except ProviderError:
                state = None
            if state is None or state.status == SourceStatus.PENDING:
                # Still open at the provider, so it can still be paid: the
                # order waits for the next run rather than be given up.
                logger.warning(
                    "Order %s: its checkout could not be closed", order.number
                )
                break
        else:
            with transaction.atomic():
                if order_payment_abandon(order_id=order.pk):
                    Source._default_manager.filter(
                        order=order, status=SourceStatus.PENDING
                    ).update(status=SourceStatus.FAILED, updated_at=timezone.now())
                    given_up += 1
    return given_up
