"""Milliseconds and queries of placing one order of 10 vendors and 30 lines.

Creates 10 vendors of its own with 3 products each in Russia and two
shipping methods each, then, for each run, fills a basket with one unit of
every product, quotes each vendor's delivery to a Moscow address as the
checkout does (timed apart), and places it with the project's OrderCreator
(split into one part per vendor with its delivery, stock allocated line by
line, the shopper's and vendors' emails written to the outbox), as the
checkout's last step does, without the HTTP request. Prints the median, best and worst
of the runs and the queries of one placement, then the seller's order list
with many orders: its queries and time. Everything it created is deleted
at the end.

    .venv/bin/python benchmarks/order_placement.py [--runs 20] [--orders 10000]

Runs against DATABASE_URL (default: this machine's PostgreSQL, database
"marketplace") with its migrations applied; the demo data is not needed.
Target: under 500 ms per placement on this machine.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_server import environment  # noqa: E402

os.environ.update(environment())
warnings.filterwarnings("ignore", "Using Category\\.")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402
from oscar.core.loading import get_class, get_model  # noqa: E402

from orders.models import OrderStatus  # noqa: E402
from orders.selectors import seller_order_part_list  # noqa: E402
from payments.ledger.services import order_commissions_record  # noqa: E402
from payments.models import SourceStatus  # noqa: E402
from payments.providers.base import PaymentState  # noqa: E402
from payments.providers.registry import provider_get  # noqa: E402
from payments.services import payment_source_build, payment_state_apply  # noqa: E402
from vendors.models import VendorRole, VendorStatus  # noqa: E402

Basket = get_model("basket", "Basket")
Carrier = get_model("shipping", "Carrier")
ShippingAddress = get_model("order", "ShippingAddress")
ShippingMethod = get_model("shipping", "ShippingMethod")
Market = get_model("catalogue", "Market")
Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
VendorMember = get_model("partner", "VendorMember")
Repository = get_class("shipping.repository", "Repository")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")

VENDORS, PER_VENDOR = 10, 3


def world(tag: str):
    market = Market.objects.get(pk="RU")
    kind, _created = ProductClass.objects.get_or_create(name="Товары")
    users, vendors, products = [], [], []
    for index in range(VENDORS):
        vendor = Partner.objects.create(
            name=f"Бенчмарк {tag} {index}", status=VendorStatus.APPROVED
        )
        user = get_user_model().objects.create_user(
            username=f"bench-{tag}-{index}", email=f"bench-{tag}-{index}@example.com"
        )
        VendorMember.objects.create(partner=vendor, user=user, role=VendorRole.OWNER)
        users.append(user)
        vendors.append(vendor)
        for service, carrier, charge in (
            ("Курьер", "cdek", "390"),
            ("Посылка", "russian-post", "290"),
        ):
            method = ShippingMethod.objects.create(
                partner=vendor,
                market=market,
                carrier=Carrier.objects.get(code=carrier),
                service=service,
            )
            method.countries.set(["RU"])
            method.rates.create(max_weight=30, charge=charge)
        for number in range(PER_VENDOR):
            product = Product.objects.create(
                title=f"Товар {tag} {index}-{number}", product_class=kind
            )
            StockRecord.objects.create(
                product=product,
                partner=vendor,
                partner_sku=f"B-{tag}-{index}-{number}",
                market=market,
                price_currency="RUB",
                price="990.00",
                num_in_stock=1_000_000,
            )
            products.append(product)
    return market, users, vendors, products


BASKETS: list[int] = []


def place(market, products):
    basket = Basket.objects.create(market=market)
    BASKETS.append(basket.pk)
    basket.strategy = Selector().strategy(market=market)
    for product in products:
        basket.add_product(product)
    address = ShippingAddress(country_id="RU", state="Москва")
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as quoting:
        delivery = Repository().vendors_delivery(basket, address)
    quoted = time.perf_counter()
    assert delivery.is_ready
    shipping = delivery.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, shipping)
    placing = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        OrderCreator().place_order(
            basket=basket,
            total=total,
            shipping_method=delivery,
            shipping_charge=shipping,
            guest_email="bench@example.com",
        )
    return (
        (time.perf_counter() - placing) * 1000,
        len(queries),
        (quoted - started) * 1000,
        len(quoting),
    )


def card_payment(market, products) -> tuple[float, int, float, int]:
    """Place the order for payment by card, with its lines' commissions, as the
    checkout does, then apply Stripe's "paid" to it as a notification does
    (the parts go to their vendors, the emails are owed, each vendor's
    ledger records the sale); ms and queries of each. Rolled back."""
    basket = Basket.objects.create(market=market)
    BASKETS.append(basket.pk)
    basket.strategy = Selector().strategy(market=market)
    for product in products:
        basket.add_product(product)
    delivery = Repository().vendors_delivery(
        basket, ShippingAddress(country_id="RU", state="Москва")
    )
    shipping = delivery.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, shipping)
    # Rolled back at the end: the database refuses to delete ledger rows.
    with transaction.atomic():
        placing = time.perf_counter()
        with CaptureQueriesContext(connection) as placed_queries:
            order = OrderCreator().place_order(
                basket=basket,
                total=total,
                shipping_method=delivery,
                shipping_charge=shipping,
                guest_email="bench@example.com",
                status=OrderStatus.AWAITING_PAYMENT,
            )
            source = payment_source_build(
                provider=provider_get("stripe"),
                total=total,
                order_number=order.number,
            )
            source.order, source.reference = order, f"cs_bench_{order.number}"
            source.save()
            order_commissions_record(order=order)
        placed = time.perf_counter()
        state = PaymentState(
            reference=source.reference,
            status=SourceStatus.PAID,
            amount=total.incl_tax,
            currency=total.currency,
            order_number=order.number,
            payment_id=f"pi_bench_{order.number}",
        )
        with CaptureQueriesContext(connection) as paid_queries:
            payment_state_apply(provider_code="stripe", state=state)
        paid = time.perf_counter()
        assert Order.objects.get(pk=order.pk).status == OrderStatus.PENDING
        transaction.set_rollback(True)
    return (
        (placed - placing) * 1000,
        len(placed_queries),
        (paid - placed) * 1000,
        len(paid_queries),
    )


def seller_list(vendor) -> tuple[float, int]:
    """The first page of the vendor's orders, as the seller's order list reads it."""
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        page = seller_order_part_list(vendor=vendor)
        count = page.count()
        rows = list(page[:20])
        for part in rows:
            list(part.lines.all())
    assert count
    assert rows
    return (time.perf_counter() - started) * 1000, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--orders", type=int, default=10_000)
    args = parser.parse_args()
    tag = uuid.uuid4().hex[:6]
    market, users, vendors, products = world(tag)
    try:
        with translation.override("ru"):
            place(market, products)  # warm the caches, as a running site has
            timings = [place(market, products) for _run in range(args.runs)]
        times = sorted(each[0] for each in timings)
        quotes = sorted(each[2] for each in timings)
        print(
            f"quote {VENDORS} vendors' delivery of {len(products)} lines: "
            f"median {statistics.median(quotes):.0f} ms; {timings[-1][3]} queries"
        )
        print(
            f"place an order of {VENDORS} vendors, {len(products)} lines: "
            f"median {statistics.median(times):.0f} ms, best {times[0]:.0f} ms, "
            f"worst {times[-1]:.0f} ms over {args.runs} runs; "
            f"{timings[-1][1]} queries"
        )
        with translation.override("ru"):
            card_payment(market, products)
            cards = [card_payment(market, products) for _run in range(args.runs)]
        print(
            f"place it for payment by card, with its lines' commissions: median "
            f"{statistics.median(each[0] for each in cards):.0f} ms; "
            f"{cards[-1][1]} queries"
        )
        print(
            f"complete it when the card payment is confirmed (parts to vendors, "
            f"emails owed, ledgers): median "
            f"{statistics.median(each[2] for each in cards):.0f} ms; "
            f"{cards[-1][3]} queries"
        )
        # Many more orders for the first vendor, copied in bulk from its part
        # of the last one (orders, parts and lines), then its order list.
        vendor = vendors[0]
        template = (
            OrderPart.objects.filter(vendor=vendor).select_related("order").last()
        )
        copies = args.orders - OrderPart.objects.filter(vendor=vendor).count()
        orders = Order.objects.bulk_create(
            Order(
                number=f"B{tag}{index:07d}",
                market=market,
                currency=template.order.currency,
                total_incl_tax=template.order.total_incl_tax,
                total_excl_tax=template.order.total_excl_tax,
                shipping_incl_tax=0,
                shipping_excl_tax=0,
                status=template.order.status,
                guest_email="bench@example.com",
                site_id=template.order.site_id,
                date_placed=template.order.date_placed,
            )
            for index in range(copies)
        )
        parts = OrderPart.objects.bulk_create(
            OrderPart(order=order, vendor=vendor) for order in orders
        )
        line = template.lines.first()
        line_values = {
            field.attname: getattr(line, field.attname)
            for field in line._meta.concrete_fields
            if field.attname not in ("id", "order_id", "part_id")
        }
        line_model = type(line)
        line_model.objects.bulk_create(
            (
                line_model(**line_values, order_id=part.order_id, part_id=part.pk)
                for part in parts
            ),
            batch_size=2000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seller_list(vendor)
        list_times = sorted(seller_list(vendor) for _run in range(10))
        print(
            f"seller's order list, {args.orders} orders: median "
            f"{statistics.median([t for t, _q in list_times]):.0f} ms, "
            f"{list_times[0][1]} queries"
        )
    finally:
        order_ids = Order.objects.filter(parts__vendor__in=vendors).values("pk")
        Order.objects.filter(pk__in=order_ids).delete()
        Basket.objects.filter(pk__in=BASKETS).delete()
        StockRecord.objects.filter(partner__in=vendors).update(num_allocated=0)
        Product.objects.filter(stockrecords__partner__in=vendors).delete()
        VendorMember.objects.filter(partner__in=vendors).delete()
        Partner.objects.filter(pk__in=[vendor.pk for vendor in vendors]).delete()
        get_user_model().objects.filter(pk__in=[user.pk for user in users]).delete()


if __name__ == "__main__":
    main()
