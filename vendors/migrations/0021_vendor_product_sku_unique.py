"""No two products of one vendor share a SKU (each has one since 0020)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partner", "0020_vendor_product_sku_from_offers")]

    operations = [
        migrations.AddConstraint(
            model_name="vendorproduct",
            constraint=models.UniqueConstraint(
                fields=("partner", "sku"), name="vendorproduct_sku_unique_per_vendor"
            ),
        ),
    ]
