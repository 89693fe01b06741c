"""Which numbers a vendor of each country gives, and how each one is checked.

Kinds of identifier, by the code the forms use for their field:

* ``tax_number``: the number the tax office knows the vendor by;
* ``registration_number``: the number in the register of companies, where it
  is not the tax number too (in Kazakhstan, Uzbekistan, Belarus and Ukraine
  the tax number is the registration number, so none is asked for);
* ``mail_order_number``: Korea's report number for selling at a distance.

A VAT number is optional where a company under the VAT threshold has none
(Latvia, Lithuania, Estonia): those vendors are identified by their
registration number, which is required instead.

Each message is a whole sentence that names the identifier and the rule that
failed, keyed by the error code of the failure (see ``IdentifierKind.clean``).
"""

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.by import unp
from stdnum.ee import kmkr, registrikood
from stdnum.kr import brn
from stdnum.lt import pvm
from stdnum.lv import pvn
from stdnum.ru import inn
from stdnum.ua import edrpou

from vendors.identifiers import kr, kz, lt, lv, ru, uz

TAX_NUMBER = "tax_number"
REGISTRATION_NUMBER = "registration_number"
MAIL_ORDER_NUMBER = "mail_order_number"

# Hyphen look-alikes that keyboards and word processors put in numbers.
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe63\uff0d]")
_SEPARATORS = re.compile(r"[\s-]")

INVALID_MESSAGE = _("This number is not valid.")
REQUIRED_MESSAGE = _("This field is required.")


def _same(number: str) -> str:
    return number


@dataclass(frozen=True, kw_only=True)
class IdentifierKind:
    """One number a vendor gives: its label, whether it is required, its rules.

    ``validate`` follows python-stdnum: it takes the typed text and returns the
    compact number, or raises one of stdnum's exceptions. ``display`` turns a
    compact number into the way it is usually written.
    """

    code: str
    label: str | Promise
    required: bool
    validate: Callable[[str], str]
    messages: Mapping[str, str | Promise]
    display: Callable[[str], str] = _same
    # The Korean mail-order number keeps its hyphens: they separate its parts.
    keeps_dashes: bool = False

    def clean(self, value: str) -> str:
        """Return the compact number, or raise ValidationError saying what failed.

        The error codes are "required", "format" (characters that do not
        belong), "length", "component" (a part that cannot occur, such as a
        region code) and "checksum".
        """
        text = _DASHES.sub("-", unicodedata.normalize("NFKC", value)).upper()
        text = text.strip() if self.keeps_dashes else _SEPARATORS.sub("", text)
        if not text:
            if self.required:
                raise ValidationError(REQUIRED_MESSAGE, code="required")
            return ""
        try:
            return self.validate(text)
        except stdnum_exceptions.ValidationError as exc:
            code = _error_code(exc)
            message = self.messages.get(code, INVALID_MESSAGE)
            raise ValidationError(message, code=code) from exc

    def format(self, value: str) -> str:
        """Return the number as it is usually written, or the value as given."""
        try:
            number = self.clean(value)
        except ValidationError:
            return value
        return self.display(number) if number else number


def _error_code(exc: stdnum_exceptions.ValidationError) -> str:
    # InvalidLength is a subclass of InvalidFormat, so it is tested first.
    if isinstance(exc, stdnum_exceptions.InvalidLength):
        return "length"
    if isinstance(exc, stdnum_exceptions.InvalidChecksum):
        return "checksum"
    if isinstance(exc, stdnum_exceptions.InvalidComponent):
        return "component"
    return "format"


RU_INN = IdentifierKind(
    code=TAX_NUMBER,
    label=_("INN (taxpayer number)"),
    required=True,
    validate=inn.validate,
    messages={
        "format": _("The INN must contain digits only."),
        "length": _(
            "The INN must have 10 digits (organization) or 12 (sole proprietor)."
        ),
        "checksum": _("The INN check digit does not match."),
    },
)
RU_OGRN = IdentifierKind(
    code=REGISTRATION_NUMBER,
    label=_("OGRN or OGRNIP (primary state registration number)"),
    required=True,
    validate=ru.validate,
    messages={
        "format": _("The OGRN must contain digits only."),
        "length": _(
            "The OGRN must have 13 digits (organization) or 15 (OGRNIP of a sole "
            "proprietor)."
        ),
        "component": _(
            "An OGRN cannot start with 0, and an OGRNIP starts with 3 or 4."
        ),
        "checksum": _("The OGRN check digit does not match."),
    },
)
KZ_BIN_IIN = IdentifierKind(
    code=TAX_NUMBER,
    label=_("BIN or IIN (business or individual identification number)"),
    required=True,
    validate=kz.validate,
    messages={
        "format": _("The BIN/IIN must contain digits only."),
        "length": _("The BIN/IIN must have 12 digits."),
        "checksum": _("The BIN/IIN check digit does not match."),
    },
)
UZ_INN = IdentifierKind(
    code=TAX_NUMBER,
    label=_("INN/STIR (taxpayer identification number)"),
    required=True,
    validate=uz.validate,
    messages={
        "format": _("The INN/STIR must contain digits only."),
        "length": _("The INN/STIR must have 9 digits."),
    },
)
KR_BRN = IdentifierKind(
    code=TAX_NUMBER,
    label=_("Business registration number (사업자등록번호)"),
    required=True,
    validate=brn.validate,
    display=brn.format,
    messages={
        "format": _("The business registration number must contain digits only."),
        "length": _(
            "The business registration number must have 10 digits, as in 123-45-67890."
        ),
        "component": _(
            "The first three digits of the business registration number must be "
            "101 or more, and neither its two-digit type code nor its four-digit "
            "serial number can be all zeros."
        ),
    },
)
KR_MAIL_ORDER = IdentifierKind(
    code=MAIL_ORDER_NUMBER,
    label=_("Mail-order business report number (통신판매업 신고번호)"),
    # Sellers below the thresholds of the e-commerce act need not report.
    required=False,
    validate=kr.validate,
    keeps_dashes=True,
    messages={
        "format": _(
            "The mail-order business report number must look like "
            "2024-서울강남-01234: the year, the reporting office, then the serial "
            "number."
        ),
    },
)
LV_PVN = IdentifierKind(
    code=TAX_NUMBER,
    label=_("PVN number (VAT registration number)"),
    required=False,
    validate=pvn.validate,
    messages={
        "format": _("The PVN number must contain digits only, after an optional LV."),
        "length": _("The PVN number must have 11 digits after LV."),
        "component": _(
            "This PVN number is a personal code with a birth date that does not exist."
        ),
        "checksum": _("The PVN number check digit does not match."),
    },
)
LV_REGISTRATION = IdentifierKind(
    code=REGISTRATION_NUMBER,
    label=_("Company registration number (reģistrācijas numurs)"),
    required=True,
    validate=lv.validate,
    messages={
        "format": _("The company registration number must contain digits only."),
        "length": _("The company registration number must have 11 digits."),
        "component": _(
            "A company registration number starts with a digit from 4 to 9; a "
            "number starting with 0 to 3 is a personal code."
        ),
        "checksum": _("The company registration number check digit does not match."),
    },
)
LT_PVM = IdentifierKind(
    code=TAX_NUMBER,
    label=_("PVM code (VAT payer code)"),
    required=False,
    validate=pvm.validate,
    messages={
        "format": _("The PVM code must contain digits only, after an optional LT."),
        "length": _(
            "The PVM code must have 9 digits (legal entity) or 12 (temporary "
            "registration)."
        ),
        "component": _("The second-to-last digit of a PVM code must be 1."),
        "checksum": _("The PVM code check digit does not match."),
    },
)
LT_COMPANY_CODE = IdentifierKind(
    code=REGISTRATION_NUMBER,
    label=_("Company code (įmonės kodas)"),
    required=True,
    validate=lt.validate,
    messages={
        "format": _("The company code must contain digits only."),
        "length": _("The company code must have 9 digits."),
    },
)
EE_KMKR = IdentifierKind(
    code=TAX_NUMBER,
    label=_("KMKR (VAT number)"),
    required=False,
    validate=kmkr.validate,
    messages={
        "format": _("The KMKR number must contain digits only, after an optional EE."),
        "length": _("The KMKR number must have 9 digits after EE."),
        "checksum": _("The KMKR number check digit does not match."),
    },
)
EE_REGISTRIKOOD = IdentifierKind(
    code=REGISTRATION_NUMBER,
    label=_("Registry code (registrikood)"),
    required=True,
    validate=registrikood.validate,
    messages={
        "format": _("The registry code must contain digits only."),
        "length": _("The registry code must have 8 digits."),
        "component": _("A registry code starts with 1, 7, 8 or 9."),
        "checksum": _("The registry code check digit does not match."),
    },
)
BY_UNP = IdentifierKind(
    code=TAX_NUMBER,
    label=_("UNP (payer account number)"),
    required=True,
    validate=unp.validate,
    messages={
        "format": _("The UNP must be 9 digits, or two letters followed by 7 digits."),
        "length": _("The UNP must have 9 characters."),
        "component": _("The first character of the UNP is not a region code."),
        "checksum": _("The UNP check digit does not match."),
    },
)
UA_EDRPOU = IdentifierKind(
    code=TAX_NUMBER,
    label=_("EDRPOU code (ЄДРПОУ)"),
    required=True,
    validate=edrpou.validate,
    display=edrpou.format,
    messages={
        "format": _("The EDRPOU code must contain digits only."),
        "length": _("The EDRPOU code must have 8 digits."),
        "checksum": _("The EDRPOU code check digit does not match."),
    },
)

COUNTRY_KINDS: Mapping[str, tuple[IdentifierKind, ...]] = {
    "RU": (RU_INN, RU_OGRN),
    "KZ": (KZ_BIN_IIN,),
    "UZ": (UZ_INN,),
    "KR": (KR_BRN, KR_MAIL_ORDER),
    "LV": (LV_PVN, LV_REGISTRATION),
    "LT": (LT_PVM, LT_COMPANY_CODE),
    "EE": (EE_KMKR, EE_REGISTRIKOOD),
    "BY": (BY_UNP,),
    "UA": (UA_EDRPOU,),
}
