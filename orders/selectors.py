"""Order reads, joined for the pages that show them."""

from django.db.models import Prefetch
from oscar.core.loading import get_model

Line = get_model("order", "Line")
ProductReview = get_model("reviews", "ProductReview")
Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")


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
                queryset=OrderPart._default_manager.select_related("vendor")
                .prefetch_related(Prefetch("lines", queryset=lines))
                .order_by("pk"),
            ),
            Prefetch("lines", queryset=lines),
        )
        .get(user=user, number=number)
    )


def customer_reviewed_product_ids(*, user, order: "Order") -> set[int]:
    """Return the ids of the order's products the customer has reviewed."""
    return set(
        ProductReview._default_manager.filter(
            user=user, product_id__in=[line.product_id for line in order.lines.all()]
        ).values_list("product_id", flat=True)
    )
