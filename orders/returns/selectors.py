"""Return reads, joined for the pages that show them."""

from collections.abc import Collection
from datetime import datetime

from django.db.models import Prefetch, QuerySet, Sum, prefetch_related_objects
from oscar.core.loading import get_model

from orders.models import RETURN_HOLDING_STATUSES, OrderPartStatus

Line = get_model("order", "Line")
OrderPart = get_model("order", "OrderPart")
OrderPartEvent = get_model("order", "OrderPartEvent")
ReturnEvent = get_model("order", "ReturnEvent")
ReturnLine = get_model("order", "ReturnLine")
ReturnRequest = get_model("order", "ReturnRequest")


def part_delivered_at(*, part_ids: Collection[int]) -> dict[int, datetime]:
    """Return when each delivered part of `part_ids` was delivered, by part id."""
    events = (
        OrderPartEvent._default_manager.filter(
            part_id__in=part_ids, to_status=OrderPartStatus.DELIVERED
        )
        .order_by("part_id", "created_at")
        .values_list("part_id", "created_at")
    )
    return dict(events)


def return_held_quantities(
    *, line_ids: Collection[int], exclude_request_id: int | None = None
) -> dict[int, int]:
    """Return how many units of each line open or accepted returns hold."""
    held = ReturnLine._default_manager.filter(
        line_id__in=line_ids, request__status__in=RETURN_HOLDING_STATUSES
    )
    if exclude_request_id is not None:
        held = held.exclude(request_id=exclude_request_id)
    rows = held.order_by().values("line_id").annotate(total=Sum("quantity"))
    return {row["line_id"]: row["total"] for row in rows}


def _returns_joined() -> QuerySet:
    return ReturnRequest._default_manager.prefetch_related(
        Prefetch(
            "lines",
            queryset=ReturnLine._default_manager.select_related("line").order_by("pk"),
        ),
        "photos",
    )


def customer_order_returns_prefetch(*, order) -> None:
    """Give each of the order's parts its returns, newest first (`return_list`).

    The parts must be loaded already (orders.selectors.customer_order_get);
    three queries for the whole order, however many parts and returns.
    """
    prefetch_related_objects(
        list(order.parts.all()),
        Prefetch("return_requests", queryset=_returns_joined(), to_attr="return_list"),
    )


def customer_return_get(*, user, number: str, pk: int) -> "ReturnRequest":
    """Return one of the customer's returns on the order numbered `number`.

    Raises ReturnRequest.DoesNotExist for another's return.
    """
    return ReturnRequest._default_manager.select_related("part__vendor").get(
        pk=pk, part__order__number=number, part__order__user=user
    )


def seller_return_list(*, vendor) -> QuerySet:
    """Return the vendor's returns, newest first, with their order, lines and
    photos: a page costs the same queries however many returns it holds."""
    return (
        _returns_joined()
        .filter(part__vendor=vendor)
        .select_related("part__order__market")
        .order_by("-created_at", "-pk")
    )


def seller_return_get(*, vendor, pk: int) -> "ReturnRequest":
    """Return one of the vendor's returns with its history.

    Raises ReturnRequest.DoesNotExist for another vendor's return.
    """
    return (
        seller_return_list(vendor=vendor)
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ReturnEvent._default_manager.select_related("actor"),
            )
        )
        .get(pk=pk)
    )
