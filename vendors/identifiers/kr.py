"""통신판매업 신고번호 (South Korea's mail-order business report number).

A seller who trades online reports to the 시·군·구 office under the Act on
Consumer Protection in Electronic Commerce (전자상거래법, art. 12), which gives
it a number of the shape printed on the report certificate and on every
seller's page: the year, the reporting office, then a serial, as in
"제2024-서울강남-01234호" ("제" and "호" are the Korean "No." wrapping).

No rule for the serial's width or any check digit is published, so only the
shape is checked: four digits, a hyphen, the office's Hangul abbreviation, a
hyphen and one to six digits. The compact form keeps the hyphens, which
separate the parts, and drops the "제 … 호" wrapping and spaces.

The interface follows python-stdnum's modules, and failures raise its
exceptions, so the registry treats this module like any stdnum one.
"""

import re

from stdnum.exceptions import InvalidFormat

_SHAPE = re.compile(r"[0-9]{4}-[가-힣]{2,10}-[0-9]{1,6}")


def compact(number: str) -> str:
    """Return the number without spaces or the "제 … 호" wrapping."""
    number = "".join(number.split())
    return number.removeprefix("제").removesuffix("호")


def validate(number: str) -> str:
    """Return the compact number, or raise if it is not year-office-serial."""
    number = compact(number)
    if not _SHAPE.fullmatch(number):
        raise InvalidFormat()
    return number
