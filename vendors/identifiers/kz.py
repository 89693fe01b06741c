"""БИН and ИИН (Kazakhstan's business and individual identification numbers).

Both are 12 digits and share one check-digit rule, so one field takes either.
The rule implemented here is the one published with the numbers themselves, in
the Government of Kazakhstan's Resolution No. 565 of 11 June 2003 (the
programme that introduced ИИН and БИН, section "algorithm of generating"), and
repeated in the OECD's TIN sheet for Kazakhstan:

* the first 11 digits are weighted 1, 2, ..., 11 and summed, modulo 11;
* if that gives 10, the weights 3, 4, ..., 11, 1, 2 are used instead;
* if that gives 10 again, no number is issued with these 11 digits.

Only length, digits and the check digit are checked. The same resolution also
gives the meaning of the leading digits (birth date and century for an ИИН,
registration month, entity type and division for a БИН), but its table of
division codes has been amended since (Resolution No. 188 of 2005 dropped one),
so a strict check could refuse numbers issued under an earlier table.

The interface follows python-stdnum's modules, and failures raise its
exceptions, so the registry treats this module like any stdnum one.
"""

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.util import clean, isdigits

LENGTH = 12
_WEIGHTS = (
    (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
    (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2),
)


def compact(number: str) -> str:
    """Return the number without spaces or dashes."""
    return clean(number, " -").strip()


def calc_check_digit(number: str) -> str | None:
    """Return the check digit for the first 11 digits, or None if none exists."""
    for weights in _WEIGHTS:
        check = sum(w * int(n) for w, n in zip(weights, number, strict=True)) % 11
        if check < 10:
            return str(check)
    return None


def validate(number: str) -> str:
    """Return the compact number, or raise if its digits or check digit are wrong."""
    number = compact(number)
    if not isdigits(number):
        raise InvalidFormat()
    if len(number) != LENGTH:
        raise InvalidLength()
    if calc_check_digit(number[:-1]) != number[-1]:
        raise InvalidChecksum()
    return number
