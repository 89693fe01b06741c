"""The demo's shipping: every vendor's methods in the markets it sells in, and
the parcels: some packed parts of the demo orders are shipped, with a
tracking number of a carrier of their market, and some of those delivered.

Keyed by vendor, market and service, and by the part, so loading the demo
twice changes nothing.
"""

from decimal import Decimal

from django.db import transaction
from oscar.core.loading import get_model

from logistics.services import order_part_ship
from logistics.tracking.demo import demo_tracking_events_create
from orders.models import OrderPartStatus
from orders.services import order_part_transition

Carrier = get_model("shipping", "Carrier")
OrderPart = get_model("order", "OrderPart")
Partner = get_model("partner", "Partner")
PickupPoint = get_model("shipping", "PickupPoint")
ShippingMethod = get_model("shipping", "ShippingMethod")
ShippingRate = get_model("shipping", "ShippingRate")

# Each market's demo methods: carrier, service, kind, handling and transit
# days, free-from amount, and (up to kg, charge) bands, in its currency.
DEMO_METHODS = {
    "RU": [
        (
            "cdek",
            "Курьер",
            "door",
            1,
            (2, 4),
            "5000",
            [("1", "390"), ("5", "590"), ("20", "1190")],
        ),
        (
            "cdek",
            "Пункт выдачи",
            "pickup_point",
            1,
            (2, 5),
            "3000",
            [("1", "199"), ("5", "349"), ("20", "790")],
        ),
        (
            "russian-post",
            "Посылка",
            "door",
            2,
            (4, 9),
            None,
            [("2", "290"), ("10", "490"), ("20", "890")],
        ),
    ],
    "KZ": [
        (
            "cdek",
            "Курьер",
            "door",
            1,
            (3, 6),
            "30000",
            [("1", "1900"), ("5", "2900"), ("20", "5900")],
        ),
        (
            "cdek",
            "Пункт выдачи",
            "pickup_point",
            1,
            (3, 7),
            "20000",
            [("1", "1200"), ("5", "1900"), ("20", "3900")],
        ),
    ],
    "KR": [
        (
            "cj-logistics",
            "택배",
            "door",
            1,
            (1, 2),
            "50000",
            [("2", "3000"), ("5", "4000"), ("20", "6000")],
        ),
        (
            "korea-post",
            "등기소포",
            "door",
            1,
            (1, 3),
            None,
            [("2", "3500"), ("10", "5000"), ("20", "7500")],
        ),
    ],
    "LV": [
        (
            "dhl",
            "Express",
            "door",
            1,
            (1, 3),
            "60",
            [("1", "6.90"), ("5", "9.90"), ("20", "19.90")],
        ),
    ],
}


# CDEK's pickup points of the demo's cities, as its public list gives them
# (the nightly refresh keeps a real site's list; the demo cannot reach CDEK).
DEMO_PICKUP_POINTS = [
    (
        "MSK101",
        "RU",
        "Москва",
        "СДЭК на Тверской",
        "ул. Тверская, 7",
        "125009",
        "ежедневно 10:00-21:00",
    ),
    (
        "MSK102",
        "RU",
        "Москва",
        "СДЭК на Арбате",
        "ул. Арбат, 10",
        "119002",
        "кроме воскресенья 09:00-20:00",
    ),
    (
        "MSK103",
        "RU",
        "Москва",
        "СДЭК, Курский вокзал",
        "ул. Земляной Вал, 29",
        "105064",
        "ежедневно 09:00-22:00",
    ),
    (
        "SPB201",
        "RU",
        "Санкт-Петербург",
        "СДЭК на Невском",
        "Невский пр., 20",
        "191186",
        "ежедневно 10:00-21:00",
    ),
    (
        "ALA301",
        "KZ",
        "Алматы",
        "СДЭК на Абая",
        "пр. Абая, 52",
        "050008",
        "кроме воскресенья 10:00-19:00",
    ),
    (
        "ALA302",
        "KZ",
        "Алматы",
        "СДЭК в Медеуском районе",
        "ул. Кунаева, 21",
        "050010",
        "ежедневно 10:00-20:00",
    ),
]


@transaction.atomic
def demo_shipping_methods_create() -> None:
    """Give every vendor its market's demo methods in each market it sells in,
    and CDEK its pickup points in the demo's cities."""
    carriers = Carrier._default_manager.in_bulk(field_name="code")
    for code, country, city, name, address, postcode, hours in DEMO_PICKUP_POINTS:
        PickupPoint._default_manager.get_or_create(
            carrier=carriers["cdek"],
            code=code,
            defaults={
                "country_id": country,
                "city": city,
                "name": name,
                "address": address,
                "postcode": postcode,
                "opening_hours": hours,
            },
        )
    sold_in = (
        Partner._default_manager.filter(stockrecords__isnull=False)
        .values_list("pk", "stockrecords__market")
        .distinct()
    )
    for partner_id, market_id in sold_in:
        for code, service, kind, handling, transit, free, bands in DEMO_METHODS.get(
            market_id, ()
        ):
            method, created = ShippingMethod._default_manager.get_or_create(
                partner_id=partner_id,
                market_id=market_id,
                service=service,
                carrier=carriers[code],
                defaults={
                    "kind": kind,
                    "handling_days": handling,
                    "transit_days_min": transit[0],
                    "transit_days_max": transit[1],
                    "free_over": Decimal(free) if free else None,
                },
            )
            if created:
                method.countries.set(method.market.shipping_countries.all())
                ShippingRate._default_manager.bulk_create(
                    ShippingRate(
                        method=method, max_weight=Decimal(kg), charge=Decimal(charge)
                    )
                    for kg, charge in bands
                )


# The carrier of each market's demo parcels, and a number of its format.
DEMO_CARRIERS = {
    "RU": ("russian-post", lambda pk: f"{80082396540000 + pk}"),
    "KZ": ("cdek", lambda pk: f"{1200000000 + pk}"),
    "KR": ("cj-logistics", lambda pk: f"{600000000000 + pk}"),
    "LV": ("dhl", lambda pk: f"{3400000000 + pk}"),
}


@transaction.atomic
def demo_shipments_create() -> None:
    """Ship the demo's packed parts picked by orders/demo.py; deliver half of them."""
    parts = OrderPart._default_manager.filter(
        status=OrderPartStatus.PACKED, shipments__isnull=True
    ).select_related("order")
    for part in parts.order_by("pk"):
        if part.pk % 6 not in (3, 4):
            continue
        code, number = DEMO_CARRIERS[part.order.market_id]
        order_part_ship(
            part_id=part.pk,
            carrier=Carrier._default_manager.get(code=code),
            tracking_number=number(part.pk),
        )
        if part.pk % 6 == 4:
            order_part_transition(part_id=part.pk, to_status=OrderPartStatus.DELIVERED)
    demo_tracking_events_create()
