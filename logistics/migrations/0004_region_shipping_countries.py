"""Make the countries of the region shippable; Oscar ships an empty country table."""

from django.db import migrations

# ISO 3166-1 alpha-2, alpha-3, numeric, English short name.
COUNTRIES = [
    ("RU", "RUS", "643", "Russia"),
    ("KZ", "KAZ", "398", "Kazakhstan"),
    ("KR", "KOR", "410", "South Korea"),
    ("LV", "LVA", "428", "Latvia"),
    ("UZ", "UZB", "860", "Uzbekistan"),
    ("BY", "BLR", "112", "Belarus"),
    ("AM", "ARM", "051", "Armenia"),
    ("GE", "GEO", "268", "Georgia"),
    ("AZ", "AZE", "031", "Azerbaijan"),
    ("LT", "LTU", "440", "Lithuania"),
    ("EE", "EST", "233", "Estonia"),
]


def create_countries(apps, schema_editor):
    Country = apps.get_model("address", "Country")
    for order, (alpha2, alpha3, numeric, name) in enumerate(COUNTRIES):
        Country.objects.update_or_create(
            iso_3166_1_a2=alpha2,
            defaults={
                "iso_3166_1_a3": alpha3,
                "iso_3166_1_numeric": numeric,
                "name": name,
                "printable_name": name,
                "display_order": len(COUNTRIES) - order,
                "is_shipping_country": True,
            },
        )


def delete_countries(apps, schema_editor):
    Country = apps.get_model("address", "Country")
    Country.objects.filter(iso_3166_1_a2__in=[row[0] for row in COUNTRIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("shipping", "0003_auto_20181115_1953"),
        ("address", "0007_useraddress_code"),
    ]

    operations = [migrations.RunPython(create_countries, delete_countries)]
