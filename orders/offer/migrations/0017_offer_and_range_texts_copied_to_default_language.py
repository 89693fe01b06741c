"""Offers' and ranges' texts written before they were translated become the
default language's."""

from django.db import migrations
from django.db.models import F, Q


def copy_to_default_language(apps, schema_editor):
    for model_name in ("ConditionalOffer", "Range"):
        model = apps.get_model("offer", model_name)
        model.objects.filter(Q(name_ru__isnull=True) | Q(name_ru="")).update(
            name_ru=F("name")
        )
        model.objects.filter(
            Q(description_ru__isnull=True) | Q(description_ru="")
        ).update(description_ru=F("description"))


class Migration(migrations.Migration):
    dependencies = [
        ("offer", "0016_offer_and_range_texts_per_language"),
    ]

    # Unapplying 0016 drops the columns these values are in.
    operations = [
        migrations.RunPython(copy_to_default_language, migrations.RunPython.noop)
    ]
