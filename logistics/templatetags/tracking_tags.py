"""Parcels' timelines on the order pages, whose views are the orders app's."""

from django import template

from logistics.tracking.selectors import order_time_zone, shipment_events_prefetch

register = template.Library()


@register.simple_tag
def order_tracking_prepare(order) -> str:
    """Load the events of the order's parcels in one query; return the time
    zone to show them in.

    The parcels must be prefetched on the parts (orders.selectors), so that
    `shipment.events.all` then costs nothing per parcel.
    """
    shipments = [
        shipment for part in order.parts.all() for shipment in part.shipments.all()
    ]
    shipment_events_prefetch(shipments=shipments)
    return order_time_zone(order=order)
