"""Create the four markets the platform opens with, at the VAT rates of 2026."""

from decimal import Decimal

from babel import Locale
from django.db import migrations

# code, currency, languages (default first), standard VAT rate, shipping countries
MARKETS = [
    ("RU", "RUB", ["ru", "en"], Decimal("22.00"), ["RU"]),
    ("KZ", "KZT", ["ru", "en"], Decimal("16.00"), ["KZ"]),
    ("KR", "KRW", ["ko", "en"], Decimal("10.00"), ["KR"]),
    ("LV", "EUR", ["ru", "en"], Decimal("21.00"), ["LV", "LT", "EE"]),
]
NAME_LANGUAGES = ("ru", "ko", "en")


def create_markets(apps, schema_editor):
    Market = apps.get_model("catalogue", "Market")
    Country = apps.get_model("address", "Country")
    for order, (code, currency, languages, vat_rate, countries) in enumerate(MARKETS):
        names = {
            f"name_{language}": Locale.parse(language).territories[code]
            for language in NAME_LANGUAGES
        }
        market, _created = Market.objects.update_or_create(
            code=code,
            defaults={
                "name": names["name_ru"],
                **names,
                "currency": currency,
                "languages": languages,
                "default_language": languages[0],
                "vat_rate": vat_rate,
                "display_order": order,
            },
        )
        market.shipping_countries.set(Country.objects.filter(iso_3166_1_a2__in=countries))


def delete_markets(apps, schema_editor):
    apps.get_model("catalogue", "Market").objects.filter(
        code__in=[row[0] for row in MARKETS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0034_markets"),
        ("shipping", "0005_country_names_in_site_languages"),
    ]

    operations = [migrations.RunPython(create_markets, delete_markets)]
