"""Tracking reads: an order's parcels with their events, for the shopper."""

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from oscar.core.loading import get_model

Order = get_model("order", "Order")
Shipment = get_model("shipping", "Shipment")
TrackingEvent = get_model("shipping", "TrackingEvent")

# The shopper sees a parcel's events in the clock of the order's market.
MARKET_TIME_ZONES = {
    "RU": "Europe/Moscow",
    "KR": "Asia/Seoul",
    "KZ": "Asia/Almaty",
    "LV": "Europe/Riga",
}


def order_time_zone(*, order: "Order") -> str:
    """Return the time zone name the order's tracking is shown in."""
    return MARKET_TIME_ZONES.get(order.market_id, "UTC")


def _events() -> Prefetch:
    return Prefetch(
        "events",
        queryset=TrackingEvent._default_manager.order_by("-occurred_at", "-pk"),
    )


def order_shipment_list(*, order: "Order") -> QuerySet:
    """Return the order's parcels with carrier, vendor and events, newest first
    within each parcel; three queries whatever their number."""
    return (
        Shipment._default_manager.filter(part__order=order)
        .select_related("carrier", "part__vendor")
        .prefetch_related(_events())
        .order_by("part_id", "pk")
    )


def shipment_events_prefetch(*, shipments: list) -> None:
    """Load the events of parcels already in memory, in one query."""
    prefetch_related_objects(shipments, _events())


def customer_tracking_order_get(*, user, number: str) -> "Order":
    """Return the user's order numbered `number`.

    Raises Order.DoesNotExist.
    """
    return Order._default_manager.get(user=user, number=number)


def guest_tracking_order_get(*, number: str, email: str) -> "Order":
    """Return the order with this number placed with this email address.

    Raises Order.DoesNotExist, whether the number or the address is wrong.
    """
    email = email.strip()
    return Order._default_manager.filter(
        Q(guest_email__iexact=email) | Q(user__email__iexact=email),
        number=number.strip(),
    ).get()
