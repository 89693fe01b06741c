"""Downloading the vendor's catalogue, or an empty template, as CSV or XLSX."""

from decimal import Decimal

from oscar.core.loading import get_model

from catalog.pricing import minor_unit
from vendors.selectors import seller_catalogue_export_list
from vendors.services.bulk.files import table_write
from vendors.services.bulk.rows import (
    BATCH_SIZE,
    EXAMPLE_PRICES,
    catalogue_columns,
    catalogue_markets,
    text_columns,
)

Category = get_model("catalogue", "Category")


def vendor_catalogue_export(*, vendor, file_format: str, language: str) -> bytes:
    """Return the vendor's catalogue as a CSV or XLSX file, in upload columns.

    Lists the vendor's own stand-alone products, offered in some market or
    not; uploading the file unchanged changes nothing.
    """
    markets = catalogue_markets()
    columns = catalogue_columns(markets)
    rows = (
        _export_row(product, markets)
        for product in seller_catalogue_export_list(vendor=vendor).iterator(
            chunk_size=BATCH_SIZE
        )
    )
    return table_write(
        columns,
        rows,
        file_format=file_format,
        language=language,
        number_formats=_number_formats(markets),
    )


def vendor_catalogue_template(*, file_format: str, language: str) -> bytes:
    """Return an empty catalogue file: the header and one example row."""
    markets = catalogue_markets()
    columns = catalogue_columns(markets)
    category = (
        Category._default_manager.exclude(code__isnull=True)
        .exclude(code="")
        .order_by("-depth", "path")
        .first()
    )
    # Product content, not interface text: one example in each language.
    example = {
        "sku": "HONEY-500",
        "title_ru": "Мёд липовый, 500 г",  # noqa: RUF001
        "title_ko": "린덴 꿀 500g",
        "title_en": "Linden honey, 500 g",
        "description_ru": "<p>Собран в июле на пасеке в Башкирии.</p>",
        "description_ko": "<p>7월 바시키르 양봉장에서 채취했습니다.</p>",
        "description_en": "<p>Gathered in July at an apiary in Bashkortostan.</p>",
        "category": category.code if category else "",
        "upc": "",
        "published": "yes",
        "weight": Decimal("0.5"),
    }
    for market in markets:
        example[f"price_{market.code}"] = _export_price(
            EXAMPLE_PRICES.get(market.currency, Decimal(100)), market.currency
        )
        example[f"stock_{market.code}"] = 10
    row = [example.get(column, "") for column in columns]
    return table_write(
        columns,
        [row],
        file_format=file_format,
        language=language,
        number_formats=_number_formats(markets),
    )


def _export_row(product, markets: list) -> list:
    offers = {record.market_id: record for record in product.vendor_offers}
    codes = [category.code for category in product.coded_categories]
    row: list = [
        product.vendor_product.sku,
        *(getattr(product, column) or "" for column in text_columns()),
        codes[0] if codes else "",
        product.upc or "",
        "yes" if product.is_public else "no",
        "" if product.weight is None else product.weight.normalize(),
    ]
    for market in markets:
        record = offers.get(market.code)
        if record is None or record.price is None:
            row += ["", ""]
        else:
            row += [
                _export_price(record.price, market.currency),
                record.num_in_stock or 0,
            ]
    return row


def _number_formats(markets: list) -> dict[str, str]:
    """Each price column's format in a workbook: the currency's decimals."""
    formats = {}
    for market in markets:
        digits = -minor_unit(market.currency).as_tuple().exponent
        formats[f"price_{market.code}"] = "0." + "0" * digits if digits > 0 else "0"
    return formats


def _export_price(price: Decimal, currency: str) -> Decimal:
    """The price with the currency's decimals (25000 for KRW, 19.90 for EUR)."""
    rounded = price.quantize(minor_unit(currency))
    return rounded if rounded == price else price
