"""Order writes: moving a vendor's part of an order along its transitions."""

from django.conf import settings
from django.db import transaction
from oscar.core.loading import get_model

from orders.exceptions import OrderPartReasonRequiredError, OrderPartTransitionError
from orders.lock_objects import (
    order_part_qs_select_for_update,
    order_qs_select_for_update,
)
from orders.models import ORDER_PART_TRANSITIONS, OrderPartStatus, OrderStatus
from orders.signals import order_part_status_changed

Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
OrderPartEvent = get_model("order", "OrderPartEvent")
StockRecord = get_model("partner", "StockRecord")


def order_part_transition(
    *, part_id: int, to_status: str, actor=None, note: str = ""
) -> "OrderPart":
    """Move a vendor's part of an order as ORDER_PART_TRANSITIONS allows.

    Locks the order, then the part; refuses a transition the table does not
    list (OrderPartTransitionError) and a cancellation without a reason
    (OrderPartReasonRequiredError). Cancelling releases the part's allocated
    stock; shipping takes the shipped units out of stock. Writes an event
    (who, when, from, to, note), brings the order's own status along
    (order_status_for_parts) and, once committed, sends
    `order_part_status_changed`. One transaction.
    """
    with transaction.atomic():
        order_id = OrderPart._default_manager.values_list("order_id", flat=True).get(
            pk=part_id
        )
        order = order_qs_select_for_update().get(pk=order_id)
        part = order_part_qs_select_for_update().get(pk=part_id)
        from_status = part.status
        if to_status not in ORDER_PART_TRANSITIONS[from_status]:
            raise OrderPartTransitionError(
                params={
                    "status": OrderPartStatus(from_status).label,
                    "target": OrderPartStatus(to_status).label,
                }
            )
        note = note.strip()
        if to_status == OrderPartStatus.CANCELLED and not note:
            raise OrderPartReasonRequiredError
        if to_status in (OrderPartStatus.CANCELLED, OrderPartStatus.SHIPPED):
            _part_stock_settle(part=part, shipped=to_status == OrderPartStatus.SHIPPED)
        part.status = to_status
        part.save(update_fields=["status", "updated_at"])
        OrderPartEvent._default_manager.create(
            part=part,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            note=note,
        )
        _order_status_follow(order=order)
        transaction.on_commit(
            lambda: order_part_status_changed.send(
                sender=OrderPart,
                part_id=part.pk,
                from_status=from_status,
                to_status=to_status,
            )
        )
    return part


def order_status_for_parts(statuses: list[str]) -> str:
    """Return the order status its parts' statuses add up to.

    Every part cancelled: cancelled. Every part delivered or cancelled:
    complete. Any part past "placed": being processed. Otherwise pending.
    """
    done = {OrderPartStatus.DELIVERED, OrderPartStatus.CANCELLED}
    if statuses and all(status == OrderPartStatus.CANCELLED for status in statuses):
        return OrderStatus.CANCELLED
    if statuses and all(status in done for status in statuses):
        return OrderStatus.COMPLETE
    if any(status != OrderPartStatus.PLACED for status in statuses):
        return OrderStatus.BEING_PROCESSED
    return OrderStatus.PENDING


def _order_status_follow(*, order: "Order") -> None:
    statuses = list(order.parts.values_list("status", flat=True))
    target = order_status_for_parts(statuses)
    if target == order.status:
        return
    # Oscar's pipeline has no step from pending straight to complete or back,
    # so the order walks through "being processed", each step recorded by
    # Oscar as a status change.
    pipeline = settings.OSCAR_ORDER_STATUS_PIPELINE
    if target not in pipeline.get(order.status, ()):
        order.set_status(OrderStatus.BEING_PROCESSED)
    if order.status != target:
        order.set_status(target)


def _part_stock_settle(*, part: "OrderPart", shipped: bool) -> None:
    """Release the part's allocated units, or take shipped ones out of stock.

    Stock records are updated in primary-key order, as checkouts allocate
    them, so the two cannot deadlock.
    """
    lines = (
        part.lines.filter(stockrecord__isnull=False)
        .select_related("stockrecord", "product__product_class")
        .order_by("stockrecord_id")
    )
    for line in lines:
        if not line.product.get_product_class().track_stock:
            continue
        if shipped:
            line.stockrecord.consume_allocation(line.quantity)
        else:
            line.stockrecord.cancel_allocation(line.quantity)
