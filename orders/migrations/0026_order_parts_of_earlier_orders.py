"""Orders placed before parts existed get one part per vendor of their lines,
in the status their order had. Safe to run again: it only fills lines
without a part."""

from django.db import migrations

STATUS_OF_ORDER = {
    "Pending": "placed",
    "Being processed": "accepted",
    "Complete": "delivered",
    "Cancelled": "cancelled",
}
BATCH = 1000


def create_parts(apps, schema_editor):
    Line = apps.get_model("order", "Line")
    OrderPart = apps.get_model("order", "OrderPart")
    pending = Line.objects.filter(part__isnull=True, partner__isnull=False)
    while True:
        pairs = list(
            pending.order_by("order_id", "partner_id")
            .values_list("order_id", "partner_id", "order__status")
            .distinct()[:BATCH]
        )
        if not pairs:
            return
        for order_id, partner_id, order_status in pairs:
            part, _created = OrderPart.objects.get_or_create(
                order_id=order_id,
                vendor_id=partner_id,
                defaults={"status": STATUS_OF_ORDER.get(order_status, "placed")},
            )
            pending.filter(order_id=order_id, partner_id=partner_id).update(part=part)


class Migration(migrations.Migration):
    dependencies = [("order", "0025_order_parts_per_vendor")]

    # Unapplying 0025 drops the parts and the lines' column.
    operations = [migrations.RunPython(create_parts, migrations.RunPython.noop)]
