"""A product offered by one vendor only belongs to that vendor."""

from django.db import migrations
from django.db.models import Count, Min


def own_products(apps, schema_editor):
    StockRecord = apps.get_model("partner", "StockRecord")
    VendorProduct = apps.get_model("partner", "VendorProduct")
    single = (
        StockRecord.objects.values("product")
        .annotate(vendors=Count("partner", distinct=True), partner=Min("partner"))
        .filter(vendors=1)
        .exclude(product__vendor_product__isnull=False)
        .order_by("product")
    )
    VendorProduct.objects.bulk_create(
        [
            VendorProduct(product_id=row["product"], partner_id=row["partner"])
            for row in single
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("partner", "0015_vendor_product")]

    operations = [migrations.RunPython(own_products, migrations.RunPython.noop)]
