"""Row locks of parcels, always in primary-key order, after their order and part."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

Shipment = get_model("shipping", "Shipment")


def shipment_qs_select_for_update() -> QuerySet:
    """Return shipments locked for update; call inside a transaction.

    Lock the shipment's order and part first (orders.lock_objects).
    """
    return Shipment._default_manager.select_for_update(of=("self",)).order_by("pk")
