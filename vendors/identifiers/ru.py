"""ОГРН and ОГРНИП (Russia's primary state registration numbers).

python-stdnum's ru.ogrn checks both, but for the 15-digit ОГРНИП it compares
the check digit with the whole remainder of the first 14 digits divided by 13.
The Federal Tax Service's rule takes the remainder's last digit ("младший
разряд остатка"), so an ОГРНИП whose remainder is 10, 11 or 12 ends in 0, 1 or
2, and stdnum 2.2 refuses it. This module accepts what stdnum accepts, plus
those numbers; everything else (length, digits, the leading digit, the 13-digit
ОГРН) is stdnum's.
"""

from stdnum.exceptions import InvalidChecksum
from stdnum.ru import ogrn

OGRNIP_LENGTH = 15


def compact(number: str) -> str:
    """Return the number without spaces."""
    return ogrn.compact(number)


def validate(number: str) -> str:
    """Return the compact number, or raise stdnum's exception for what failed."""
    try:
        return ogrn.validate(number)
    except InvalidChecksum:
        number = compact(number)
        if (
            len(number) == OGRNIP_LENGTH
            and str(int(number[:-1]) % 13 % 10) == number[-1]
        ):
            return number
        raise
