"""Shipping writes: a vendor ships its part of an order with a tracking number."""

from typing import TYPE_CHECKING

from django.db import transaction
from oscar.core.loading import get_model

from orders.models import OrderPartStatus
from orders.services import order_part_transition

if TYPE_CHECKING:
    from logistics.models import Carrier

Shipment = get_model("shipping", "Shipment")


def order_part_ship(
    *, part_id: int, carrier: "Carrier", tracking_number: str, actor=None
) -> "Shipment":
    """Mark the vendor's part shipped and record its parcel, in one transaction.

    `tracking_number` must be clean (Carrier.tracking_number_clean). The part
    moves as its transition table allows (orders.services.order_part_transition,
    which raises OrderError otherwise); the shopper's email, owed by that
    transition, lists the parcel, which is written in the same transaction.
    """
    with transaction.atomic():
        shipment = Shipment._default_manager.create(
            part_id=part_id, carrier=carrier, tracking_number=tracking_number
        )
        order_part_transition(
            part_id=part_id,
            to_status=OrderPartStatus.SHIPPED,
            actor=actor,
            note=f"{carrier.name} {tracking_number}",
        )
    return shipment
