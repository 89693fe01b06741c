from django.db import migrations

CODE = "cash-on-delivery"


def create_source_type(apps, schema_editor):
    SourceType = apps.get_model("payment", "SourceType")
    SourceType.objects.get_or_create(code=CODE, defaults={"name": "Cash on delivery"})


def delete_source_type(apps, schema_editor):
    SourceType = apps.get_model("payment", "SourceType")
    SourceType.objects.filter(code=CODE, source__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("payment", "0005_auto_20200801_0817")]

    operations = [migrations.RunPython(create_source_type, delete_source_type)]
