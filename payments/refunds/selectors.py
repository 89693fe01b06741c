"""Refund reads: what a part of an order has left to refund, and refund lists."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from oscar.core.loading import get_model

from payments.refunds.models import RefundReason

Line = get_model("order", "Line")
OrderPart = get_model("order", "OrderPart")
Refund = get_model("payment", "Refund")
RefundLine = get_model("payment", "RefundLine")

ZERO = Decimal(0)


@dataclass(frozen=True)
class LineRefundable:
    """One line of a part, and how much of it refunds have taken so far."""

    line: "Line"
    units_refunded: int
    amount_refunded: Decimal

    @property
    def units_left(self) -> int:
        return self.line.quantity - self.units_refunded


@dataclass(frozen=True)
class PartRefundable:
    """What of a vendor's part of an order can still be refunded."""

    part: "OrderPart"
    lines: list[LineRefundable]
    shipping_refunded: Decimal

    @property
    def currency(self) -> str:
        return self.part.order.currency

    @property
    def shipping_left(self) -> Decimal:
        return self.part.shipping_incl_tax - self.shipping_refunded


def part_refundable_get(*, part_id: int) -> PartRefundable:
    """Return a part's lines with the units and amounts refunded so far.

    Every refund counts, whatever its status: a failed one is retried until
    the provider takes it, and the ledger has already recorded it. Three
    queries. To decide on a new refund, call it holding the part's lock, which
    every writer of the part's refunds takes first.
    """
    part = OrderPart._default_manager.select_related("order", "vendor").get(pk=part_id)
    refunded = {
        row["line_id"]: (row["units"], row["amount"])
        for row in RefundLine._default_manager.filter(refund__part_id=part_id)
        .order_by()
        .values("line_id")
        .annotate(units=Sum("quantity"), amount=Sum("amount"))
    }
    lines = [
        LineRefundable(
            line=line,
            units_refunded=refunded.get(line.pk, (0, ZERO))[0],
            amount_refunded=refunded.get(line.pk, (0, ZERO))[1],
        )
        for line in Line._default_manager.filter(part_id=part_id).order_by("pk")
    ]
    shipping = Refund._default_manager.filter(part_id=part_id).aggregate(
        total=Sum("shipping")
    )["total"]
    return PartRefundable(part=part, lines=lines, shipping_refunded=shipping or ZERO)


def refund_list() -> QuerySet:
    """Return every refund, newest first, with its order, vendor, payment and
    author joined."""
    return Refund._default_manager.select_related(
        "part__order", "part__vendor", "source__source_type", "actor"
    ).order_by("-created_at", "-pk")


def order_part_list_for_refund(*, number: str) -> QuerySet:
    """Return the parts of the order numbered `number`, with their vendors and
    the order, by primary key; none for an unknown number."""
    return (
        OrderPart._default_manager.filter(order__number=number)
        .select_related("order", "vendor")
        .order_by("pk")
    )


def staff_refund_count(*, part_id: int) -> int:
    """Return how many staff refunds the part has had."""
    return Refund._default_manager.filter(
        part_id=part_id, reason=RefundReason.STAFF
    ).count()
