"""Uzņēmumu reģistrācijas numurs (Latvia's company registration number).

A company's registration number is the 11 digits of its PVN (VAT) number
without the "LV": python-stdnum's lv.pvn documents that a legal entity's number
starts with a digit above 3 and carries its check digit, while numbers starting
with 0 to 3 are natural persons' personal codes. A personal code is never a
company registration number, so it is refused here before the stdnum check.
"""

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from stdnum.lv import pvn
from stdnum.util import isdigits

LENGTH = 11


def compact(number: str) -> str:
    """Return the number without spaces, dashes or an "LV" prefix."""
    return pvn.compact(number)


def validate(number: str) -> str:
    """Return the compact number, or raise if it is not a company's number."""
    number = compact(number)
    if not isdigits(number):
        raise InvalidFormat()
    if len(number) != LENGTH:
        raise InvalidLength()
    if number[0] in "0123":
        raise InvalidComponent()
    return pvn.validate(number)
