"""Row locks of refunds and of the payments they draw on, in primary-key order.

Lock the order first, then its part, then the payment source, then refunds:
every writer of an order's money takes the order's lock first.
"""

from django.db.models import QuerySet
from oscar.core.loading import get_model

Refund = get_model("payment", "Refund")
Source = get_model("payment", "Source")


def source_qs_select_for_update() -> QuerySet:
    """Return payment sources locked for update; call inside a transaction."""
    return Source._default_manager.select_for_update(of=("self",)).order_by("pk")


def refund_qs_select_for_update() -> QuerySet:
    """Return refunds locked for update; call inside a transaction."""
    return Refund._default_manager.select_for_update(of=("self",)).order_by("pk")
