"""How an address is written in each country the markets ship to.

One entry per country: the address fields in the order the country's form
asks for them (fields not listed are left out of the form), their labels, an
example postcode, and the lines the address is displayed in. The postcode's
pattern itself is Oscar's (AbstractAddress.POSTCODES_REGEX), so that the form
and the model agree. A country without an entry keeps Oscar's layout.

The display lines follow each country's post as Google's address data
(libaddressinput, which Android and Chrome format addresses with) records
it, except that Korea starts with the postcode, as Korean shops print a
delivery address.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractAddress

# Every address field a format may place, show or leave out; names, country,
# phone and notes stay in every form.
ADDRESS_LINES = ("line1", "line2", "line3", "line4", "state", "postcode")

# Korean orthography writes a name in Hangul without a space between the
# family name and the given name (김민지); in Latin letters it keeps one.
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")


@dataclass(frozen=True)
class AddressFormat:
    lines: tuple[str, ...]
    labels: Mapping[str, Promise]
    postcode_example: str
    # The address as the country's post writes it, one tuple a line: "name"
    # is the recipient, the others are fields of ADDRESS_LINES, joined on a
    # line by `display_separator`. Every field of ADDRESS_LINES has a place,
    # so that a field the form no longer asks for (an older address, one
    # entered in the dashboard) is still shown. The country's name follows
    # the last line, where the UPU puts it on mail that crosses a border.
    display: tuple[tuple[str, ...], ...]
    # The letters written before the digits (LV-1050); a shopper may type the
    # digits alone.
    postcode_prefix: str = ""
    # The name fields the form asks for, in the order the name is written:
    # Korea writes the family name first (김민지); Russia and Kazakhstan ask
    # for a patronymic (Анна Сергеевна Иванова).
    names: tuple[str, ...] = ("first_name", "last_name")
    required: frozenset[str] = field(default_factory=lambda: frozenset({"postcode"}))
    display_separator: str = " "

    @property
    def form_fields(self) -> tuple[str, ...]:
        return (*self.names, *self.lines)

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

    def display_name(self, address: AbstractAddress) -> str:
        """Return the recipient's name in the country's order: 김민지, Kim Minji."""
        names = [
            value
            for value in (getattr(address, name).strip() for name in self.names)
            if value
        ]
        family_first = self.names[0] == "last_name"
        hangul = all(_HANGUL.fullmatch(value) for value in names)
        return ("" if family_first and hangul else " ").join(names)

    def display_lines(self, address: AbstractAddress) -> list[str]:
        """Return the address's non-empty lines in the country's order."""
        values = {name: getattr(address, name).strip() for name in ADDRESS_LINES}
        # Oscar puts the title (which the forms no longer ask for) before the
        # name, as its salutation does.
        values["name"] = " ".join(
            filter(None, (str(address.get_title_display()), self.display_name(address)))
        )
        lines = (
            self.display_separator.join(filter(None, (values[name] for name in line)))
            for line in self.display
        )
        return [line for line in lines if line]


# Russia and Kazakhstan write from the largest place to the smallest, and a
# name with its patronymic, which not everyone has.
_POST_SOVIET_NAMES = ("first_name", "patronymic", "last_name")
_POST_SOVIET_LABELS = {
    "patronymic": _("Patronymic, if any"),
    "postcode": _("Postcode"),
    "state": _("Region"),
    "line4": _("City or town"),
    "line1": _("Street and house"),
    "line2": _("Flat or office"),
}
_POST_SOVIET_LINES = ("postcode", "state", "line4", "line1", "line2")
# On paper Russian Post goes the other way, from the recipient down to the
# postcode, while Kazakhstan's keeps the form's order; both put the flat on
# the street's line (ул. Тверская, д. 1, кв. 5).
_RU_DISPLAY = (
    ("name",),
    ("line1", "line2", "line3"),
    ("line4",),
    ("state",),
    ("postcode",),
)
_KZ_DISPLAY = (
    ("postcode",),
    ("state",),
    ("line4",),
    ("line1", "line2", "line3"),
    ("name",),
)

# The Baltic states write the street first; a house in the country has a name
# instead of a street, and its parish and municipality take the city's line.
_BALTIC_LABELS = {
    "line1": _("Street and house, or house name"),
    "line4": _("City, or parish and municipality"),
    "postcode": _("Postcode"),
}
_BALTIC_LINES = ("line1", "line4", "postcode")
# The street first; the city and the postcode share the last line, Latvia's
# as "Rīga, LV-1050", Lithuania's and Estonia's as "LT-01100 Vilnius".
_BALTIC_STREET = (("name",), ("line1",), ("line2",), ("line3",), ("state",))

ADDRESS_FORMATS: dict[str, AddressFormat] = {
    "RU": AddressFormat(
        lines=_POST_SOVIET_LINES,
        labels=_POST_SOVIET_LABELS,
        postcode_example="125009",
        display=_RU_DISPLAY,
        names=_POST_SOVIET_NAMES,
        display_separator=", ",
    ),
    "KZ": AddressFormat(
        lines=_POST_SOVIET_LINES,
        labels=_POST_SOVIET_LABELS,
        postcode_example="050000",
        display=_KZ_DISPLAY,
        names=_POST_SOVIET_NAMES,
        display_separator=", ",
    ),
    # A road name address (도로명 주소) and the detail after it: one line for
    # the building's unit, so no third line that would read the same.
    # Displayed as the form reads: the postcode, the road name address from
    # the province down to the building (서울특별시 중구 세종대로 110), the
    # detail, then the recipient.
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
        display=(
            ("postcode",),
            ("state", "line4", "line1"),
            ("line2", "line3"),
            ("name",),
        ),
        names=("last_name", "first_name"),
    ),
    "LV": AddressFormat(
        lines=_BALTIC_LINES,
        labels=_BALTIC_LABELS,
        postcode_example="LV-1050",
        display=(*_BALTIC_STREET, ("line4", "postcode")),
        postcode_prefix="LV-",
        display_separator=", ",
    ),
    "LT": AddressFormat(
        lines=_BALTIC_LINES,
        labels=_BALTIC_LABELS,
        postcode_example="LT-01100",
        display=(*_BALTIC_STREET, ("postcode", "line4")),
        postcode_prefix="LT-",
    ),
    "EE": AddressFormat(
        lines=_BALTIC_LINES,
        labels=_BALTIC_LABELS,
        postcode_example="10111",
        display=(*_BALTIC_STREET, ("postcode", "line4")),
    ),
}


class PatronymicAddress(models.Model):
    """An address's optional patronymic (отчество), for the formats that ask for it.

    Listed after Oscar's abstract address among a model's bases, so that the
    model keeps Oscar's Meta.
    """

    patronymic = models.CharField(_("Patronymic"), max_length=255, blank=True)

    class Meta:
        abstract = True


class FormattedAddressMixin:
    """Display an address model as its country writes it, else as Oscar does.

    For the forked address models (the address book's, an order's shipping
    and billing addresses): Oscar's templates and e-mails list
    active_address_fields(), and its `summary`, hence str(), joins them.
    `salutation` stays Oscar's, because the address book finds a duplicate
    by a hash of it that is stored with each saved address; the patronymic
    joins the hash only where there is one, so that an address without it
    keeps the hash it was saved with.
    """

    search_fields = (*AbstractAddress.search_fields, "patronymic")
    hash_fields = ("salutation", "patronymic", *AbstractAddress.hash_fields[1:])

    @property
    def address_format(self) -> AddressFormat | None:
        return ADDRESS_FORMATS.get(self.country_id or "")

    @property
    def name(self) -> str:
        address_format = self.address_format
        if address_format is None:
            return super().name
        return address_format.display_name(self)

    def active_address_fields(self) -> list[str]:
        address_format = self.address_format
        if address_format is None:
            return super().active_address_fields()
        return [
            *address_format.display_lines(self),
            *self.get_address_field_values(["country"]),
        ]
