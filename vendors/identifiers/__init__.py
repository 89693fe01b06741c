"""Vendors' tax and registration numbers, checked by the rules of their country.

A vendor applying to sell gives the numbers its country identifies businesses
by. ``identifier_kinds`` says which ones a form asks for; ``identifier_clean``
checks one typed value and returns it compact (no spaces or dashes, no country
prefix), ready to store; ``identifier_format`` writes a stored number the way
it is usually written; ``identifiers_clean`` checks a vendor's numbers
together.

The rules come from python-stdnum where it has the country's number, and from
the modules next to this one where it has not or gets it wrong (kz, uz, lt,
lv, ru's ОГРНИП, kr's mail-order number); each of those says which published
rule it follows. A failure raises Django's ValidationError with a translated
message naming the identifier and the rule, and a stable code: "required",
"format", "length", "component", "checksum" or, from ``identifiers_clean``,
"mismatch".
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vendors.identifiers.kinds import (
    COUNTRY_KINDS,
    MAIL_ORDER_NUMBER,
    REGISTRATION_NUMBER,
    TAX_NUMBER,
    IdentifierKind,
)

__all__ = [
    "MAIL_ORDER_NUMBER",
    "REGISTRATION_NUMBER",
    "TAX_NUMBER",
    "IdentifierKind",
    "identifier_clean",
    "identifier_countries",
    "identifier_format",
    "identifier_kind_get",
    "identifier_kinds",
    "identifiers_clean",
]


def identifier_countries() -> list[str]:
    """Return the country codes that have identifier rules, in registry order."""
    return list(COUNTRY_KINDS)


def identifier_kinds(country: str) -> list[IdentifierKind]:
    """Return the kinds of number a vendor of the country gives, tax number first.

    A country without rules gets an empty list.
    """
    return list(COUNTRY_KINDS.get(country.upper(), ()))


def identifier_kind_get(*, country: str, kind: str) -> IdentifierKind:
    """Return one kind of number of the country; raise LookupError if it has none."""
    for each in identifier_kinds(country):
        if each.code == kind:
            return each
    raise LookupError(f"No identifier {kind!r} for country {country!r}")


def identifier_clean(*, country: str, kind: str, value: str) -> str:
    """Return the value as a compact number, or raise ValidationError.

    Spaces, dashes and a country prefix (LV, LT, EE, УНП) are dropped, and
    full-width digits are read as digits. A blank value gives "" for a kind
    that is not required. Raises LookupError for a kind the country lacks.
    """
    return identifier_kind_get(country=country, kind=kind).clean(value)


def identifier_format(*, country: str, kind: str, value: str) -> str:
    """Return a stored number as it is usually written (123-45-67890 in Korea).

    A value that no longer validates is returned as it is.
    """
    return identifier_kind_get(country=country, kind=kind).format(value)


def identifiers_clean(*, country: str, values: Mapping[str, str]) -> dict[str, str]:
    """Return all the country's numbers, compact, keyed by kind; check them together.

    ``values`` maps kind codes to typed text; a missing kind counts as blank,
    and keys that are not kinds of the country are ignored. Raises a
    ValidationError whose ``error_dict`` is keyed by kind code.
    """
    cleaned: dict[str, str] = {}
    errors: dict[str, list[ValidationError]] = {}
    for kind in identifier_kinds(country):
        try:
            cleaned[kind.code] = kind.clean(values.get(kind.code, ""))
        except ValidationError as exc:
            errors[kind.code] = [exc]
    if not errors and country.upper() == "RU":
        errors = _russian_pair_errors(cleaned)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _russian_pair_errors(
    cleaned: Mapping[str, str],
) -> dict[str, list[ValidationError]]:
    # An organization has a 10-digit INN and a 13-digit OGRN; a sole proprietor
    # a 12-digit INN and a 15-digit OGRNIP. Each is valid alone, so only the
    # pair shows that one of them belongs to someone else.
    tax, registration = cleaned[TAX_NUMBER], cleaned[REGISTRATION_NUMBER]
    if len(tax) == 10 and len(registration) != 13:
        message = _("An organization's 10-digit INN goes with a 13-digit OGRN.")
    elif len(tax) == 12 and len(registration) != 15:
        message = _("A sole proprietor's 12-digit INN goes with a 15-digit OGRNIP.")
    else:
        return {}
    return {REGISTRATION_NUMBER: [ValidationError(message, code="mismatch")]}
