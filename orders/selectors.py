"""Order reads, joined for the pages that show them."""

from django.db.models import (
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from oscar.core.loading import get_model

from orders.models import OrderPartStatus

Line = get_model("order", "Line")
ProductReview = get_model("reviews", "ProductReview")
Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
OrderPartEvent = get_model("order", "OrderPartEvent")


def customer_order_get(*, user, number: str) -> "Order":
    """Return one of the customer's orders with its parts, each with its lines.

    Its market, addresses, parts with their vendor, and lines with their
    product come in a fixed number of queries, however many vendors and
    lines the order has. Raises Order.DoesNotExist for another's order.
    """
    lines = (
        Line._default_manager.select_related("product")
        .prefetch_related("attributes")
        .order_by("pk")
    )
    return (
        Order._default_manager.select_related(
            "market", "shipping_address__country", "billing_address__country"
        )
        .prefetch_related(
            Prefetch(
                "parts",
                queryset=_parts_with_parcels().prefetch_related(
                    Prefetch("lines", queryset=lines)
                ),
            ),
            Prefetch("lines", queryset=lines),
        )
        .get(user=user, number=number)
    )


def customer_order_list_prefetch(orders: QuerySet) -> QuerySet:
    """Return the customer's orders with their lines and parts, each part with
    its vendor: a page of orders costs the same queries whatever its size."""
    return orders.prefetch_related(
        "lines",
        Prefetch(
            "parts",
            queryset=OrderPart._default_manager.select_related("vendor").order_by("pk"),
        ),
    )


def customer_order_part_get(*, user, number: str, part_id: int) -> "OrderPart":
    """Return a part of one of the customer's orders, with its vendor.

    Raises OrderPart.DoesNotExist for a part of another's order.
    """
    return OrderPart._default_manager.select_related("vendor").get(
        pk=part_id, order__number=number, order__user=user
    )


def customer_reviewed_product_ids(*, user, order: "Order") -> set[int]:
    """Return the ids of the order's products the customer has reviewed."""
    return set(
        ProductReview._default_manager.filter(
            user=user, product_id__in=[line.product_id for line in order.lines.all()]
        ).values_list("product_id", flat=True)
    )


def seller_order_part_list(*, vendor) -> QuerySet:
    """Return the vendor's parts of orders, newest order first.

    A part awaiting its payment is not the vendor's to handle yet and is left
    out. Each part brings its order and market, its own lines and their sum with
    VAT (`total`); other vendors' parts of the same order are never read. A
    page of parts costs one query and one for its lines, whatever its size.
    """
    total = (
        Line._default_manager.filter(part=OuterRef("pk"))
        .order_by()
        .values("part")
        .annotate(total=Sum("line_price_incl_tax"))
        .values("total")
    )
    return (
        OrderPart._default_manager.filter(vendor=vendor)
        .exclude(status=OrderPartStatus.AWAITING_PAYMENT)
        .annotate(total=Subquery(total))
        .select_related("order__market")
        .prefetch_related(
            Prefetch("lines", queryset=Line._default_manager.order_by("pk"))
        )
        .order_by("-order__date_placed", "-pk")
    )


def seller_order_part_get(*, vendor, number: str) -> "OrderPart":
    """Return the vendor's part of the order numbered `number`, with its history.

    Raises OrderPart.DoesNotExist when the order holds no part of the vendor's.
    """
    return (
        seller_order_part_list(vendor=vendor)
        .select_related("order__shipping_address__country", "delivery__carrier")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=OrderPartEvent._default_manager.select_related("actor"),
            ),
            # The parcels the logistics app records for the part.
            "shipments__carrier",
        )
        .get(order__number=number)
    )


def seller_order_part_row_get(*, vendor, number: str) -> "OrderPart":
    """Return the vendor's part of the order numbered `number`, nothing joined.

    Raises OrderPart.DoesNotExist when the order holds no part of the vendor's.
    """
    return OrderPart._default_manager.exclude(
        status=OrderPartStatus.AWAITING_PAYMENT
    ).get(vendor=vendor, order__number=number)


def order_parts_prefetch(*, order: "Order") -> None:
    """Load the order's parts with their vendor, delivery and parcels, in two
    queries."""
    prefetch_related_objects([order], Prefetch("parts", queryset=_parts_with_parcels()))


def _parts_with_parcels() -> QuerySet:
    # The parcels are the logistics app's, named by their relation only.
    return (
        OrderPart._default_manager.select_related("vendor", "delivery__carrier")
        .prefetch_related("shipments__carrier")
        .order_by("pk")
    )
