"""Reads of the seller dashboard's shipping pages, always from the vendor."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from oscar.core.loading import get_model

Delivery = get_model("shipping", "Delivery")
Market = get_model("catalogue", "Market")
ShippingMethod = get_model("shipping", "ShippingMethod")
ShippingRate = get_model("shipping", "ShippingRate")
StockRecord = get_model("partner", "StockRecord")


def seller_shipping_method_list(*, vendor) -> QuerySet:
    """Return the vendor's shipping methods by market, with what the list shows.

    Market, carrier, countries and weight bands are joined or prefetched and
    `is_used` says whether an order's delivery refers to the method, so the
    list costs the same few queries however many methods and bands it holds.
    """
    return (
        ShippingMethod._default_manager.filter(partner=vendor)
        .select_related("market", "carrier")
        .prefetch_related(
            "countries",
            Prefetch(
                "rates",
                queryset=ShippingRate._default_manager.order_by("max_weight"),
            ),
        )
        .annotate(
            is_used=Exists(Delivery._default_manager.filter(method=OuterRef("pk")))
        )
        .order_by("market__display_order", "market__code", "-is_active", "pk")
    )


def seller_shipping_method_get(*, vendor, pk: int):
    """Return one of the vendor's methods, with its bands; another vendor's is
    not found (ShippingMethod.DoesNotExist)."""
    return (
        ShippingMethod._default_manager.filter(partner=vendor)
        .select_related("market", "carrier")
        .prefetch_related("countries")
        .annotate(
            is_used=Exists(Delivery._default_manager.filter(method=OuterRef("pk")))
        )
        .get(pk=pk)
    )


def seller_unserved_market_list(*, vendor) -> QuerySet:
    """Return the markets the vendor offers products in without an active
    shipping method there: its shoppers there cannot be sent anything."""
    served = ShippingMethod._default_manager.filter(
        partner=vendor, market=OuterRef("pk"), is_active=True
    )
    offered = StockRecord._default_manager.filter(partner=vendor, market=OuterRef("pk"))
    return (
        Market._default_manager.filter(is_active=True)
        .filter(Exists(offered), ~Exists(served))
        .order_by("display_order", "code")
    )
