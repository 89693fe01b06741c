"""The `currency` filter Oscar's templates use, printing money as each language does.

Installed in place of Oscar's `currency_filters` library (TEMPLATES
"libraries" in settings). Whole amounts drop the minor units, as shops in the
region print them: `1 990 ₽` in ru, `₩12,000` in ko and en;
other amounts keep the currency's own number of minor units.
"""

from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_currency
from django import template
from django.conf import settings
from django.utils.translation import get_language, to_locale

register = template.Library()


@register.filter(name="currency")
def currency(value: object, currency_code: str | None = None) -> str:
    code = currency_code or settings.OSCAR_DEFAULT_CURRENCY
    try:
        amount = Decimal(str(value))
    except (TypeError, ValueError, InvalidOperation):
        return ""
    locale = Locale.parse(to_locale(get_language() or settings.LANGUAGE_CODE))
    if amount == amount.to_integral_value():
        pattern = locale.currency_formats["standard"].pattern.split(";")[0]
        whole = pattern.replace(".00", "")
        return format_currency(
            amount, code, format=whole, locale=locale, currency_digits=False
        )
    return format_currency(amount, code, locale=locale)
