"""A vendor's statement as a CSV or XLSX file: the rows its page shows.

CSV is UTF-8 with a byte-order mark (so Excel reads it as UTF-8), separated
by ";" in languages whose spreadsheets expect it, as the catalogue files are
(vendors.services.bulk.files). In XLSX, times are date cells and amounts
number cells with the currency's minor unit.
"""

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from babel.numbers import get_currency_precision
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from catalog.pricing import money_round
from payments.ledger.selectors import Statement
from vendors.services.bulk.files import CONTENT_TYPES, CSV, SEMICOLON_LANGUAGES, XLSX

__all__ = ["CONTENT_TYPES", "CSV", "XLSX", "statement_file", "statement_rows"]

TIME_FORMAT = "%Y-%m-%d %H:%M"


def statement_columns() -> list[str]:
    """The file's column names, in the active language."""
    return [
        _("Recorded"),
        _("Order"),
        _("Kind"),
        _("Currency"),
        _("Amount"),
        _("Available from"),
        _("Note"),
    ]


def statement_rows(statements: Iterable[Statement]) -> list[list]:
    """One row per entry of the statements, in their order: when it was
    recorded and when it is payable (local time, or None), the order number,
    the kind in the active language, the currency, the amount rounded to the
    currency's minor unit, and the note."""
    return [
        [
            _local(entry.created_at),
            entry.part.order.number if entry.part_id else "",
            str(entry.kind_label),
            entry.currency,
            money_round(entry.amount, entry.currency),
            _local(entry.available_at),
            entry.note,
        ]
        for statement in statements
        for entry in statement.entries
    ]


def statement_file(
    *, statements: Iterable[Statement], file_format: str, language: str
) -> bytes:
    """Return the statements' rows as a CSV or XLSX file."""
    columns = statement_columns()
    rows = statement_rows(statements)
    if file_format == XLSX:
        return _xlsx(columns, rows)
    buffer = io.StringIO(newline="")
    delimiter = ";" if language in SEMICOLON_LANGUAGES else ","
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                value.strftime(TIME_FORMAT) if isinstance(value, datetime) else value
                for value in row
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment) if moment is not None else None


def _xlsx(columns: list[str], rows: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Statement")[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate((18, 14, 28, 10, 14, 18, 40), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for recorded, number, kind, currency, amount, available, note in rows:
        digits = get_currency_precision(currency)
        cells = []
        for value, number_format in (
            (recorded, "yyyy-mm-dd hh:mm"),
            (number, None),
            (kind, None),
            (currency, None),
            (amount, "0." + "0" * digits if digits else "0"),
            (available, "yyyy-mm-dd hh:mm"),
            (ILLEGAL_CHARACTERS_RE.sub("", note), None),
        ):
            if isinstance(value, datetime):
                # Spreadsheets know no time zones: the local time is written.
                value = value.replace(tzinfo=None)
            cell = WriteOnlyCell(sheet, value=value)
            if number_format and value is not None:
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
