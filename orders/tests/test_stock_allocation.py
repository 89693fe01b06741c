"""Placing orders never sells more units than there are, however many race.

The race runs real threads, each with its own PostgreSQL connection and
transaction. One pass runs in the default suite; set MARKETPLACE_RACE_REPEAT
to repeat it:

    MARKETPLACE_RACE_REPEAT=50 .venv/bin/python -m marketplace.launch test \
        orders/tests/test_stock_allocation.py -k concurrent
"""

import os
import random
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from conftest import TRANSACTIONAL
from tests.checkout import CASH_ON_DELIVERY, MOSCOW
from vendors.exceptions import StockInsufficientError
from vendors.services import stockrecord_allocate

Basket = get_model("basket", "Basket")
Market = get_model("catalogue", "Market")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
Free = get_class("shipping.methods", "Free")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")

REPEAT = int(os.environ.get("MARKETPLACE_RACE_REPEAT", "1"))
SHOPPERS = 20


def priced_basket(market, products) -> "Basket":
    basket = Basket.objects.create(market=market)
    basket.strategy = Selector().strategy(market=market)
    for product in products:
        basket.add_product(product)
    return basket


def place(basket) -> "Order":
    shipping = Free().calculate(basket)
    return OrderCreator().place_order(
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, shipping),
        shipping_method=Free(),
        shipping_charge=shipping,
    )


def race(baskets) -> dict[str, int]:
    """Place every basket's order at once, one thread each; count the outcomes."""
    barrier = threading.Barrier(len(baskets))
    outcomes: list[str] = []
    lock = threading.Lock()

    def shop(basket) -> None:
        try:
            barrier.wait(timeout=30)
            place(basket)
            outcome = "placed"
        except UnableToPlaceOrder:
            outcome = "refused"
        except Exception as error:  # a deadlock or a constraint is a failure
            outcome = type(error).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=shop, args=(basket,)) for basket in baskets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return {name: outcomes.count(name) for name in set(outcomes)}


@pytest.fixture
def russia(db):
    return Market.objects.get(pk="RU")


@pytest.mark.django_db
def test_allocation_refuses_more_than_is_left_and_names_how_many(russia):
    # given
    product = create_product(title="Самовар", price="4990.00", num_in_stock=3)
    record = product.stockrecords.get()
    stockrecord_allocate(stockrecord=record, quantity=2)

    # when
    with (
        translation.override("en"),
        pytest.raises(StockInsufficientError, match="Only 1 “Самовар” is") as refused,
    ):
        stockrecord_allocate(stockrecord=record, quantity=2)

    # then
    record.refresh_from_db()
    assert record.num_allocated == 2
    assert refused.value.code == "stock_insufficient"


@pytest.mark.django_db
def test_the_database_refuses_allocating_beyond_stock(russia):
    # given
    product = create_product(title="Самовар", price="4990.00", num_in_stock=1)

    # when, then
    with pytest.raises(IntegrityError, match="stockrecord_allocated_within_stock"):
        StockRecord.objects.filter(product=product).update(
            num_allocated=F("num_in_stock") + 1
        )


@pytest.mark.django_db
def test_an_order_of_a_sold_out_line_is_refused_and_leaves_nothing(russia):
    # given: one unit left, two in the basket
    product = create_product(title="Самовар", price="4990.00", num_in_stock=1)
    basket = priced_basket(russia, [product, product])

    # when
    with (
        translation.override("ko"),
        pytest.raises(UnableToPlaceOrder, match=r"Самовар. 상품이 1개만 남았습니다"),
    ):
        place(basket)

    # then
    assert not Order.objects.exists()
    assert product.stockrecords.get().num_allocated in (None, 0)


@TRANSACTIONAL
@pytest.mark.parametrize("units_left", [1, 2, 3, 4, 5])
def test_concurrent_checkouts_sell_exactly_the_units_left(region_data, units_left):
    market = Market.objects.get(pk="RU")
    for repeat in range(REPEAT):
        # given: the last units of a product, and twenty shoppers with it in
        # their basket, some with a second product added before or after it
        product = create_product(title="Самовар", price="4990.00", num_in_stock=9)
        other = create_product(title="Чайник", price="990.00", num_in_stock=100)
        StockRecord.objects.filter(product=product).update(
            num_in_stock=units_left + 2, num_allocated=2
        )
        rng = random.Random(f"{units_left}-{repeat}")
        baskets = [
            priced_basket(
                market, rng.choice([[product], [product, other], [other, product]])
            )
            for _shopper in range(SHOPPERS)
        ]

        # when
        outcomes = race(baskets)

        # then
        assert outcomes == {"placed": units_left, "refused": SHOPPERS - units_left}
        record = product.stockrecords.get()
        assert record.num_allocated == record.num_in_stock
        assert Order.objects.filter(lines__product=product).count() == units_left
        Order.objects.all().delete()
        Basket.objects.all().delete()


@TRANSACTIONAL
def test_a_shopper_who_missed_the_last_unit_is_sent_back_to_the_cart(
    client, region_data
):
    # given: a guest with the last unit in the basket, bought by someone else
    # before the guest places the order
    product = create_product(title="Самовар", price="4990.00", num_in_stock=1)
    with translation.override("ru"):
        urls = {
            "add": reverse("basket:add", kwargs={"pk": product.pk}),
            "gateway": reverse("checkout:index"),
            "address": reverse("checkout:shipping-address"),
            "preview": reverse("checkout:preview"),
        }
    client.post(urls["add"], {"quantity": 1})
    client.post(
        urls["gateway"], {"username": "anna@example.com", "options": "anonymous"}
    )
    client.post(urls["address"], MOSCOW, follow=True)
    client.post(urls["preview"], CASH_ON_DELIVERY)
    with transaction.atomic():
        stockrecord_allocate(stockrecord=product.stockrecords.get(), quantity=1)

    # when
    response = client.post(urls["preview"], {"action": "place_order"}, follow=True)
    with translation.override("ru"):
        basket_url = reverse("basket:summary")

    # then
    assert not Order.objects.exists()
    assert response.redirect_chain[-1][0] == basket_url
    assert "«Самовар» больше нельзя купить" in response.content.decode()
    assert product.stockrecords.get().num_allocated == 1
