"""ИНН / STIR (Uzbekistan's taxpayer identification number).

The number was introduced by the Cabinet of Ministers' Resolution No. 130 of
11 March 1997. The published rules (as quoted from lex.uz, act 499945) say that
it has nine digits: eight are the taxpayer's own number and the last is a
control digit "formed by a certain algorithm" by the State Tax Committee's
computer. That algorithm has not been published, and no published rule assigns
meanings to the leading digits, so only what is documented is checked here:
nine digits, nothing else.

Individuals are now identified by their 14-digit ПИНФЛ (JShShIR) instead; that
is a different identifier and is not accepted here.

The interface follows python-stdnum's modules, and failures raise its
exceptions, so the registry treats this module like any stdnum one.
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
