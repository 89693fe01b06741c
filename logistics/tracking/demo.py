"""The demo parcels' tracking: a few scans each, ending in delivery for the
parcels of delivered parts. Events are stored once, so loading twice adds none."""

from datetime import timedelta

from oscar.core.loading import get_model

from logistics.models import TrackingStatus
from logistics.tracking.base import TrackingUpdate
from logistics.tracking.services import tracking_updates_record
from orders.models import OrderPartStatus

Shipment = get_model("shipping", "Shipment")

# (hours after shipping, status, carrier's code, description, place)
STEPS = [
    (2, TrackingStatus.INFO_RECEIVED, "demo-1", "Shipping label created", "Seller"),
    (20, TrackingStatus.IN_TRANSIT, "demo-2", "Sorted at the hub", "Hub"),
    (44, TrackingStatus.OUT_FOR_DELIVERY, "demo-3", "Out for delivery", "Depot"),
    (50, TrackingStatus.DELIVERED, "demo-4", "Delivered", "Door"),
]


def demo_tracking_events_create() -> None:
    """Give each demo parcel its scans; the delivered parts' parcels arrive."""
    shipments = Shipment._default_manager.select_related("part").order_by("pk")
    for shipment in shipments:
        delivered = shipment.part.status == OrderPartStatus.DELIVERED
        steps = STEPS if delivered else STEPS[:2]
        tracking_updates_record(
            shipment_id=shipment.pk,
            updates=[
                TrackingUpdate(
                    occurred_at=shipment.created_at + timedelta(hours=hours),
                    status=status,
                    carrier_code=code,
                    description=description,
                    location=place,
                )
                for hours, status, code, description, place in steps
            ],
        )
