"""Over many random orders, the ledger adds up to the minor unit.

Random prices, quantities, shipping charges, commission rules (a percent and
a fixed amount per unit) and ways to pay, in rubles, won and euros. Each
line's commission is computed here again with exact fractions and its own
half-up rounding, independently of the services.
"""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from payments.ledger.models import LedgerEntryKind
from payments.ledger.services import (
    ledger_order_paid_record,
    ledger_part_delivered_record,
)
from payments.ledger.tests.conftest import CARD, CASH, Shop

CommissionRule = get_model("payment", "CommissionRule")
LedgerEntry = get_model("payment", "LedgerEntry")
LineCommission = get_model("payment", "LineCommission")
Market = get_model("catalogue", "Market")
Partner = get_model("partner", "Partner")

PER_UNIT = {"RUB": 100, "KRW": 1, "EUR": 100}
MARKETS = {"RU": "RUB", "KR": "KRW", "LV": "EUR"}


def reference_commission(
    price: Decimal, quantity: int, percent: Decimal, fixed: Decimal, per_unit: int
) -> Decimal:
    """price x quantity x percent / 100 + fixed x quantity, half up to the
    minor unit, at most the line's price."""
    base = Fraction(price) * quantity
    exact = (base * Fraction(percent) / 100 + Fraction(fixed) * quantity) * per_unit
    capped = min(Fraction(math.floor(exact + Fraction(1, 2)), per_unit), base)
    return Decimal(capped.numerator) / capped.denominator


@pytest.fixture
def pool(db):
    """Three vendors with three products each, priced per example."""
    vendors = [Partner.objects.create(name=f"Продавец {index}") for index in range(3)]
    return {
        vendor: [
            create_product(title=f"Товар {vendor.pk}-{index}") for index in range(3)
        ]
        for vendor in vendors
    }


vendor_strategy = st.fixed_dictionaries(
    {
        "percent": st.integers(min_value=0, max_value=10_000),  # hundredths of %
        "fixed": st.integers(min_value=0, max_value=500),  # minor units per unit
        "shipping": st.integers(min_value=0, max_value=100_000),  # minor units
        "lines": st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=2),  # which product
                st.integers(min_value=1, max_value=2_000_000),  # price, minor units
                st.integers(min_value=1, max_value=9),  # quantity
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda line: line[0],
        ),
    }
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    market_code=st.sampled_from(sorted(MARKETS)),
    paid_by=st.sampled_from([CARD, CASH]),
    sellers=st.lists(vendor_strategy, min_size=1, max_size=3),
)
def test_each_part_and_the_whole_order_add_up_to_the_minor_unit(
    pool, market_code, paid_by, sellers
):
    with transaction.atomic():
        # given: each seller's rule, products and shipping in the market
        shop = Shop()
        currency = MARKETS[market_code]
        per_unit = PER_UNIT[currency]
        items, expected, shipping = [], {}, {}
        for vendor, seller in zip(pool, sellers, strict=False):
            percent = Decimal(seller["percent"]) / 100
            fixed = Decimal(seller["fixed"]) / per_unit
            CommissionRule.objects.create(
                vendor=vendor, market_id=market_code, percent=percent, fixed=fixed
            )
            shipping[vendor] = str(Decimal(seller["shipping"]) / per_unit)
            sale = commission = Decimal(0)
            for index, minor, quantity in seller["lines"]:
                price = Decimal(minor) / per_unit
                product = pool[vendor][index]
                shop.offer(product, vendor, market_code, str(price))
                items.append((product, quantity))
                sale += price * quantity
                commission += reference_commission(
                    price, quantity, percent, fixed, per_unit
                )
            expected[vendor.pk] = (sale, Decimal(shipping[vendor]), commission)

        # when: the order is placed, paid and delivered
        order = shop.order(
            items, market=market_code, shipping=shipping, paid_by=paid_by
        )
        if paid_by == CARD:
            ledger_order_paid_record(order=order)
        for part in order.parts.all():
            shop.deliver(part)
            ledger_part_delivered_record(part_id=part.pk)

        # then: every entry is in whole minor units; each part's entries are
        # its sale and shipping less its commission (and less the cash its
        # vendor collected); the platform's commissions and the vendors'
        # balances are what the shoppers paid the platform
        entries = LedgerEntry.objects.filter(part__order=order)
        for amount in entries.values_list("amount", flat=True):
            assert amount * per_unit == int(amount * per_unit)
        for part in order.parts.all():
            sale, charge, commission = expected[part.vendor_id]
            owed = (
                entries.filter(part=part)
                .exclude(kind=LedgerEntryKind.CASH_COLLECTED)
                .aggregate(total=Sum("amount"))["total"]
            )
            assert owed == sale + charge - commission
            if paid_by == CASH:
                collected = entries.get(
                    part=part, kind=LedgerEntryKind.CASH_COLLECTED
                ).amount
                assert collected == -(sale + charge)
        commissions = LineCommission.objects.filter(line__order=order).aggregate(
            total=Sum("amount_incl_tax")
        )["total"]
        balances = entries.aggregate(total=Sum("amount"))["total"]
        assert commissions == sum(each[2] for each in expected.values())
        paid_to_platform = order.total_incl_tax if paid_by == CARD else Decimal(0)
        assert commissions + balances == paid_to_platform
        assert order.total_incl_tax == sum(
            sale + charge for sale, charge, _commission in expected.values()
        )
        transaction.set_rollback(True)
