"""The demo parcels: some packed parts of the demo orders are shipped, with a
tracking number of a carrier of their market, and some of those delivered.

Keyed by the part, so loading the demo twice changes nothing.
"""

from django.db import transaction
from oscar.core.loading import get_model

from logistics.services import order_part_ship
from orders.models import OrderPartStatus
from orders.services import order_part_transition

Carrier = get_model("shipping", "Carrier")
OrderPart = get_model("order", "OrderPart")

# The carrier of each market's demo parcels, and a number of its format.
DEMO_CARRIERS = {
    "RU": ("russian-post", lambda pk: f"{80082396540000 + pk}"),
    "KZ": ("cdek", lambda pk: f"{1200000000 + pk}"),
    "KR": ("cj-logistics", lambda pk: f"{600000000000 + pk}"),
    "LV": ("dhl", lambda pk: f"{3400000000 + pk}"),
}


@transaction.atomic
def demo_shipments_create() -> None:
    """Ship the demo's packed parts picked by orders/demo.py; deliver half of them."""
    parts = OrderPart._default_manager.filter(
        status=OrderPartStatus.PACKED, shipments__isnull=True
    ).select_related("order")
    for part in parts.order_by("pk"):
        if part.pk % 6 not in (3, 4):
            continue
        code, number = DEMO_CARRIERS[part.order.market_id]
        order_part_ship(
            part_id=part.pk,
            carrier=Carrier._default_manager.get(code=code),
            tracking_number=number(part.pk),
        )
        if part.pk % 6 == 4:
            order_part_transition(part_id=part.pk, to_status=OrderPartStatus.DELIVERED)
