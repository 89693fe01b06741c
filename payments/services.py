"""Payment services: how an order is paid."""

from oscar.core.loading import get_model
from oscar.core.prices import Price

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

CASH_ON_DELIVERY = "cash-on-delivery"


def cash_on_delivery_source_build(*, total: Price) -> "Source":
    """Build the (unsaved) payment source of an order paid in cash on delivery.

    The whole total is allocated now and debited when the courier collects
    it; Oscar saves the source together with the order. The source type is
    created on first use, as Oscar does for its payment event types.
    """
    source_type, _created = SourceType._default_manager.get_or_create(
        code=CASH_ON_DELIVERY, defaults={"name": "Cash on delivery"}
    )
    return Source(
        source_type=source_type,
        currency=total.currency,
        amount_allocated=total.incl_tax,
    )
