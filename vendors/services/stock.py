"""Stock of a vendor's offers: allocating units to orders without overselling."""

from django.db.models import F
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from vendors.exceptions import StockInsufficientError

StockRecord = get_model("partner", "StockRecord")


def stockrecord_allocate(*, stockrecord: "StockRecord", quantity: int) -> None:
    """Allocate units of the offer to an order, never more than are in stock.

    One conditional UPDATE: a concurrent checkout of the same offer waits for
    the row lock and PostgreSQL then re-checks the condition against the row
    as that checkout left it, so no two orders share the last unit. Raises
    StockInsufficientError, naming how many are left, when too few are.

    Precondition: inside the order's transaction, which the error rolls back;
    callers allocating several offers take them in primary-key order, so
    concurrent checkouts lock rows in the same order and cannot deadlock.
    The database refuses allocations above the stock too (constraint
    `stockrecord_allocated_within_stock`).
    """
    allocated = Coalesce(F("num_allocated"), 0)
    updated = StockRecord._default_manager.filter(
        pk=stockrecord.pk, num_in_stock__gte=allocated + quantity
    ).update(num_allocated=allocated + quantity)
    if not updated:
        stockrecord.refresh_from_db(fields=["num_in_stock", "num_allocated"])
        raise StockInsufficientError(
            product=stockrecord.product.get_title(),
            available=stockrecord.net_stock_level,
        )
    stockrecord.refresh_from_db(fields=["num_allocated"])
