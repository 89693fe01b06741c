"""Give orders placed before markets existed the market of their basket,
or else the market of their currency."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_markets(apps, schema_editor):
    Order = apps.get_model("order", "Order")
    Basket = apps.get_model("basket", "Basket")
    Market = apps.get_model("catalogue", "Market")
    Order.objects.filter(basket__isnull=False).update(
        market=Subquery(Basket.objects.filter(pk=OuterRef("basket")).values("market")[:1])
    )
    for market in Market.objects.order_by("display_order"):
        Order.objects.filter(basket__isnull=True, currency=market.currency).update(
            market=market
        )


class Migration(migrations.Migration):
    dependencies = [
        ("order", "0022_order_market"),
        ("basket", "0013_basket_market"),
    ]

    operations = [migrations.RunPython(fill_markets, migrations.RunPython.noop)]
