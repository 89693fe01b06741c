"""Refund writes: giving a shopper money back for (part of) one vendor's part of
an order, started by staff, by an accepted return or by a cancellation.

A refund is decided in one transaction, under the order's, the part's and the
payment source's locks: its lines and amount, the vendor's ledger entries and
the shopper's email. Never more is refunded than was bought (units of each
line, the part's delivery charge) nor than the payment captured, counting
every refund already decided, whatever its status. A card refund is then
asked of the provider after commit, under the refund's idempotency key, and
asked again until the provider takes it (refunds_retry); a cash-on-delivery
refund is recorded at once, the vendor giving the cash back.

Amounts: a line's unit price is its price (VAT included, after discounts)
divided by its quantity, rounded half up to the currency's minor unit; the
refund that takes a line's last units takes whatever of the line's price is
left, so refunding every unit, in any number of refunds, gives back exactly
the line's price.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.pricing import money_round
from orders.lock_objects import (
    order_part_qs_select_for_update,
    order_qs_select_for_update,
)
from orders.models import OrderNotificationKind, OrderPartStatus, ReturnStatus
from orders.services import order_notification_record
from payments.ledger.exceptions import LedgerError
from payments.ledger.services import ledger_refund_record
from payments.models import SourceStatus
from payments.providers.base import ProviderError
from payments.providers.registry import provider_get
from payments.refunds.exceptions import (
    RefundAmountError,
    RefundError,
    RefundLedgerError,
    RefundLineError,
    RefundMoreThanCapturedError,
    RefundNothingChosenError,
    RefundReturnError,
    RefundShippingError,
    RefundStaleError,
    RefundUnitsError,
    RefundUnpaidError,
)
from payments.refunds.lock_objects import (
    refund_qs_select_for_update,
    source_qs_select_for_update,
)
from payments.refunds.models import REFUND_TRANSITIONS, RefundReason, RefundStatus
from payments.refunds.selectors import (
    LineRefundable,
    PartRefundable,
    part_refundable_get,
)
from payments.services import ADVANCE, CASH_ON_DELIVERY

logger = logging.getLogger(__name__)

Line = get_model("order", "Line")
Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
Refund = get_model("payment", "Refund")
RefundLine = get_model("payment", "RefundLine")
ReturnRequest = get_model("order", "ReturnRequest")
Source = get_model("payment", "Source")

ZERO = Decimal(0)
# Oscar's transaction type of a refund on a source.
REFUND_TXN = "Refund"


def refund_create(
    *,
    part_id: int,
    reason: str,
    lines: Iterable[tuple[int, int]] = (),
    shipping: Decimal = ZERO,
    actor=None,
    return_request_id: int | None = None,
    note: str = "",
    seen_staff_refunds: int | None = None,
) -> "Refund":
    """Decide a refund of units of a part's lines and of its delivery charge.

    `lines` are (order line id, units) pairs of the part's lines; `shipping`
    is how much of the part's delivery charge to give back. The refund's
    idempotency key names what started it: `return-<return id>`,
    `cancel-<part id>` or `staff-<part id>-<n>` (the part's n-th staff
    refund); a return's or a cancellation's refund asked again returns the
    one made the first time, unchanged. `seen_staff_refunds` is how many
    staff refunds of the part staff saw when deciding this one: when more
    were made since (the form sent twice, or a colleague's refund), raises
    RefundStaleError instead of refunding again.

    Locks the order, the part and the paid source. Raises RefundUnpaidError
    (nothing of the order was paid: no captured card payment, or a
    cash-on-delivery part not delivered), RefundReturnError (a return that
    is not an accepted return of the part), RefundLineError,
    RefundUnitsError (more units than were bought less those refunded),
    RefundAmountError, RefundShippingError, RefundNothingChosenError (the
    refund comes to nothing), RefundMoreThanCapturedError (more than the
    payment captured less what is refunded or being refunded) and
    RefundLedgerError (the vendor's ledger refused it).

    Writes the refund, its lines, the vendor's ledger entries and the
    shopper's email in one transaction. A card refund is pending and asked
    of the provider once committed (refund_execute_task); a cash-on-delivery
    refund has succeeded.
    """
    reason = RefundReason(reason)
    with transaction.atomic():
        order, part = _order_and_part_lock(part_id=part_id)
        key = _idempotency_key(
            part=part, reason=reason, return_request_id=return_request_id
        )
        existing = Refund._default_manager.filter(idempotency_key=key).first()
        if existing is not None:
            if existing.part_id != part.pk:
                raise RefundReturnError  # another part's return
            if reason != RefundReason.STAFF:
                return existing
        if reason == RefundReason.STAFF and (
            existing is not None
            or (
                seen_staff_refunds is not None
                and key != _staff_key(part_id=part.pk, number=seen_staff_refunds + 1)
            )
        ):
            raise RefundStaleError
        if reason == RefundReason.RETURN:
            _return_check(part=part, return_request_id=return_request_id)
        source = _paid_source_lock(order=order, part=part)
        currency = order.currency
        refundable = part_refundable_get(part_id=part.pk)
        line_amounts = _line_amounts(
            refundable=refundable, units=_units_by_line(lines), currency=currency
        )
        _shipping_check(refundable=refundable, shipping=shipping)
        amount = sum((each for _line, _units, each in line_amounts), ZERO) + shipping
        if amount <= 0:
            raise RefundNothingChosenError
        left = _captured_left(source=source, order=order)
        if amount > left:
            raise RefundMoreThanCapturedError(params={"left": f"{left} {currency}"})
        cash = source.source_type.code == CASH_ON_DELIVERY
        refund = Refund._default_manager.create(
            source=source,
            part=part,
            reason=reason,
            status=RefundStatus.SUCCEEDED if cash else RefundStatus.PENDING,
            currency=currency,
            amount=amount,
            shipping=shipping,
            idempotency_key=key,
            return_request_id=(
                return_request_id if reason == RefundReason.RETURN else None
            ),
            actor=actor,
            note=note.strip(),
        )
        RefundLine._default_manager.bulk_create(
            RefundLine(refund=refund, line=line, quantity=units, amount=line_amount)
            for line, units, line_amount in line_amounts
        )
        _ledger_record(part=part, refund=refund)
        order_notification_record(
            kind=OrderNotificationKind.REFUNDED,
            order=order,
            part=part,
            recipient=order.email,
            language=order.language,
            event=f"refund-{refund.pk}",
        )
        if not cash:
            # Imported here: the task module imports the services.
            from payments.refunds.tasks import refund_execute_task

            refund_execute_task.delay_on_commit(refund_id=refund.pk)
    return refund


def refund_for_return(*, return_request_id: int) -> "Refund":
    """Refund exactly the units of an accepted return (its delivery stays paid).

    The same return's refund is made once (its key). Raises as refund_create.
    """
    request = ReturnRequest._default_manager.get(pk=return_request_id)
    lines = list(request.lines.order_by("pk").values_list("line_id", "quantity"))
    return refund_create(
        part_id=request.part_id,
        reason=RefundReason.RETURN,
        lines=lines,
        return_request_id=request.pk,
    )


def refund_for_cancellation(*, part_id: int) -> "Refund | None":
    """Refund what is left of a cancelled part paid in advance: every unit not
    refunded yet and its delivery charge.

    Returns None when there is nothing to refund: the part is not cancelled,
    its order was not paid in advance (cash on delivery collects nothing for
    a part that never arrived), or everything was refunded before. The
    delivery refunded is at most what is left of the payment once the goods
    are, so a delivery charge the platform's offer paid for is not given
    back. The same cancellation's refund is made once (its key). Locks the
    order, the part and the source; one transaction. Raises as refund_create.
    """
    with transaction.atomic():
        order, part = _order_and_part_lock(part_id=part_id)
        if part.status != OrderPartStatus.CANCELLED:
            return None
        existing = Refund._default_manager.filter(
            idempotency_key=_idempotency_key(
                part=part, reason=RefundReason.CANCELLATION
            )
        ).first()
        if existing is not None:
            return existing
        if _advance_source_id(order_id=order.pk) is None:
            return None
        source = _paid_source_lock(order=order, part=part)
        refundable = part_refundable_get(part_id=part.pk)
        units = {each.line.pk: each.units_left for each in refundable.lines}
        units = {line_id: left for line_id, left in units.items() if left > 0}
        goods = sum(
            (
                amount
                for _line, _units, amount in _line_amounts(
                    refundable=refundable, units=units, currency=order.currency
                )
            ),
            ZERO,
        )
        left = _captured_left(source=source, order=order) - goods
        shipping = max(ZERO, min(refundable.shipping_left, left))
        if goods + shipping <= 0:
            return None
        return refund_create(
            part_id=part.pk,
            reason=RefundReason.CANCELLATION,
            lines=list(units.items()),
            shipping=shipping,
        )


def refund_execute(*, refund_id: int) -> None:
    """Ask the provider for a refund not yet taken, and record its answer.

    The provider is asked with the refund's idempotency key, outside any
    transaction, so asking again after a crash, a timeout or concurrently
    makes one refund. Its answer is recorded under the order's, the source's
    and the refund's locks: the source's refund transaction once (by the
    provider's refund id) and the refund succeeded. A provider's failure
    marks the refund failed with the error, to be asked again by
    refunds_retry. A refund that has succeeded is left alone.
    """
    refund = Refund._default_manager.select_related(
        "source__source_type", "source__order"
    ).get(pk=refund_id)
    if refund.status == RefundStatus.SUCCEEDED:
        return
    source = refund.source
    provider = provider_get(source.source_type.code)
    if provider is None or not provider.pays_in_advance:
        # Cash-on-delivery refunds succeed when they are made.
        logger.error("Refund %s has no provider to ask", refund.pk)
        return
    try:
        provider_refund_id = provider.refund(
            source=source,
            amount=refund.amount,
            idempotency_key=refund.idempotency_key,
            refund=refund,
        )
    except ProviderError as error:
        _refund_failed_record(refund_id=refund.pk, error=error)
        return
    with transaction.atomic():
        order_qs_select_for_update().get(pk=source.order_id)
        source = source_qs_select_for_update().get(pk=source.pk)
        refund = refund_qs_select_for_update().get(pk=refund_id)
        if RefundStatus.SUCCEEDED not in REFUND_TRANSITIONS[refund.status]:
            return
        recorded = source.transactions.filter(
            txn_type=REFUND_TXN, reference=provider_refund_id
        ).exists()
        if not recorded:
            source.refund(refund.amount, reference=provider_refund_id)
        refund.status = RefundStatus.SUCCEEDED
        refund.provider_refund_id = provider_refund_id
        refund.last_error = ""
        refund.save(
            update_fields=["status", "provider_refund_id", "last_error", "updated_at"]
        )


def _refund_failed_record(*, refund_id: int, error: ProviderError) -> None:
    with transaction.atomic():
        refund = refund_qs_select_for_update().get(pk=refund_id)
        if RefundStatus.FAILED not in REFUND_TRANSITIONS[refund.status]:
            return
        refund.status = RefundStatus.FAILED
        refund.last_error = str(error)[:2000]
        refund.save(update_fields=["status", "last_error", "updated_at"])
    logger.warning("Refund %s was not taken by its provider: %s", refund_id, error)


# A pending refund this old lost its task (its process died after the commit).
REFUND_STALE = timedelta(minutes=5)


def refunds_retry(*, limit: int = 100) -> int:
    """Ask the providers again for the refunds that failed, and for pending ones
    whose task was lost; return how many were asked.

    Up to `limit` refunds, oldest first. A refund is asked until its provider
    takes it: its key makes each ask the same refund.
    """
    stale = timezone.now() - REFUND_STALE
    due = Refund._default_manager.filter(
        status=RefundStatus.FAILED
    ) | Refund._default_manager.filter(
        status=RefundStatus.PENDING, updated_at__lte=stale
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:limit])
    for refund_id in ids:
        refund_execute(refund_id=refund_id)
    return len(ids)


# Cancellations and accepted returns this recent are checked for a refund
# whose job was lost.
MISSED_WINDOW = timedelta(days=3)


def refunds_missed_create(*, limit: int = 100) -> int:
    """Make the refunds of recent cancellations and accepted returns whose job
    was lost (a process that died between the commit and the queue).

    A cancelled part of an order paid in advance without its cancellation's
    refund, and an accepted return without its refund, changed within
    MISSED_WINDOW and not in the last REFUND_STALE (their job may still
    run). Up to `limit` of each, oldest first; one that cannot be refunded
    is logged and left. Returns how many were tried.
    """
    now = timezone.now()
    paid = Source._default_manager.filter(
        order_id=OuterRef("order_id"),
        source_type__code__in=ADVANCE,
        status=SourceStatus.PAID,
    )
    refunded = Refund._default_manager.filter(
        part_id=OuterRef("pk"), reason=RefundReason.CANCELLATION
    )
    part_ids = list(
        OrderPart._default_manager.filter(
            status=OrderPartStatus.CANCELLED,
            updated_at__range=(now - MISSED_WINDOW, now - REFUND_STALE),
        )
        .filter(Exists(paid), ~Exists(refunded))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return_ids = list(
        ReturnRequest._default_manager.filter(
            status=ReturnStatus.ACCEPTED,
            updated_at__range=(now - MISSED_WINDOW, now - REFUND_STALE),
            refunds__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for part_id in part_ids:
        try:
            refund_for_cancellation(part_id=part_id)
        except RefundError as error:
            logger.error("Cancelled part %s is not refunded: %s", part_id, error)
    for return_id in return_ids:
        try:
            refund_for_return(return_request_id=return_id)
        except RefundError as error:
            logger.error("Return %s is not refunded: %s", return_id, error)
    return len(part_ids) + len(return_ids)


def _order_and_part_lock(*, part_id: int) -> tuple["Order", "OrderPart"]:
    order_id = OrderPart._default_manager.values_list("order_id", flat=True).get(
        pk=part_id
    )
    order = order_qs_select_for_update().get(pk=order_id)
    part = order_part_qs_select_for_update().get(pk=part_id)
    return order, part


def _idempotency_key(
    *, part: "OrderPart", reason: str, return_request_id: int | None = None
) -> str:
    if reason == RefundReason.RETURN:
        if return_request_id is None:
            raise RefundReturnError
        return f"return-{return_request_id}"
    if reason == RefundReason.CANCELLATION:
        return f"cancel-{part.pk}"
    # Counted under the part's lock, so two staff refunds never share a key.
    made = Refund._default_manager.filter(part=part, reason=RefundReason.STAFF)
    return _staff_key(part_id=part.pk, number=made.count() + 1)


def _staff_key(*, part_id: int, number: int) -> str:
    return f"staff-{part_id}-{number}"


def _return_check(*, part: "OrderPart", return_request_id: int | None) -> None:
    accepted = ReturnRequest._default_manager.filter(
        pk=return_request_id, part_id=part.pk, status=ReturnStatus.ACCEPTED
    )
    if return_request_id is None or not accepted.exists():
        raise RefundReturnError


def _advance_source_id(*, order_id: int) -> int | None:
    """The order's payment captured in advance (a card's), if any."""
    return (
        Source._default_manager.filter(
            order_id=order_id,
            source_type__code__in=ADVANCE,
            status=SourceStatus.PAID,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def _paid_source_lock(*, order: "Order", part: "OrderPart") -> "Source":
    """Lock and return the order's payment the part's refund draws on.

    The payment captured in advance; else cash on delivery, which has paid
    for a part once it is delivered. Raises RefundUnpaidError.
    """
    source_id = _advance_source_id(order_id=order.pk)
    if source_id is None and part.status == OrderPartStatus.DELIVERED:
        source_id = (
            Source._default_manager.filter(
                order_id=order.pk, source_type__code=CASH_ON_DELIVERY
            )
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
    if source_id is None:
        raise RefundUnpaidError
    return source_qs_select_for_update().select_related("source_type").get(pk=source_id)


def _captured_left(*, source: "Source", order: "Order") -> Decimal:
    """What is left of the payment to refund, less refunds being made.

    A card payment: what the provider captured less what was refunded
    (refunds recorded on the source, ours and any other) and less our
    refunds not taken yet. Cash on delivery, which nothing debits: what the
    couriers collected for the order's delivered parts, less every refund.
    """
    refunds = Refund._default_manager.filter(source=source)
    if source.source_type.code != CASH_ON_DELIVERY:
        pending = refunds.exclude(status=RefundStatus.SUCCEEDED).aggregate(
            total=Sum("amount")
        )["total"]
        return source.amount_debited - source.amount_refunded - (pending or ZERO)
    delivered = OrderPart._default_manager.filter(
        order_id=order.pk, status=OrderPartStatus.DELIVERED
    )
    goods = Line._default_manager.filter(part__in=delivered).aggregate(
        total=Sum("line_price_incl_tax")
    )["total"]
    shipping = delivered.aggregate(total=Sum("shipping_incl_tax"))["total"]
    refunded = refunds.aggregate(total=Sum("amount"))["total"]
    collected = min((goods or ZERO) + (shipping or ZERO), source.amount_allocated)
    return collected - (refunded or ZERO)


def _units_by_line(lines: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Units asked for each line, the same line's asks added up."""
    units: dict[int, int] = {}
    for line_id, count in lines:
        if count < 0:
            raise ValueError("A refund takes no negative number of units.")
        if count:
            units[line_id] = units.get(line_id, 0) + count
    return units


def _line_amounts(
    *, refundable: PartRefundable, units: dict[int, int], currency: str
) -> list[tuple["Line", int, Decimal]]:
    """Return (line, units, amount) of the lines to refund, checking the units."""
    by_id = {each.line.pk: each for each in refundable.lines}
    if not units.keys() <= by_id.keys():
        raise RefundLineError
    amounts = []
    for line_id in sorted(units):
        each = by_id[line_id]
        count = units[line_id]
        if count > each.units_left:
            raise RefundUnitsError(
                params={"title": each.line.title, "left": each.units_left}
            )
        amounts.append((each.line, count, _line_amount(each, count, currency)))
    return amounts


def _line_amount(each: LineRefundable, units: int, currency: str) -> Decimal:
    """The amount of `units` more units of a line (see the module's docstring)."""
    price = each.line.line_price_incl_tax
    left = price - each.amount_refunded
    if units == each.units_left:
        return left
    unit_price = money_round(price / each.line.quantity, currency)
    # Rounded up, a tiny unit price could take more than is left of the line.
    return min(unit_price * units, left)


def _shipping_check(*, refundable: PartRefundable, shipping: Decimal) -> None:
    currency = refundable.currency
    if shipping < 0 or money_round(shipping, currency) != shipping:
        raise RefundAmountError(params={"currency": currency})
    if shipping > refundable.shipping_left:
        raise RefundShippingError(
            params={"left": f"{refundable.shipping_left} {currency}"}
        )


def _ledger_record(*, part: "OrderPart", refund: "Refund") -> None:
    """Take the refund back from the vendor's balance: the goods with their
    commission given back in proportion, the delivery without."""
    goods = refund.amount - refund.shipping
    try:
        if goods:
            ledger_refund_record(
                part=part,
                amount=goods,
                commission_reversed=True,
                reference=refund.idempotency_key,
            )
        if refund.shipping:
            ledger_refund_record(
                part=part,
                amount=refund.shipping,
                commission_reversed=False,
                reference=refund.idempotency_key,
            )
    except LedgerError as error:
        raise RefundLedgerError(error) from error
