"""Row locks for orders, always taken in primary-key order, parents first."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")


def order_qs_select_for_update() -> QuerySet:
    """Return orders locked for update; call inside a transaction."""
    return Order._default_manager.select_for_update(of=("self",)).order_by("pk")


def order_part_qs_select_for_update() -> QuerySet:
    """Return order parts locked for update; call inside a transaction.

    Lock the part's order first: parents are locked before children.
    """
    return OrderPart._default_manager.select_for_update(of=("self",)).order_by("pk")
