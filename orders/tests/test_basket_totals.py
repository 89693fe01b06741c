"""Basket and order totals add up to the minor unit, over many random baskets.

The reference VAT of a line is computed here with exact fractions and its own
half-up rounding, independently of catalog.pricing.
"""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

Basket = get_model("basket", "Basket")
Category = get_model("catalogue", "Category")
CategoryVatRate = get_model("catalogue", "CategoryVatRate")
Market = get_model("catalogue", "Market")
Partner = get_model("partner", "Partner")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Free = get_class("shipping.methods", "Free")

MINOR_UNITS = {"RUB": 100, "KZT": 100, "EUR": 100, "KRW": 1}


def reference_vat(gross: Decimal, rate: Decimal, currency: str) -> Decimal:
    """gross x rate / (100 + rate), rounded half up to the minor unit."""
    per_unit = MINOR_UNITS[currency]
    exact = Fraction(gross) * Fraction(rate) / (100 + Fraction(rate)) * per_unit
    return Decimal(math.floor(exact + Fraction(1, 2))) / per_unit


@pytest.fixture
def pool(db):
    """Four products, two of them food, which Russia taxes at 10 %."""
    food = Category.add_root(name="Еда")
    books = Category.add_root(name="Книги")
    CategoryVatRate.objects.create(category=food, market_id="RU", rate=Decimal("10.00"))
    products = []
    for index, category in enumerate([food, food, books, books]):
        product = create_product(title=f"Товар {index}")
        ProductCategory.objects.create(product=product, category=category)
        products.append(product)
    return {
        "partner": Partner.objects.create(name="Лавка"),
        "products": products,
        "food": set(products[:2]),
    }


lines_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),  # which product
        st.integers(min_value=1, max_value=5_000_000),  # price in minor units
        st.integers(min_value=1, max_value=30),  # quantity
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda line: line[0],
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(market_code=st.sampled_from(["RU", "KZ", "KR", "LV"]), lines=lines_strategy)
def test_totals_are_the_sum_of_lines_to_the_minor_unit(pool, market_code, lines):
    with transaction.atomic():
        # given: a basket of random prices and quantities in the market
        market = Market.objects.get(pk=market_code)
        per_unit = MINOR_UNITS[market.currency]
        basket = Basket.objects.create(market=market)
        basket.strategy = Selector().strategy(market=market)
        expected_gross = Decimal(0)
        expected_vat: dict[Decimal, Decimal] = {}
        for index, minor, quantity in lines:
            product = pool["products"][index]
            price = Decimal(minor) / per_unit
            StockRecord.objects.create(
                product=product,
                partner=pool["partner"],
                partner_sku=f"SKU-{index}",
                market=market,
                price_currency=market.currency,
                price=price,
                num_in_stock=100,
            )
            basket.add_product(product, quantity)
            rate = (
                Decimal(10)
                if market_code == "RU" and product in pool["food"]
                else market.vat_rate
            )
            gross = price * quantity
            expected_gross += gross
            expected_vat[rate] = expected_vat.get(rate, Decimal(0)) + reference_vat(
                gross, rate, market.currency
            )
        basket.reset_offer_applications()

        # when: the basket is totalled and ordered
        shipping = Free().calculate(basket)
        total = OrderTotalCalculator().calculate(basket, shipping)
        order = OrderCreator().place_order(
            basket=basket,
            total=total,
            shipping_method=Free(),
            shipping_charge=shipping,
        )

        # then: every figure is the exact sum of its lines
        assert basket.currency == market.currency
        assert basket.total_incl_tax == expected_gross
        assert basket.total_tax == sum(expected_vat.values())
        assert basket.total_excl_tax + basket.total_tax == basket.total_incl_tax
        assert dict(basket.vat_by_rate()) == expected_vat
        for line in basket.all_lines():
            assert line.line_price_excl_tax + line.line_tax == line.line_price_incl_tax
        assert order.currency == market.currency
        assert order.total_incl_tax == expected_gross
        assert order.total_incl_tax - order.total_excl_tax == sum(expected_vat.values())
        assert dict(order.vat_by_rate()) == expected_vat
        transaction.set_rollback(True)
