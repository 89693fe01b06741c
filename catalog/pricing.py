"""Money arithmetic of consumer prices: rounding to minor units and VAT parts.

The rule, in one place: stock record prices are consumer prices with VAT
included. The VAT part of an amount is amount x rate / (100 + rate), rounded
half up to the currency's minor unit (Babel's CLDR precision: RUB, KZT and
EUR 2 digits, KRW none). It is rounded once per basket or order line, on the
line's total, and the price without VAT is the rest, so each line's parts add
up to its total exactly and totals are plain sums of lines.
"""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

HUNDRED = Decimal(100)


def minor_unit(currency: str) -> Decimal:
    """Return the currency's smallest amount: 0.01 for RUB, 1 for KRW."""
    return Decimal(1).scaleb(-get_currency_precision(currency))


def money_round(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's minor unit."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def vat_part(gross: Decimal, rate: Decimal, currency: str) -> Decimal:
    """Return the VAT contained in a VAT-inclusive amount, rounded to the minor unit."""
    return money_round(gross * rate / (HUNDRED + rate), currency)


def minor_unit_validate(amount: Decimal | None, currency: str | None) -> None:
    """Refuse an amount finer than the currency's minor unit (KRW: whole won)."""
    if amount is None or not currency:
        return
    step = minor_unit(currency)
    if amount == amount.quantize(step):
        return
    places = max(0, -step.as_tuple().exponent)
    if places == 0:
        message = _("Prices in %(currency)s are in whole units, without a fraction.")
    else:
        message = ngettext(
            "%(currency)s prices have %(places)d digit after the point at most.",
            "%(currency)s prices have %(places)d digits after the point at most.",
            places,
        )
    raise ValidationError(
        message, code="minor_unit", params={"currency": currency, "places": places}
    )
