"""Įmonės kodas (Lithuania's company code in the Register of Legal Entities).

The Register of Legal Entities gives every company a nine-digit code. No
check-digit rule for it is published, so only the length and the digits are
checked.
"""

from stdnum.exceptions import InvalidFormat, InvalidLength
from stdnum.util import clean, isdigits

LENGTH = 9


def compact(number: str) -> str:
    """Return the number without spaces or dashes."""
    return clean(number, " -").strip()


def validate(number: str) -> str:
    """Return the compact number, or raise if it is not nine digits."""
    number = compact(number)
    if not isdigits(number):
        raise InvalidFormat()
    if len(number) != LENGTH:
        raise InvalidLength()
    return number
