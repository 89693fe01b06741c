"""Order writes: moving a vendor's part of an order along its transitions, and
the emails each event owes (a transactional outbox) and their relay."""

import logging
import smtplib

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from orders.exceptions import OrderPartReasonRequiredError, OrderPartTransitionError
from orders.lock_objects import (
    order_part_qs_select_for_update,
    order_qs_select_for_update,
)
from orders.models import (
    ORDER_PART_TRANSITIONS,
    OrderNotificationKind,
    OrderPartStatus,
    OrderStatus,
)
from orders.signals import order_part_status_changed
from vendors.models import VendorRole

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderNotification = get_model("order", "OrderNotification")
OrderPart = get_model("order", "OrderPart")
OrderPartEvent = get_model("order", "OrderPartEvent")
VendorMember = get_model("partner", "VendorMember")


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
        if to_status in SHOPPER_TOLD:
            order_notification_record(
                kind=SHOPPER_TOLD[to_status],
                order=order,
                part=part,
                recipient=order.email,
                language=order.language,
            )
        transaction.on_commit(
            lambda: order_part_status_changed.send(
                sender=OrderPart,
                part_id=part.pk,
                from_status=from_status,
                to_status=to_status,
            )
        )
    return part


def order_payment_receive(*, order_id: int) -> bool:
    """Hand the vendors the parts of an order whose payment is confirmed.

    Moves every part awaiting payment to "placed" and owes the shopper the
    order's confirmation and each vendor the news of its part. Returns False
    when no part was waiting (the payment was received before, or the order
    was given up), so that a payment confirmed twice hands nothing over
    twice. Locks the order; one transaction.
    """
    with transaction.atomic():
        order = order_qs_select_for_update().get(pk=order_id)
        waiting = list(
            order.parts.filter(status=OrderPartStatus.AWAITING_PAYMENT)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for part_id in waiting:
            order_part_transition(part_id=part_id, to_status=OrderPartStatus.PLACED)
        if waiting:
            order_placed_notifications_record(order=order)
    return bool(waiting)


def order_payment_abandon(*, order_id: int) -> bool:
    """Cancel the parts of an order whose payment never came, releasing their stock.

    Returns False when no part was waiting. Locks the order; one transaction.
    """
    with transaction.atomic():
        order = order_qs_select_for_update().get(pk=order_id)
        waiting = list(
            order.parts.filter(status=OrderPartStatus.AWAITING_PAYMENT)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        with translation.override(order.language):
            note = gettext("The order was not paid.")
        for part_id in waiting:
            order_part_transition(
                part_id=part_id, to_status=OrderPartStatus.CANCELLED, note=note
            )
    return bool(waiting)


# The part statuses the shopper is emailed about.
SHOPPER_TOLD = {
    OrderPartStatus.SHIPPED: OrderNotificationKind.PART_SHIPPED,
    OrderPartStatus.DELIVERED: OrderNotificationKind.PART_DELIVERED,
    OrderPartStatus.CANCELLED: OrderNotificationKind.PART_CANCELLED,
}
# Tries of one email before it is left to staff (last_error says why).
NOTIFICATION_MAX_ATTEMPTS = 5


def order_notification_record(
    *,
    kind: str,
    order: "Order",
    recipient: str,
    language: str,
    part=None,
    event: str = "",
) -> None:
    """Owe `recipient` the email of an order event, in `language`.

    Precondition: inside the transaction that makes the event, so the email
    exists if and only if the event does. The same event never owes the same
    recipient twice (the row's unique key). An event that may happen more
    than once to the same part or order (a refund) names itself in `event`.
    The relay task is queued when the transaction commits; the beat job
    sends whatever that misses.
    """
    _notifications_owe(
        [
            _notification(
                kind=kind,
                order=order,
                part=part,
                recipient=recipient,
                language=language,
                event=event,
            )
        ]
    )


def order_placed_notifications_record(*, order: "Order") -> None:
    """Owe the shopper the order's confirmation, and each vendor's owners the
    news of their part.

    Precondition: inside the transaction that places the order.
    """
    owners = VendorMember._default_manager.filter(role=VendorRole.OWNER).select_related(
        "user"
    )
    parts = order.parts.select_related("vendor").prefetch_related(
        Prefetch("vendor__members", queryset=owners, to_attr="owners")
    )
    notifications = [
        _notification(
            kind=OrderNotificationKind.PART_RECEIVED,
            order=order,
            part=part,
            recipient=owner.user.email,
            language=part.vendor.language,
        )
        for part in parts
        for owner in part.vendor.owners
    ]
    if order.email:
        notifications.append(
            _notification(
                kind=OrderNotificationKind.ORDER_PLACED,
                order=order,
                part=None,
                recipient=order.email,
                language=order.language,
            )
        )
    _notifications_owe(notifications)


def _notification(
    *, kind: str, order: "Order", part, recipient: str, language: str, event: str = ""
) -> "OrderNotification":
    subject = event or (part.pk if part is not None else order.pk)
    return OrderNotification(
        kind=kind,
        order=order,
        part=part,
        recipient=recipient,
        language=language,
        key=f"{kind}:{subject}:{recipient.lower()}",
    )


def _notifications_owe(notifications: list["OrderNotification"]) -> None:
    notifications = [each for each in notifications if each.recipient]
    if not notifications:
        return
    # Imported here: the task module imports the services.
    from orders.tasks import order_notifications_send_task

    OrderNotification._default_manager.bulk_create(notifications, ignore_conflicts=True)
    order_notifications_send_task.delay_on_commit()


def order_notifications_relay(*, batch_size: int = 50) -> int:
    """Send up to `batch_size` owed emails, oldest first; return how many were sent.

    Each row is locked (rows another worker holds are skipped), sent through
    the delivery backend and marked sent in one transaction. A worker that
    dies after sending and before committing leaves the row unsent, and it
    is sent again with the same Message-ID, by which mail servers and
    clients recognise it as one message. A failure is counted and retried on
    a later run, up to NOTIFICATION_MAX_ATTEMPTS.
    """
    connection = get_connection(settings.MARKETPLACE_EMAIL_DELIVERY_BACKEND)
    tried: list[int] = []
    sent = 0
    while len(tried) < batch_size:
        with transaction.atomic():
            notification = (
                OrderNotification._default_manager.select_for_update(
                    skip_locked=True, of=("self",)
                )
                .filter(sent_at__isnull=True, attempts__lt=NOTIFICATION_MAX_ATTEMPTS)
                .exclude(pk__in=tried)
                .select_related("order__user", "part__vendor")
                .order_by("pk")
                .first()
            )
            if notification is None:
                break
            tried.append(notification.pk)
            notification.attempts += 1
            try:
                connection.send_messages([_notification_message(notification)])
            except (smtplib.SMTPException, OSError) as exc:
                logger.warning("Order email %s not sent: %s", notification.key, exc)
                notification.last_error = str(exc)[:1000]
                notification.save(
                    update_fields=["attempts", "last_error", "updated_at"]
                )
                continue
            notification.sent_at = timezone.now()
            notification.save(update_fields=["attempts", "sent_at", "updated_at"])
            sent += 1
    return sent


def _notification_message(notification: "OrderNotification") -> EmailMultiAlternatives:
    order = notification.order
    part = notification.part
    site = Site.objects.get_current()
    with translation.override(notification.language):
        extra: dict = {}
        if notification.kind.startswith("return_"):
            # Imported here: the returns services import this module.
            from orders.returns.services import return_email_context

            path, extra = return_email_context(notification=notification)
        elif notification.kind == OrderNotificationKind.PART_RECEIVED:
            path = reverse("seller_orders:detail", kwargs={"number": order.number})
        elif order.user_id:
            path = reverse("customer:order", kwargs={"order_number": order.number})
        else:
            path = reverse(
                "customer:anon-order",
                kwargs={
                    "order_number": order.number,
                    "hash": order.verification_hash(),
                },
            )
        reason = ""
        if notification.kind == OrderNotificationKind.PART_CANCELLED:
            reason = (
                part.events.filter(to_status=OrderPartStatus.CANCELLED)
                .values_list("note", flat=True)
                .last()
            )
        if notification.kind == OrderNotificationKind.ORDER_PLACED:
            # Each seller's lines and delivery, read at once for the email.
            prefetch_related_objects(
                [order],
                Prefetch(
                    "parts",
                    queryset=OrderPart._default_manager.select_related(
                        "vendor", "delivery__carrier"
                    )
                    .prefetch_related("lines")
                    .order_by("pk"),
                ),
            )
        context = {
            "order": order,
            "part": part,
            "lines": (part or order).lines.order_by("pk"),
            "reason": reason,
            "url": f"{settings.OSCAR_URL_SCHEMA}://{site.domain}{path}",
            "shop_name": settings.OSCAR_SHOP_NAME,
            **extra,
        }
        template = f"orders/emails/{notification.kind}"
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.OSCAR_FROM_EMAIL,
        to=[notification.recipient],
        headers={"Message-ID": f"<order-notification-{notification.pk}@{site.domain}>"},
    )


def order_status_for_parts(statuses: list[str]) -> str:
    """Return the order status its parts' statuses add up to.

    Every part cancelled: cancelled. Any part awaiting its payment (they
    wait together): awaiting payment. Every part delivered or cancelled:
    complete. Any part past "placed": being processed. Otherwise pending.
    """
    done = {OrderPartStatus.DELIVERED, OrderPartStatus.CANCELLED}
    if statuses and all(status == OrderPartStatus.CANCELLED for status in statuses):
        return OrderStatus.CANCELLED
    if OrderPartStatus.AWAITING_PAYMENT in statuses:
        return OrderStatus.AWAITING_PAYMENT
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
