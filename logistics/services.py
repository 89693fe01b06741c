"""Shipping writes: each vendor's part of an order records how it travels, and a
vendor ships its part with a tracking number."""

from typing import TYPE_CHECKING

from django.db import transaction
from oscar.core.loading import get_model

from catalog.pricing import vat_part
from orders.models import OrderPartStatus
from orders.services import order_part_transition

if TYPE_CHECKING:
    from logistics.models import Carrier
    from logistics.quotes import PartQuote
    from orders.models import OrderPart

Delivery = get_model("shipping", "Delivery")
Shipment = get_model("shipping", "Shipment")


def order_part_delivery_record(*, part: "OrderPart", quote: "PartQuote") -> None:
    """Record how the part travels, as quoted at checkout: its shipping charge
    (VAT at the market's standard rate) and its delivery, with the method,
    window and pickup point copied. Called in the order's transaction."""
    option = quote.chosen
    order = part.order
    tax = vat_part(option.charge, order.market.vat_rate, order.currency)
    part.shipping_incl_tax = option.charge
    part.shipping_excl_tax = option.charge - tax
    part.save(update_fields=["shipping_incl_tax", "shipping_excl_tax", "updated_at"])
    point = quote.pickup_point
    Delivery._default_manager.create(
        part=part,
        method=option.method,
        carrier=option.method.carrier,
        service=option.method.service,
        kind=option.method.kind,
        pickup_point=point,
        pickup_point_address=(
            ", ".join(
                each
                for each in (point.name, point.address, point.opening_hours)
                if each
            )
            if point
            else ""
        ),
        earliest=option.earliest,
        latest=option.latest,
    )


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
