"""Give each vendor's product its SKU: from its offers, else its barcode.

The SKU is the `partner_sku` of the product's oldest stock record of its
vendor that has one; a product offered nowhere takes its barcode (UPC), and
one without a barcode "P<product id>". A SKU that another product of the
same vendor took already (two products under one SKU in different markets,
or a barcode that is another product's SKU) gives way to "P<product id>",
so that 0021 can make SKUs unique per vendor. Runs in batches, and only on
rows still without a SKU, so it can be run again.
"""

from django.db import migrations

BATCH_SIZE = 1000


def fill_skus(apps, schema_editor):
    StockRecord = apps.get_model("partner", "StockRecord")
    VendorProduct = apps.get_model("partner", "VendorProduct")
    taken = {}  # partner id: the SKUs its products have
    for partner_id, sku in VendorProduct.objects.exclude(sku="").values_list(
        "partner_id", "sku"
    ):
        taken.setdefault(partner_id, set()).add(sku)
    last_pk = 0
    while True:
        batch = list(
            VendorProduct.objects.filter(sku="", pk__gt=last_pk)
            .select_related("product")
            .order_by("pk")[:BATCH_SIZE]
        )
        if not batch:
            break
        last_pk = batch[-1].pk
        offered = {}
        for product_id, partner_id, sku in (
            StockRecord.objects.filter(product_id__in=[row.product_id for row in batch])
            .exclude(partner_sku="")
            .order_by("pk")
            .values_list("product_id", "partner_id", "partner_sku")
        ):
            offered.setdefault((product_id, partner_id), sku)
        for row in batch:
            used = taken.setdefault(row.partner_id, set())
            candidate = (
                offered.get((row.product_id, row.partner_id))
                or row.product.upc
                or f"P{row.product_id}"
            )[:128]
            if candidate in used:
                candidate = f"P{row.product_id}"
            suffix = 1
            while candidate in used:
                suffix += 1
                candidate = f"P{row.product_id}-{suffix}"
            used.add(candidate)
            row.sku = candidate
        VendorProduct.objects.bulk_update(batch, ["sku"])


class Migration(migrations.Migration):
    dependencies = [("partner", "0019_vendor_product_sku")]

    operations = [migrations.RunPython(fill_skus, migrations.RunPython.noop)]
