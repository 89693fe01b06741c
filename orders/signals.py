"""What orders tell other apps; sent after the change has committed."""

from django.dispatch import Signal

# A vendor's part of an order changed status: sender is the OrderPart class;
# arguments part_id, from_status, to_status. Payments listens for "cancelled"
# to refund the part and for "delivered" to settle cash on delivery.
order_part_status_changed = Signal()

# A return was accepted, by the vendor or by staff ruling on a dispute: sender
# is the ReturnRequest class; arguments return_request_id, part_id and lines,
# a list of (order line id, units returned). Payments listens to refund the
# returned units (orders.returns.services.return_transition).
return_accepted = Signal()
