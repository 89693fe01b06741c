"""Offers made before markets existed apply in the markets of the default
currency: their amounts were entered in it."""

from django.conf import settings
from django.db import migrations


def assign_markets(apps, schema_editor):
    ConditionalOffer = apps.get_model("offer", "ConditionalOffer")
    Market = apps.get_model("catalogue", "Market")
    markets = list(Market.objects.filter(currency=settings.OSCAR_DEFAULT_CURRENCY))
    for offer in ConditionalOffer.objects.filter(markets=None).order_by("pk"):
        offer.markets.add(*markets)


class Migration(migrations.Migration):
    dependencies = [
        ("offer", "0014_offer_markets_and_funder"),
        ("catalogue", "0035_markets_of_2026"),
    ]

    operations = [# Unapplying 0014 drops the table these rows are in.
        migrations.RunPython(assign_markets, migrations.RunPython.noop)]
