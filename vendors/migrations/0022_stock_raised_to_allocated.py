"""Offers that sold more than their stock (Oscar allocated without checking)
get stock enough for what they sold, so the constraint of 0023 holds; the
vendor corrects the count when shipping."""

from django.db import migrations
from django.db.models import F, Q


def raise_stock(apps, schema_editor):
    StockRecord = apps.get_model("partner", "StockRecord")
    StockRecord.objects.filter(
        Q(num_in_stock__isnull=True) | Q(num_in_stock__lt=F("num_allocated")),
        num_allocated__isnull=False,
    ).update(num_in_stock=F("num_allocated"))


class Migration(migrations.Migration):
    dependencies = [
        ("partner", "0021_vendor_product_sku_unique"),
    ]

    # The raised counts cannot be told apart afterwards; nothing to undo.
    operations = [migrations.RunPython(raise_stock, migrations.RunPython.noop)]
