"""The `currency` filter Oscar's templates use, printing money as each language does.

Installed in place of Oscar's `currency_filters` library (TEMPLATES
"libraries" in settings). Whole amounts drop the minor units, as shops in the
region print them: `1 990 ₽` and `12 990 ₸` in ru, `₩12,000` in ko; other
amounts keep the currency's own number of minor units (`19,90 €`).
"""

from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_currency
from django import template
from django.conf import settings
from django.utils.translation import get_language, to_locale

register = template.Library()

# CLDR's narrow symbols of the markets' currencies, for languages whose own
# data has none and would print the ISO code (Russian has no ₸ of its own).
NARROW_SYMBOLS = {"RUB": "₽", "KZT": "₸", "KRW": "₩", "EUR": "€"}


@register.filter(name="currency")
def currency(value: object, currency_code: str | None = None) -> str:
    code = currency_code or settings.OSCAR_DEFAULT_CURRENCY
    try:
        amount = Decimal(str(value))
    except (TypeError, ValueError, InvalidOperation):
        return ""
    locale = Locale.parse(to_locale(get_language() or settings.LANGUAGE_CODE))
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    if code not in locale.currency_symbols and code in NARROW_SYMBOLS:
        pattern = pattern.replace("¤", NARROW_SYMBOLS[code])
    whole = amount == amount.to_integral_value()
    if whole:
        pattern = pattern.replace(".00", "")
    return format_currency(
        amount, code, format=pattern, locale=locale, currency_digits=not whole
    )
