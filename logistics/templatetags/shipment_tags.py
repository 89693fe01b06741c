"""The parcel form of a vendor's part, for the seller's order page."""

from django import template

from logistics.forms import ShipmentForm
from orders.models import ORDER_PART_TRANSITIONS, OrderPartStatus

register = template.Library()


@register.inclusion_tag("logistics/seller/ship_form.html")
def shipment_form(part) -> dict:
    """The carrier and tracking number form, when the part may be shipped now."""
    can_ship = OrderPartStatus.SHIPPED in ORDER_PART_TRANSITIONS[part.status]
    return {"part": part, "form": ShipmentForm() if can_ship else None}
