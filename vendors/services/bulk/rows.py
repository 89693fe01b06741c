"""The rows of a catalogue file: its columns, and each row's cells checked.

A cell is checked on its own and against the rows above it (a SKU or a
barcode twice in one file); whether a row's SKU finds a product of the vendor
is decided later, against the database (`match`). Messages
are in the active language, the upload's.
"""

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modeltranslation.utils import build_localized_fieldname
from oscar.core.loading import get_model

from catalog.models import sanitize_html
from catalog.pricing import minor_unit
from vendors.services.bulk.files import CatalogueFileError, cell_text

Category = get_model("catalogue", "Category")
Market = get_model("catalogue", "Market")

# Rows checked and written per batch: each batch costs a fixed number of queries.
BATCH_SIZE = 1000

TITLE_MAX = 255
SKU_MAX = 128
UPC_MAX = 64
# StockRecord.price: 12 digits, 2 of them decimals.
PRICE_LIMIT = Decimal(10) ** 10
STOCK_LIMIT = 2**31 - 1
# Product.weight: 8 digits, 3 of them decimals.
WEIGHT_LIMIT = Decimal(10) ** 5
GRAMS = Decimal("0.001")
CENTS = Decimal("0.01")

YES = frozenset({"yes", "1", "да", "예", "true"})
NO = frozenset({"no", "0", "нет", "아니오", "아니요", "false"})

PRICE_RE = re.compile(r"\d+(?:\.\d+)?")
STOCK_RE = re.compile(r"\d+")
# Spaces that group thousands: "1 990,50" as a Russian spreadsheet writes it.
GROUPING = str.maketrans("", "", " \u00a0\u202f")

# An example amount in each currency, for the template; others get 100.
EXAMPLE_PRICES = {
    "RUB": Decimal("1990.00"),
    "KZT": Decimal("11990.00"),
    "KRW": Decimal("32000"),
    "EUR": Decimal("21.90"),
}


def batched(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    """Yield the items in lists of `size`, the last one shorter."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def text_columns() -> list[str]:
    return [
        build_localized_fieldname(name, code)
        for name in ("title", "description")
        for code in language_codes()
    ]


def title_columns() -> list[str]:
    return [build_localized_fieldname("title", code) for code in language_codes()]


def catalogue_markets() -> list:
    """The markets a catalogue file has a price and a stock column for."""
    return list(Market._default_manager.order_by("display_order", "code"))


def catalogue_columns(markets: Iterable) -> list[str]:
    """The columns of a catalogue file, in order."""
    return [
        "sku",
        *text_columns(),
        "category",
        "upc",
        "published",
        "weight",
        *(f"{kind}_{market.code}" for market in markets for kind in ("price", "stock")),
    ]


KEEP: Any = object()  # the file has no such column: the value stays as it is


@dataclass
class Offer:
    """A row's price and stock in one market; KEEP where the file has no column."""

    price: Any  # Decimal, or KEEP
    num_in_stock: Any  # int, or KEEP


@dataclass
class Row:
    """One row of the file, its cells checked and converted."""

    number: int
    sku: str
    texts: dict[str, str | None]  # the text columns the file has; None: empty
    category_id: int | None  # None: no category given
    upc: Any  # KEEP, None (no barcode) or the barcode
    is_public: bool | None  # None: as it is (a new product is published)
    weight: Any  # KEEP, None (no weight) or the weight in kg
    # By market code: an Offer, None (not sold there) or KEEP (as it is).
    offers: dict[str, Any]


class RowErrors:
    """The reasons one row is rejected, each with its column."""

    def __init__(self, number: int):
        self.number = number
        self.items: list[dict] = []

    def add(self, column: str, message: str) -> None:
        self.items.append({"row": self.number, "column": column, "message": message})


class CellError(ValueError):
    """A cell that holds no valid value; its message says why."""


def header_check(header: list, columns: list[str]) -> dict[str, int]:
    """Return each known column's position; unknown or repeated ones are refused."""
    known = {column.lower(): column for column in columns}
    positions: dict[str, int] = {}
    errors = RowErrors(1)
    for position, value in enumerate(header):
        name = cell_text(value).lstrip("\ufeff").strip()
        if not name:
            continue
        column = known.get(name.lower())
        if column is None:
            errors.add(
                name,
                _("Unknown column “%(column)s”. The columns are: %(columns)s.")
                % {"column": name, "columns": ", ".join(columns)},
            )
        elif column in positions:
            errors.add(
                name, _("The column “%(column)s” appears twice.") % {"column": column}
            )
        else:
            positions[column] = position
    if "sku" not in positions:
        errors.add("sku", _("The file has no “sku” column, which finds your products."))
    if errors.items:
        raise CatalogueFileError(errors=errors.items)
    return positions


class RowChecker:
    """Check rows one by one, remembering SKUs and barcodes seen in the file."""

    def __init__(self, positions: dict[str, int], markets: list):
        self.positions = positions
        self.markets = [market for market in markets if self._has_market(market)]
        self.text_columns = [name for name in text_columns() if name in positions]
        codes = Category._default_manager.exclude(code__isnull=True).exclude(code="")
        self.categories = dict(codes.values_list("code", "pk"))
        self.skus: dict[str, int] = {}
        self.upcs: dict[str, int] = {}

    def _has_market(self, market) -> bool:
        return any(
            f"{kind}_{market.code}" in self.positions for kind in ("price", "stock")
        )

    def cell(self, values: tuple, column: str) -> str:
        position = self.positions.get(column)
        if position is None or position >= len(values):
            return ""
        return cell_text(values[position])

    def check(self, number: int, values: tuple) -> tuple[Row | None, list[dict]]:
        errors = RowErrors(number)
        sku = self._sku(number, self.cell(values, "sku"), errors)
        texts = self._texts(values, errors)
        category_id = self._category(values, errors)
        upc = self._upc(number, values, errors)
        is_public = self._published(values, errors)
        weight = self._weight(values, errors)
        offers = self._offers(values, errors)
        if errors.items:
            return None, errors.items
        return Row(
            number=number,
            sku=sku,
            texts=texts,
            category_id=category_id,
            upc=upc,
            is_public=is_public,
            weight=weight,
            offers=offers,
        ), []

    def _sku(self, number: int, sku: str, errors: RowErrors) -> str:
        if not sku:
            errors.add(
                "sku", _("The SKU is missing: it is how a row finds its product.")
            )
        elif len(sku) > SKU_MAX:
            errors.add(
                "sku",
                _("The SKU is longer than %(max)d characters.") % {"max": SKU_MAX},
            )
        elif sku in self.skus:
            errors.add(
                "sku",
                _("This SKU is in row %(row)d already.") % {"row": self.skus[sku]},
            )
        else:
            self.skus[sku] = number
        return sku

    def _texts(self, values: tuple, errors: RowErrors) -> dict[str, str | None]:
        texts = {}
        for column in self.text_columns:
            text = self.cell(values, column)
            if column.startswith("title_"):
                if len(text) > TITLE_MAX:
                    errors.add(
                        column,
                        _("The title is longer than %(max)d characters.")
                        % {"max": TITLE_MAX},
                    )
            elif text:
                text = sanitize_html(text)
            # An empty translation is NULL, as the product form saves it.
            texts[column] = text or None
        return texts

    def _category(self, values: tuple, errors: RowErrors) -> int | None:
        code = self.cell(values, "category")
        if not code:
            return None
        if code not in self.categories:
            errors.add(
                "category",
                _("There is no category with the code “%(code)s”.") % {"code": code},
            )
            return None
        return self.categories[code]

    def _upc(self, number: int, values: tuple, errors: RowErrors) -> Any:
        if "upc" not in self.positions:
            return KEEP
        upc = self.cell(values, "upc")
        if not upc:
            return None
        if len(upc) > UPC_MAX:
            errors.add(
                "upc",
                _("The barcode is longer than %(max)d characters.") % {"max": UPC_MAX},
            )
        elif upc in self.upcs:
            errors.add(
                "upc",
                _("This barcode is in row %(row)d already.") % {"row": self.upcs[upc]},
            )
        else:
            self.upcs[upc] = number
        return upc

    def _published(self, values: tuple, errors: RowErrors) -> bool | None:
        text = self.cell(values, "published").lower()
        if not text:
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        errors.add(
            "published",
            _("Write yes or no (or 1 or 0) in “published”, not “%(value)s”.")
            % {"value": text},
        )
        return None

    def _weight(self, values: tuple, errors: RowErrors) -> Any:
        if "weight" not in self.positions:
            return KEEP
        text = self.cell(values, "weight")
        if not text:
            return None
        try:
            return weight_parse(text)
        except CellError as exc:
            errors.add("weight", str(exc))
            return KEEP

    def _offers(self, values: tuple, errors: RowErrors) -> dict[str, Any]:
        offers: dict[str, Any] = {}
        for market in self.markets:
            price_column = f"price_{market.code}"
            stock_column = f"stock_{market.code}"
            price_text = self.cell(values, price_column)
            stock_text = self.cell(values, stock_column)
            try:
                stock = stock_parse(stock_text) if stock_text else 0
            except CellError as exc:
                errors.add(stock_column, str(exc))
                stock = 0
            if price_column not in self.positions:
                # Stock alone: the current price stays (checked when matched).
                offers[market.code] = KEEP if not stock_text else Offer(KEEP, stock)
                continue
            if not price_text:
                if stock > 0:
                    errors.add(
                        stock_column,
                        _(
                            "Give a price in %(market)s too, or leave its stock "
                            "empty: a product without a price is not sold there."
                        )
                        % {"market": market.name},
                    )
                offers[market.code] = None
                continue
            try:
                price = price_parse(price_text, market.currency)
            except CellError as exc:
                errors.add(price_column, str(exc))
                continue
            offers[market.code] = Offer(
                price, stock if stock_column in self.positions else KEEP
            )
        return offers


def price_parse(text: str, currency: str) -> Decimal:
    """Return the price a cell holds, to the cent; raise CellError if it is none.

    Accepts a decimal point or comma and spaces between thousands; refuses
    negative amounts and more decimals than the currency has.
    """
    text = text.translate(GROUPING)
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    negative = text.startswith("-")
    if not PRICE_RE.fullmatch(text.removeprefix("-")):
        raise CellError(
            _("“%(value)s” is not a price: write digits, such as %(example)s.")
            % {"value": text, "example": _example_price(currency)}
        )
    if negative:
        raise CellError(_("A price cannot be negative."))
    amount = Decimal(text)
    unit = minor_unit(currency)
    if amount != amount.quantize(unit):
        digits = -unit.as_tuple().exponent
        if digits <= 0:
            raise CellError(
                _("Prices in %(currency)s are whole numbers, without decimals.")
                % {"currency": currency}
            )
        raise CellError(
            ngettext(
                "Prices in %(currency)s have at most %(digits)d decimal place.",
                "Prices in %(currency)s have at most %(digits)d decimal places.",
                digits,
            )
            % {"currency": currency, "digits": digits}
        )
    if amount >= PRICE_LIMIT:
        raise CellError(_("The price is too large."))
    return amount.quantize(CENTS)


def weight_parse(text: str) -> Decimal:
    """Return the weight in kg a cell holds, to the gram; raise CellError if it
    is none. Accepts a decimal point or comma; refuses zero and below."""
    text = text.translate(GROUPING)
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    if not PRICE_RE.fullmatch(text.removeprefix("-")):
        raise CellError(
            _("“%(value)s” is not a weight: write kilograms, such as 0.5.")
            % {"value": text}
        )
    weight = Decimal(text)
    if text.startswith("-") or weight <= 0:
        raise CellError(_("The weight must be more than zero."))
    if weight != weight.quantize(GRAMS):
        raise CellError(_("The weight has at most 3 decimal places (grams)."))
    if weight >= WEIGHT_LIMIT:
        raise CellError(_("The weight is too large."))
    return weight


def stock_parse(text: str) -> int:
    """Return the number of items a cell holds; raise CellError if it is none."""
    text = text.translate(GROUPING)
    if not STOCK_RE.fullmatch(text.removeprefix("-")):
        raise CellError(
            _("“%(value)s” is not a number of items: write a whole number, such as 10.")
            % {"value": text}
        )
    if text.startswith("-"):
        raise CellError(_("The stock cannot be negative."))
    stock = int(text)
    if stock > STOCK_LIMIT:
        raise CellError(_("The stock is too large."))
    return stock


def _example_price(currency: str) -> str:
    amount = EXAMPLE_PRICES.get(currency, Decimal(100))
    return str(amount.quantize(minor_unit(currency)))
