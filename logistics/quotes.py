"""What delivery costs and when it arrives: each vendor's part of a basket, or
one product, quoted from the vendors' shipping methods.

One rule, in one place. A vendor's method delivers to a destination when the
destination's country is in its zone and, if the method names regions, the
region is one of them. Its charge is the rate of the smallest weight band the
part's weight fits (products without a weight count as nothing), or nothing
once the part's total reaches the method's free-shipping threshold. It
arrives between today + handling + shortest transit and today + handling +
longest transit (calendar days). A part that no method delivers cannot be
ordered; the shopper is told so per line before paying.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils import timezone
from oscar.core.loading import get_model

from logistics.models import DeliveryKind

if TYPE_CHECKING:
    from catalog.models import Market
    from logistics.models import PickupPoint, ShippingMethod

ShippingMethod = get_model("shipping", "ShippingMethod")
ShippingRate = get_model("shipping", "ShippingRate")
PickupPoint = get_model("shipping", "PickupPoint")

ZERO = Decimal(0)


@dataclass(frozen=True)
class Destination:
    """Where a parcel goes, as far as shipping zones care: country and region."""

    country_id: str
    region: str = ""

    @classmethod
    def of_address(cls, address) -> "Destination":
        return cls(country_id=address.country_id, region=(address.state or "").strip())

    @classmethod
    def of_market(cls, market: "Market") -> "Destination":
        """The market's main destination, for pages before an address is known."""
        country = market.shipping_countries.order_by("-display_order", "pk").first()
        return cls(country_id=country.pk if country else market.code)

    def is_in(self, method: "ShippingMethod") -> bool:
        """Whether the method's zone holds this destination (its country is checked
        by the query). An unknown region is taken to be in any zone."""
        if not method.regions or not self.region:
            return True
        region = self.region.casefold()
        return any(each.strip().casefold() == region for each in method.regions)


@dataclass(frozen=True)
class Option:
    """One way a part can travel: the method, its charge and its window."""

    method: "ShippingMethod"
    charge: Decimal
    earliest: date
    latest: date

    @property
    def is_pickup(self) -> bool:
        return self.method.kind == DeliveryKind.PICKUP_POINT


@dataclass
class PartQuote:
    """One vendor's lines of a basket, and the ways they can be delivered."""

    vendor: object
    lines: list
    subtotal: Decimal
    weight: Decimal
    options: list[Option] = field(default_factory=list)
    chosen: Option | None = None
    pickup_point: "PickupPoint | None" = None

    @property
    def can_ship(self) -> bool:
        return bool(self.options)

    @property
    def is_ready(self) -> bool:
        """Whether the part has a method to order with (and its point, if any)."""
        if self.chosen is None:
            return False
        return not self.chosen.is_pickup or self.pickup_point is not None


def option_for(
    method: "ShippingMethod", *, subtotal: Decimal, weight: Decimal, today: date
) -> Option | None:
    """Return what the method charges for a parcel, or None if it is too heavy."""
    band = next(
        (rate for rate in method.rates.all() if rate.max_weight >= weight), None
    )
    if band is None:
        return None
    free = method.free_over is not None and subtotal >= method.free_over
    start = today + timedelta(days=method.handling_days)
    return Option(
        method=method,
        charge=ZERO if free else band.charge,
        earliest=start + timedelta(days=method.transit_days_min),
        latest=start + timedelta(days=method.transit_days_max),
    )


def methods_to(
    *, market: "Market", vendor_ids: Iterable[int], destination: Destination
) -> dict[int, list["ShippingMethod"]]:
    """Return the vendors' active methods that deliver to the destination, by vendor.

    Two queries whatever the number of vendors and methods: the methods and
    their carriers, then their weight bands.
    """
    methods = (
        ShippingMethod._default_manager.filter(
            partner_id__in=list(vendor_ids),
            market=market,
            is_active=True,
            carrier__is_active=True,
            countries=destination.country_id,
        )
        .select_related("carrier")
        .prefetch_related(
            Prefetch(
                "rates", queryset=ShippingRate._default_manager.order_by("max_weight")
            )
        )
        .order_by("pk")
    )
    by_vendor: dict[int, list[ShippingMethod]] = {}
    for method in methods:
        if destination.is_in(method):
            by_vendor.setdefault(method.partner_id, []).append(method)
    return by_vendor


def basket_quote(
    basket,
    *,
    destination: Destination,
    choices: Mapping[str, Mapping[str, int | None]] | None = None,
    today: date | None = None,
) -> list[PartQuote]:
    """Return one PartQuote per vendor of the basket, in the basket's vendor order.

    `choices` is what the shopper picked at checkout, by vendor id (as a
    string, the way the session keeps it): {"method": id, "point": id}. A
    vendor without a valid choice gets its cheapest door-to-door option,
    else its cheapest one (a pickup-point option then still needs a point).
    """
    today = today or timezone.localdate()
    choices = choices or {}
    parts: dict[int, PartQuote] = {}
    for line in basket.all_lines():
        vendor = line.stockrecord.partner
        part = parts.get(vendor.pk)
        if part is None:
            part = parts[vendor.pk] = PartQuote(
                vendor=vendor, lines=[], subtotal=ZERO, weight=ZERO
            )
        part.lines.append(line)
        part.subtotal += line.line_price_incl_tax_incl_discounts or ZERO
        part.weight += (line.product.weight or ZERO) * line.quantity

    methods = methods_to(
        market=basket.market, vendor_ids=parts.keys(), destination=destination
    )
    for vendor_id, part in parts.items():
        options = (
            option_for(method, subtotal=part.subtotal, weight=part.weight, today=today)
            for method in methods.get(vendor_id, ())
        )
        part.options = sorted(
            (each for each in options if each is not None),
            key=lambda option: (option.charge, option.latest, option.method.pk),
        )
        choice = choices.get(str(vendor_id), {})
        part.chosen = next(
            (each for each in part.options if each.method.pk == choice.get("method")),
            None,
        ) or next(
            (each for each in part.options if not each.is_pickup),
            part.options[0] if part.options else None,
        )
    _pickup_points_attach(parts.values(), choices, destination)
    return list(parts.values())


def _pickup_points_attach(
    parts: Iterable[PartQuote],
    choices: Mapping[str, Mapping[str, int | None]],
    destination: Destination,
) -> None:
    """Give each part choosing a pickup-point method the point the shopper picked,
    if it is an active point of that method's carrier in the destination country."""
    wanted = {
        part.vendor.pk: choices.get(str(part.vendor.pk), {}).get("point")
        for part in parts
        if part.chosen is not None and part.chosen.is_pickup
    }
    if not any(wanted.values()):
        return
    points = PickupPoint._default_manager.filter(
        pk__in=[each for each in wanted.values() if each],
        is_active=True,
        country_id=destination.country_id,
    ).in_bulk()
    for part in parts:
        point = points.get(wanted.get(part.vendor.pk))
        if point is not None and point.carrier_id == part.chosen.method.carrier_id:
            part.pickup_point = point


def product_quote(
    *, product, vendor_id: int, market: "Market", price: Decimal
) -> Option | None:
    """Return the cheapest way the vendor delivers one unit of the product to the
    market's main destination, or None if it does not deliver there."""
    destination = Destination.of_market(market)
    today = timezone.localdate()
    options = (
        option_for(method, subtotal=price, weight=product.weight or ZERO, today=today)
        for method in methods_to(
            market=market, vendor_ids=[vendor_id], destination=destination
        ).get(vendor_id, ())
    )
    return min(
        (each for each in options if each is not None),
        key=lambda option: (option.charge, option.latest, option.method.pk),
        default=None,
    )
