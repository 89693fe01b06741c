"""How an address is written in each country the markets ship to.

One entry per country: the address fields in the order the country writes
them (fields not listed are left out of the form), their labels, and an
example postcode. The postcode's pattern itself is Oscar's
(AbstractAddress.POSTCODES_REGEX), so that the form and the model agree.
A country without an entry keeps Oscar's layout.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractAddress

# Every address field a format may place, show or leave out; names, country,
# phone and notes stay in every form.
ADDRESS_LINES = ("line1", "line2", "line3", "line4", "state", "postcode")


@dataclass(frozen=True)
class AddressFormat:
    lines: tuple[str, ...]
    labels: Mapping[str, Promise]
    postcode_example: str
    # The letters written before the digits (LV-1050); a shopper may type the
    # digits alone.
    postcode_prefix: str = ""
    # Korea writes the family name first (김민지).
    names: tuple[str, ...] = ("first_name", "last_name")
    required: frozenset[str] = field(default_factory=lambda: frozenset({"postcode"}))

    @property
    def postcode_is_numeric(self) -> bool:
        return self.postcode_example.isdigit()

    def postcode_normalize(self, postcode: str) -> str:
        """Return the postcode as the post writes it: "lv 1050" is "LV-1050"."""
        compact = re.sub(r"[\s-]", "", postcode.upper())
        if self.postcode_prefix:
            letters = self.postcode_prefix.rstrip("-")
            return self.postcode_prefix + compact.removeprefix(letters)
        return compact

    def postcode_is_valid(self, *, country_code: str, postcode: str) -> bool:
        regex = AbstractAddress.POSTCODES_REGEX.get(country_code)
        return regex is None or re.match(regex, postcode) is not None


# Russia and Kazakhstan write from the largest place to the smallest.
_POST_SOVIET_LABELS = {
    "postcode": _("Postcode"),
    "state": _("Region"),
    "line4": _("City or town"),
    "line1": _("Street and house"),
    "line2": _("Flat or office"),
}
_POST_SOVIET_LINES = ("postcode", "state", "line4", "line1", "line2")

# The Baltic states write the street first; a house in the country has a name
# instead of a street, and its parish and municipality take the city's line.
_BALTIC_LABELS = {
    "line1": _("Street and house, or house name"),
    "line4": _("City, or parish and municipality"),
    "postcode": _("Postcode"),
}
_BALTIC_LINES = ("line1", "line4", "postcode")

ADDRESS_FORMATS: dict[str, AddressFormat] = {
    "RU": AddressFormat(
        lines=_POST_SOVIET_LINES, labels=_POST_SOVIET_LABELS, postcode_example="125009"
    ),
    "KZ": AddressFormat(
        lines=_POST_SOVIET_LINES, labels=_POST_SOVIET_LABELS, postcode_example="050000"
    ),
    # A road name address (도로명 주소) and the detail after it: one line for
    # the building's unit, so no third line that would read the same.
    "KR": AddressFormat(
        lines=("postcode", "state", "line4", "line1", "line2"),
        labels={
            "postcode": _("Postcode"),
            "state": _("Province or metropolitan city"),
            "line4": _("City, county or district"),
            "line1": _("Road name address"),
            "line2": _("Detailed address"),
        },
        postcode_example="04524",
        names=("last_name", "first_name"),
    ),
    "LV": AddressFormat(
        lines=_BALTIC_LINES,
        labels=_BALTIC_LABELS,
        postcode_example="LV-1050",
        postcode_prefix="LV-",
    ),
    "LT": AddressFormat(
        lines=_BALTIC_LINES,
        labels=_BALTIC_LABELS,
        postcode_example="LT-01100",
        postcode_prefix="LT-",
    ),
    "EE": AddressFormat(
        lines=_BALTIC_LINES, labels=_BALTIC_LABELS, postcode_example="10111"
    ),
}
