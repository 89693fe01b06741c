import oscar.models.fields.autoslugfield
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partner", "0012_existing_vendors_approved")]

    operations = [
        migrations.AlterField(
            model_name="partner",
            name="slug",
            field=oscar.models.fields.autoslugfield.AutoSlugField(allow_unicode=True, blank=True, editable=False, max_length=128, populate_from="name", unique=True, verbose_name="Store address"),
        ),
    ]
