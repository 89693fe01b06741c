"""The vendor's SKU of its product, on VendorProduct; filled by 0020."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partner", "0018_vendor_upload_and_invitation")]

    operations = [
        migrations.AddField(
            model_name="vendorproduct",
            name="sku",
            field=models.CharField(default="", max_length=128, verbose_name="SKU"),
            preserve_default=False,
        ),
    ]
