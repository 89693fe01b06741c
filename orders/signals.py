"""What orders tell other apps; sent after the change has committed."""

from django.dispatch import Signal

# A vendor's part of an order changed status: sender is the OrderPart class;
# arguments part_id, from_status, to_status. Payments listens for "cancelled"
# to refund the part and for "delivered" to settle cash on delivery.
order_part_status_changed = Signal()
