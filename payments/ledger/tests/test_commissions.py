# ruff: noqa: RUF001, RUF002, RUF003  (Russian text and arithmetic signs are meant)
"""Each order line's commission: which rule sets it, VAT on the fee, rounding
to the currency's minor unit, and that it never changes after the order."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from payments.ledger.services import line_commission_compute, order_commissions_record

Category = get_model("catalogue", "Category")
CommissionRule = get_model("payment", "CommissionRule")
LineCommission = get_model("payment", "LineCommission")
ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    """Books › Fiction › Detective, and Food."""
    books = Category.add_root(name="Книги")
    fiction = books.add_child(name="Художественная")
    detective = fiction.add_child(name="Детективы")
    food = Category.add_root(name="Еда")
    return {"books": books, "fiction": fiction, "detective": detective, "food": food}


def commission_of(order) -> LineCommission:
    return LineCommission.objects.get(line__order=order)


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        # nothing: the platform's default
        ([], "10.00"),
        # a platform rule for every vendor and category beats the default
        ([("", "", "", "8")], "8.00"),
        # a category rule beats the platform rule
        ([("", "", "", "8"), ("", "books", "", "7")], "7.00"),
        # the deepest matching category wins
        ([("", "books", "", "7"), ("", "fiction", "", "6")], "6.00"),
        # a category the product is not in does not apply
        ([("", "food", "", "3")], "10.00"),
        # the vendor's own rule beats any category rule
        ([("", "detective", "", "6"), ("shop", "", "", "5")], "5.00"),
        # the vendor's rule for a category beats the vendor's rule
        ([("shop", "", "", "5"), ("shop", "books", "", "4")], "4.00"),
        # another vendor's rule does not apply
        ([("other", "", "", "1")], "10.00"),
        # a rule of the order's market beats one of every market
        ([("shop", "", "RU", "3"), ("shop", "", "", "2")], "3.00"),
        # a rule of another market does not apply
        ([("shop", "", "KR", "3")], "10.00"),
        # between equals, the newest
        ([("shop", "", "", "2"), ("shop", "", "", "9")], "9.00"),
    ],
)
def test_the_most_specific_rule_sets_the_commission(shop, tree, rules, expected):
    # given: a detective novel of 1 000 ₽ and the rules, oldest first
    vendor = shop.vendor("Книжная лавка")
    other = shop.vendor("Другая лавка")
    vendors = {"shop": vendor, "other": other, "": None}
    book = shop.product(vendor, "RU", "1000.00", categories=[tree["detective"]])
    created = timezone.now() - timedelta(days=len(rules))
    for index, (who, category, market, percent) in enumerate(rules):
        rule = CommissionRule.objects.create(
            vendor=vendors[who],
            category=tree.get(category),
            market_id=market or None,
            percent=Decimal(percent),
        )
        CommissionRule.objects.filter(pk=rule.pk).update(
            created_at=created + timedelta(hours=index)
        )

    # when
    order = shop.order([(book, 1)])

    # then: the percent of 1 000 ₽
    assert commission_of(order).amount_incl_tax == Decimal(expected) * 10


def test_inactive_rules_are_ignored(shop, tree):
    # given
    vendor = shop.vendor("Книжная лавка")
    book = shop.product(vendor, "RU", "1000.00", categories=[tree["books"]])
    CommissionRule.objects.create(vendor=vendor, percent=Decimal(1), is_active=False)

    # when
    order = shop.order([(book, 1)])

    # then
    commission = commission_of(order)
    assert commission.rule is None
    assert commission.percent == Decimal(10)


def test_default_percent_comes_from_the_setting(shop, settings):
    # given
    settings.MARKETPLACE_COMMISSION_DEFAULT_PERCENT = Decimal("12.5")
    vendor = shop.vendor("Книжная лавка")
    book = shop.product(vendor, "RU", "1000.00")

    # when
    order = shop.order([(book, 1)])

    # then
    assert commission_of(order).amount_incl_tax == Decimal("125.00")


def test_a_variant_takes_its_parents_categories(shop, tree):
    # given: a variant of a product filed under Food, with a Food rule
    vendor = shop.vendor("Чайный дом")
    parent = create_product(title="Чай", structure="parent")
    ProductCategory.objects.create(product=parent, category=tree["food"])
    child = create_product(title="Чай 100 г", parent=parent)
    shop.offer(child, vendor, "RU", "500.00")
    CommissionRule.objects.create(category=tree["food"], percent=Decimal(4))

    # when
    order = shop.order([(child, 2)])

    # then: 4 % of 1 000 ₽
    assert commission_of(order).amount_incl_tax == Decimal("40.00")


def test_a_rule_changed_after_the_order_does_not_change_its_commission(shop):
    # given: an order placed under a 5 % rule
    vendor = shop.vendor("Книжная лавка")
    book = shop.product(vendor, "RU", "1000.00")
    rule = CommissionRule.objects.create(vendor=vendor, percent=Decimal(5))
    order = shop.order([(book, 1)])

    # when: the rule goes up to 20 %, a newer 30 % rule appears, and the
    # commissions are recorded again
    rule.percent = Decimal(20)
    rule.save()
    CommissionRule.objects.create(vendor=vendor, percent=Decimal(30))
    order_commissions_record(order=order)

    # then
    commission = commission_of(order)
    assert commission.percent == Decimal(5)
    assert commission.amount_incl_tax == Decimal("50.00")
    assert LineCommission.objects.filter(line__order=order).count() == 1


def test_a_deleted_rule_leaves_the_commission_as_it_was(shop):
    # given
    vendor = shop.vendor("Книжная лавка")
    book = shop.product(vendor, "RU", "1000.00")
    rule = CommissionRule.objects.create(vendor=vendor, percent=Decimal(5))
    order = shop.order([(book, 1)])

    # when
    rule.delete()

    # then
    commission = commission_of(order)
    assert commission.rule is None
    assert commission.percent == Decimal(5)
    assert commission.amount_incl_tax == Decimal("50.00")


def test_a_line_commission_cannot_be_changed_or_deleted(shop):
    # given
    vendor = shop.vendor("Книжная лавка")
    order = shop.order([(shop.product(vendor, "RU", "1000.00"), 1)])
    commission = commission_of(order)

    # when, then
    with pytest.raises(DatabaseError, match="fixed"), transaction.atomic():
        LineCommission.objects.filter(pk=commission.pk).update(
            amount_incl_tax=Decimal(0), amount_excl_tax=Decimal(0), vat=Decimal(0)
        )
    with pytest.raises(DatabaseError, match="fixed"), transaction.atomic():
        LineCommission.objects.filter(pk=commission.pk).delete()


@pytest.mark.parametrize(
    ("market", "price", "quantity", "vat", "excl"),
    [
        # 10 % of 3 × 1 000 ₽ = 300 ₽; VAT 22 %: 300 × 22 / 122 = 54.10
        ("RU", "1000.00", 3, "54.10", "245.90"),
        # 10 % of ₩12,000 = ₩1,200; VAT 10 %: 1 200 × 10 / 110 = 109.09 → ₩109
        ("KR", "12000", 1, "109", "1091"),
        # 10 % of 19.90 € = 1.99 €; VAT 21 %: 1.99 × 21 / 121 = 0.345 → 0.35
        ("LV", "19.90", 1, "0.35", "1.64"),
    ],
)
def test_the_fee_carries_the_markets_vat(shop, market, price, quantity, vat, excl):
    # given
    vendor = shop.vendor("Лавка")
    product = shop.product(vendor, market, price)

    # when
    order = shop.order([(product, quantity)], market=market)

    # then
    commission = commission_of(order)
    assert commission.vat == Decimal(vat)
    assert commission.amount_excl_tax == Decimal(excl)
    assert commission.amount_excl_tax + commission.vat == commission.amount_incl_tax
    assert commission.vat_rate == order.market.vat_rate
    assert commission.currency == order.currency


@pytest.mark.parametrize(
    ("base", "quantity", "percent", "fixed", "currency", "expected"),
    [
        # 7.5 % of ₩12,345 = ₩925.875 → ₩926, rounded once
        ("12345", 1, "7.5", "0", "KRW", "926"),
        # 7.5 % of ₩12,330 = ₩924.75 → ₩925; plus ₩100 × 2 units
        ("12330", 2, "7.5", "100", "KRW", "1125"),
        # 12.5 % of 0.99 ₽ = 0.12375 → 0.12
        ("0.99", 1, "12.5", "0", "RUB", "0.12"),
        # 0.5 % of 1.00 € = 0.005 → 0.01 (half up)
        ("1.00", 1, "0.5", "0", "EUR", "0.01"),
        # 10 % of 5.00 ₽ + 3.00 ₽ per unit × 2 would be 6.50: never above 5.00
        ("5.00", 2, "10", "3.00", "RUB", "5.00"),
    ],
)
def test_the_commission_is_rounded_once_to_the_minor_unit_and_capped_by_the_price(
    base, quantity, percent, fixed, currency, expected
):
    # when
    amount, vat = line_commission_compute(
        base=Decimal(base),
        quantity=quantity,
        percent=Decimal(percent),
        fixed=Decimal(fixed),
        vat_rate=Decimal(0),
        currency=currency,
    )

    # then
    assert amount == Decimal(expected)
    assert vat == 0


def test_a_fixed_amount_is_charged_per_unit(shop):
    # given: 2 % plus ₩300 per unit in Korea
    vendor = shop.vendor("서울상점")
    kimchi = shop.product(vendor, "KR", "15000")
    CommissionRule.objects.create(
        vendor=vendor, market_id="KR", percent=Decimal(2), fixed=Decimal(300)
    )

    # when
    order = shop.order([(kimchi, 3)], market="KR")

    # then: 2 % of ₩45,000 = ₩900, plus 3 × ₩300
    assert commission_of(order).amount_incl_tax == Decimal(1800)


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"percent": Decimal(101)}, "percent", "max_value"),
        ({"percent": Decimal(-1)}, "percent", "min_value"),
        (
            {"percent": Decimal(5), "fixed": Decimal(-1), "market_id": "RU"},
            "fixed",
            "min_value",
        ),
        ({"percent": Decimal(5), "fixed": Decimal(10)}, "market", "fixed_needs_market"),
        (
            {"percent": Decimal(5), "fixed": Decimal("0.5"), "market_id": "KR"},
            "fixed",
            None,
        ),
        (
            {"percent": Decimal(5), "fixed": Decimal("0.005"), "market_id": "RU"},
            "fixed",
            None,
        ),
    ],
)
def test_a_rule_must_be_within_bounds_and_the_currencys_minor_unit(fields, field, code):
    # given
    rule = CommissionRule(**fields)

    # when
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()

    # then
    assert field in caught.value.message_dict
    if code:
        assert code in [each.code for each in caught.value.error_dict[field]]


def test_a_fixed_amount_within_minor_units_is_accepted():
    # given: whole won in Korea, cents in Russia
    rules = [
        CommissionRule(percent=Decimal(5), fixed=Decimal(300), market_id="KR"),
        CommissionRule(percent=Decimal(5), fixed=Decimal("12.34"), market_id="RU"),
    ]

    # when, then: nothing raised
    for rule in rules:
        rule.full_clean()
