"""Catalogue files: CSV and XLSX, told apart by their content, read and written.

CSV is read as UTF-8 (with or without Excel's byte-order mark), its
delimiter (`;` or `,`) sniffed from the header row; XLSX through openpyxl in
read-only mode, the first sheet. Both come out as the same rows of cells.
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from vendors.exceptions import VendorUploadFileError

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The parts every XLSX workbook has (Office Open XML).
XLSX_PARTS = frozenset({"[Content_Types].xml", "xl/workbook.xml"})
# How much larger an XLSX file may be once unpacked than the upload limit:
# text compresses about tenfold; more than this is a zip bomb.
XLSX_UNPACKED_RATIO = 20
SNIFF_BYTES = 64 * 1024
# Control characters other than tab, line feed and carriage return: binary.
BINARY_BYTES = frozenset(range(9)) | frozenset(range(14, 32)) | {11, 12}
# Languages whose spreadsheets separate CSV fields by ";", because their
# decimal separator is ",".
SEMICOLON_LANGUAGES = frozenset({"ru", "uk", "lv", "lt", "et", "kk", "uz", "be"})


class CatalogueFileError(Exception):
    """The file as a whole cannot be used; `errors` says why, row by row."""

    def __init__(self, message: str = "", *, errors: list[dict] | None = None):
        self.errors = errors or [{"row": None, "column": "", "message": message}]
        super().__init__(message or self.errors[0]["message"])


def catalogue_file_kind(file: IO[bytes]) -> str:
    """Return "csv" or "xlsx", judged by the file's content, not its name.

    Raises VendorUploadFileError for a file that is too large, empty, not
    UTF-8 text, nor an XLSX workbook.
    """
    limit = settings.MARKETPLACE_VENDOR_UPLOAD_MAX_BYTES
    size = getattr(file, "size", None)
    if size is None:
        size = file.seek(0, io.SEEK_END)
    if size > limit:
        raise VendorUploadFileError(
            gettext_lazy("The file is larger than %(limit)d MB."),
            params={"limit": limit // (1024 * 1024)},
        )
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if not head:
        raise VendorUploadFileError(gettext_lazy("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        return _xlsx_check(file, limit)
    if BINARY_BYTES.intersection(head):
        raise VendorUploadFileError(
            gettext_lazy(
                "The file is neither a CSV nor an XLSX spreadsheet, whatever its "
                "name says. Save it from your spreadsheet as XLSX or as CSV UTF-8."
            )
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=size <= len(head))
    except UnicodeDecodeError as exc:
        raise VendorUploadFileError(
            gettext_lazy(
                "The CSV file is not in UTF-8. Save it from your spreadsheet as "
                "“CSV UTF-8”, or as XLSX."
            )
        ) from exc
    return CSV


def _xlsx_check(file: IO[bytes], limit: int) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        names, unpacked = set(), 0
    finally:
        file.seek(0)
    if not names >= XLSX_PARTS:
        raise VendorUploadFileError(
            gettext_lazy(
                "The file is neither a CSV nor an XLSX spreadsheet, whatever its "
                "name says. Save it from your spreadsheet as XLSX or as CSV UTF-8."
            )
        )
    if unpacked > limit * XLSX_UNPACKED_RATIO:
        raise VendorUploadFileError(
            gettext_lazy("The workbook is too large once unpacked; split it in parts.")
        )
    return XLSX


def cell_text(value: object) -> str:
    """A cell's value as text, stripped: 12345.0 from a spreadsheet is "12345"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # repr gives the shortest text of the number, as the sheet shows it.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def table_read(data: bytes) -> tuple[list, list[tuple[int, tuple]]]:
    """Return a file's header and its other non-empty rows, each with its number.

    Row numbers are the spreadsheet's: the header is row 1. Raises
    CatalogueFileError for a file that cannot be read.
    """
    try:
        kind = catalogue_file_kind(io.BytesIO(data))
    except VendorUploadFileError as exc:
        raise CatalogueFileError(str(exc)) from exc
    rows = _xlsx_rows(data) if kind == XLSX else _csv_rows(data)
    header: list | None = None
    records: list[tuple[int, tuple]] = []
    for number, values in rows:
        if not any(cell_text(value) for value in values):
            continue
        if header is None:
            header = list(values)
        else:
            records.append((number, tuple(values)))
    if header is None:
        raise CatalogueFileError(_("The file is empty."))
    return header, records


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueFileError(
            _(
                "The CSV file is not in UTF-8. Save it from your spreadsheet as "
                "“CSV UTF-8”, or as XLSX."
            )
        ) from exc
    # Column names hold neither delimiter, so the header row tells which it is.
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            yield number, values
    except csv.Error as exc:
        raise CatalogueFileError(
            _("Row %(row)d of the CSV file cannot be read; check its quotes.")
            % {"row": number + 1}
        ) from exc


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, tuple]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # A damaged workbook fails in many ways inside openpyxl (zip, XML, keys).
    except Exception as exc:
        raise CatalogueFileError(
            _("The XLSX file cannot be read: it is damaged or not a workbook.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
    except CatalogueFileError:
        raise
    except Exception as exc:
        raise CatalogueFileError(
            _("The XLSX file cannot be read: it is damaged or not a workbook.")
        ) from exc
    finally:
        workbook.close()


def table_write(
    columns: list[str],
    rows: Iterable[list],
    *,
    file_format: str,
    language: str,
    number_formats: dict[str, str] | None = None,
) -> bytes:
    """Return a CSV or XLSX file of the columns and rows.

    CSV is UTF-8 with a byte-order mark, so that Excel reads it as UTF-8,
    and separated by ";" in languages whose spreadsheets expect it. In XLSX,
    numbers are number cells, shown in `number_formats` (column: format).
    """
    if file_format == XLSX:
        return _xlsx_write(columns, rows, number_formats or {})
    buffer = io.StringIO(newline="")
    delimiter = ";" if language in SEMICOLON_LANGUAGES else ","
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_write(
    columns: list[str], rows: Iterable[list], number_formats: dict[str, str]
) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("catalogue")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        width = 40 if column.startswith("description") else 16
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    formats = {
        index: number_formats[column]
        for index, column in enumerate(columns)
        if column in number_formats
    }
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if index in formats and isinstance(value, Decimal | int):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = formats[index]
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
