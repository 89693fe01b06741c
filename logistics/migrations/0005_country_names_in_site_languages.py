"""Name every country in each site language, from the Unicode CLDR via Babel."""

from babel import Locale
from django.db import migrations


# The languages address 0008 added a name column for.
LANGUAGES = ("ru", "ko", "en")


def name_countries(apps, schema_editor):
    Country = apps.get_model("address", "Country")
    locales = {code: Locale.parse(code) for code in LANGUAGES}
    for country in Country.objects.all():
        for code, locale in locales.items():
            name = locale.territories.get(country.iso_3166_1_a2)
            if name:
                setattr(country, f"printable_name_{code}", name)
        country.save()


def unname_countries(apps, schema_editor):
    Country = apps.get_model("address", "Country")
    Country.objects.update(**{f"printable_name_{code}": None for code in LANGUAGES})


class Migration(migrations.Migration):
    dependencies = [
        ("shipping", "0004_region_shipping_countries"),
        ("address", "0008_country_printable_name_translations"),
    ]

    operations = [migrations.RunPython(name_countries, unname_countries)]
