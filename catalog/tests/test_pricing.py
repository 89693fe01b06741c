from decimal import Decimal

import pytest

from catalog.pricing import minor_unit, money_round, vat_part


@pytest.mark.parametrize(
    ("currency", "unit"),
    [
        ("RUB", Decimal("0.01")),
        ("KZT", Decimal("0.01")),
        ("EUR", Decimal("0.01")),
        ("KRW", Decimal(1)),
    ],
)
def test_minor_unit_follows_the_currency(currency, unit):
    assert minor_unit(currency) == unit


def test_rounding_is_half_up_to_the_minor_unit():
    assert money_round(Decimal("0.125"), "RUB") == Decimal("0.13")
    assert money_round(Decimal("0.135"), "RUB") == Decimal("0.14")
    assert money_round(Decimal("1090.5"), "KRW") == Decimal(1091)


@pytest.mark.parametrize(
    ("gross", "rate", "currency", "vat"),
    [
        # 4990 x 22 / 122 = 899.8360... (Russia, standard rate)
        (Decimal("4990.00"), Decimal(22), "RUB", Decimal("899.84")),
        # 590 x 10 / 110 = 53.6363... (Russia, reduced rate for food)
        (Decimal("590.00"), Decimal(10), "RUB", Decimal("53.64")),
        # 89000 x 10 / 110 = 8090.909... (Korea: whole won)
        (Decimal(89000), Decimal(10), "KRW", Decimal(8091)),
        # 12990 x 16 / 116 = 1791.7241... (Kazakhstan)
        (Decimal("12990.00"), Decimal(16), "KZT", Decimal("1791.72")),
        # 19.90 x 21 / 121 = 3.4537... (Latvia)
        (Decimal("19.90"), Decimal(21), "EUR", Decimal("3.45")),
    ],
)
def test_vat_part_of_a_vat_inclusive_amount(gross, rate, currency, vat):
    assert vat_part(gross, rate, currency) == vat
