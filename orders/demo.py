"""The demo orders: customers, past orders with parts in every status, offers and
vouchers per market.

Keyed by email, order number and offer name, so loading the demo twice changes
nothing.
"""

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from oscar.core.loading import get_class, get_model

from orders.models import OrderPartStatus
from orders.services import order_part_transition
from vendors.demo import demo_user

Market = get_model("catalogue", "Market")
Product = get_model("catalogue", "Product")
Basket = get_model("basket", "Basket")
Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Voucher = get_model("voucher", "Voucher")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Free = get_class("shipping.methods", "Free")
Repository = get_class("shipping.repository", "Repository")
Selector = get_class("partner.strategy", "Selector")

User = get_user_model()

CUSTOMER_EMAILS = ["anna@example.com", "minji@example.com", "arman@example.com"]


DEMO_ADDRESSES = {
    "RU": {
        "line1": "ул. Ленина, 1",
        "line4": "Москва",
        "postcode": "101000",
        "patronymic": "Сергеевна",
    },
    "KR": {"line1": "세종대로 110", "line4": "서울특별시", "postcode": "04524"},
    "KZ": {"line1": "пр. Абая, 10", "line4": "Алматы", "postcode": "050000"},
}


@transaction.atomic
def demo_customers_create() -> None:
    """Create the demo customers."""
    names = [("Анна", "Иванова"), ("민지", "김"), ("Арман", "Сейткали")]
    for email, (first_name, last_name) in zip(CUSTOMER_EMAILS, names, strict=True):
        demo_user(email, first_name=first_name, last_name=last_name)


@transaction.atomic
def demo_order_create(
    *, number: str, user: "User", upcs: list[str], country: str
) -> None:
    """Place a past order in the country's market, unless it exists.

    In the market's default language, as its shopper would: the order keeps
    its lines' titles and shipping method's name in it, and writes to the
    shopper in it.
    """
    if Order._default_manager.filter(number=number).exists():
        return
    market = Market._default_manager.get(pk=country)
    with translation.override(market.default_language):
        _demo_order_place(number=number, user=user, upcs=upcs, market=market)


def _demo_order_place(
    *, number: str, user: "User", upcs: list[str], market: "Market"
) -> None:
    country = market.pk
    basket = Basket._default_manager.create(owner=user, market=market)
    basket.strategy = Selector().strategy(user=user, market=market)
    for upc in upcs:
        basket.add_product(Product._default_manager.get(upc=upc), quantity=1)
    address = ShippingAddress._default_manager.create(
        first_name=user.first_name,
        last_name=user.last_name,
        **DEMO_ADDRESSES[country],
        country=Country._default_manager.get(iso_3166_1_a2=country),
        phone_number="",
    )
    # Each vendor's cheapest way to the address, as the checkout would offer.
    method = Repository().vendors_delivery(basket, address)
    if not method.is_ready:
        method = Free()
    shipping_charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, shipping_charge)
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=shipping_charge,
        user=user,
        shipping_address=address,
        order_number=number,
    )
    source_type, _created = SourceType._default_manager.get_or_create(
        code="cash-on-delivery", defaults={"name": "Cash on delivery"}
    )
    Source._default_manager.create(
        order=order,
        source_type=source_type,
        currency=total.currency,
        amount_allocated=total.incl_tax,
    )
    basket.submit()
    Order._default_manager.filter(pk=order.pk).update(
        date_placed=timezone.now() - timezone.timedelta(days=int(number[-2:]) * 3)
    )
    _demo_parts_advance(order=order)


# The demo's parts of orders, in turn: where each is brought, and the path.
DEMO_PART_PATHS = [
    [],
    [OrderPartStatus.ACCEPTED],
    [OrderPartStatus.ACCEPTED, OrderPartStatus.PACKED],
    # Shipped by logistics/demo.py, which adds their parcels, and delivered.
    [OrderPartStatus.ACCEPTED, OrderPartStatus.PACKED],
    [OrderPartStatus.ACCEPTED, OrderPartStatus.PACKED],
    [OrderPartStatus.CANCELLED],
]


def _demo_parts_advance(*, order: "Order") -> None:
    """Bring the order's new parts to every status, the way vendors would."""
    for part in order.parts.order_by("pk"):
        path = DEMO_PART_PATHS[part.pk % len(DEMO_PART_PATHS)]
        for status in path:
            order_part_transition(
                part_id=part.pk,
                to_status=status,
                note="Нет в наличии" if status == OrderPartStatus.CANCELLED else "",
            )


def demo_orders_create() -> None:
    """Give each demo customer a few past orders."""
    rng = random.Random("orders")  # noqa: S311 - demo data
    countries = ["RU", "KR", "KZ"]
    for customer_index, email in enumerate(CUSTOMER_EMAILS):
        user = User._default_manager.get(email=email)
        upcs = list(
            Product._default_manager.filter(
                stockrecords__market_id=countries[customer_index]
            )
            .order_by("upc")
            .values_list("upc", flat=True)
        )
        for order_index in range(1, 3 + customer_index):
            demo_order_create(
                number=f"D{customer_index + 1}{order_index:02d}",
                user=user,
                upcs=rng.sample(upcs, k=1 + order_index % 3),
                country=countries[customer_index],
            )


# One threshold offer per market, in its own currency, and a voucher each for
# Russia and Korea: (market, name in ru / ko / en, threshold, percent, voucher
# code, amount off).
DEMO_OFFERS = [
    (
        "RU",
        ("Скидка 5 % от 5 000 ₽", "5,000₽ 이상 구매 시 5% 할인", "5% off 5,000 ₽"),
        "5000",
        "5",
        "PRIVET500",
        "500",
    ),
    (
        "KZ",
        ("Скидка 5 % от 25 000 ₸", "25,000₸ 이상 구매 시 5% 할인", "5% off 25,000 ₸"),
        "25000",
        "5",
        "",
        "",
    ),
    (
        "KR",
        ("Скидка 5 % от ₩50 000", "5만 원 이상 구매 시 5% 할인", "5% off ₩50,000"),
        "50000",
        "5",
        "ANNYEONG5000",
        "5000",
    ),
    (
        "LV",
        ("Скидка 5 % от 50 €", "50€ 이상 구매 시 5% 할인", "5% off 50 €"),
        "50",
        "5",
        "",
        "",
    ),
]


def _demo_offer(
    *,
    names: tuple[str, str, str],
    market: "Market",
    offer_type: str,
    benefit,
    condition,
):
    offer, created = ConditionalOffer._default_manager.get_or_create(
        name_ru=names[0],
        defaults={
            "name_ko": names[1],
            "name_en": names[2],
            "offer_type": offer_type,
            "benefit": benefit,
            "condition": condition,
            "exclusive": False,
        },
    )
    if created:
        offer.markets.set([market])
    return offer


@transaction.atomic
def demo_offers_create() -> None:
    """Create each market's demo offer and the Russian and Korean vouchers."""
    everything, _created = Range._default_manager.get_or_create(
        name_ru="Весь каталог",
        defaults={
            "name_ko": "모든 상품",
            "name_en": "the whole catalogue",
            "includes_all_products": True,
        },
    )
    now = timezone.now()
    for code, names, threshold, percent, voucher_code, amount in DEMO_OFFERS:
        market = Market._default_manager.get(pk=code)
        _demo_offer(
            names=names,
            market=market,
            offer_type=ConditionalOffer.SITE,
            condition=Condition._default_manager.get_or_create(
                range=everything, type=Condition.VALUE, value=Decimal(threshold)
            )[0],
            benefit=Benefit._default_manager.get_or_create(
                range=everything, type=Benefit.PERCENTAGE, value=Decimal(percent)
            )[0],
        )
        if not voucher_code:
            continue
        offer = _demo_offer(
            names=(voucher_code, voucher_code, voucher_code),
            market=market,
            offer_type=ConditionalOffer.VOUCHER,
            condition=Condition._default_manager.get_or_create(
                range=everything, type=Condition.COUNT, value=Decimal(1)
            )[0],
            benefit=Benefit._default_manager.get_or_create(
                range=everything, type=Benefit.FIXED, value=Decimal(amount)
            )[0],
        )
        voucher, created = Voucher._default_manager.get_or_create(
            code=voucher_code,
            defaults={
                "name": voucher_code,
                "start_datetime": now,
                "end_datetime": now.replace(year=now.year + 5),
            },
        )
        if created:
            voucher.offers.add(offer)
