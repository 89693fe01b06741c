"""A bank-transfer batch as the CSV file a bank or payout provider imports.

The format is documented in docs/payouts.md; change both together. It is a
machine's file, not a person's: the same in every language (column names in
English, amounts with a dot), UTF-8 without a byte-order mark, comma
separated, CRLF line ends, one header row, one row per payout by payout id.
"""

import csv
import io
from decimal import ROUND_DOWN, Decimal

from babel.numbers import get_currency_precision
from oscar.core.loading import get_model

PayoutBatch = get_model("payment", "PayoutBatch")

COLUMNS = (
    "payout_id",
    "vendor_legal_name",
    "tax_number",
    "account_holder",
    "account",
    "bank_code",
    "bank_name",
    "country",
    "amount",
    "currency",
    "reference",
)
# A spreadsheet takes a cell starting with one of these for a formula: vendor
# written text that starts so is written after an apostrophe (OWASP's advice
# on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def amount_text(amount: Decimal, currency: str) -> str:
    """Write the amount as a plain decimal with the currency's minor units:
    `1234.50` in rubles or euros, `15000` in won."""
    digits = get_currency_precision(currency)
    exponent = Decimal(1).scaleb(-digits)
    return format(amount.quantize(exponent, rounding=ROUND_DOWN), "f")


def _text(value: str) -> str:
    value = " ".join(value.split())
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def payout_batch_rows(*, batch: "PayoutBatch") -> list[list[str]]:
    """Return the batch's rows, one per payout by id, as the file has them.

    The vendor's legal name falls back to its store name, the account holder
    to the legal name. One query.
    """
    payouts = batch.payouts.select_related("vendor").order_by("pk")
    rows = []
    for payout in payouts:
        vendor = payout.vendor
        legal_name = vendor.legal_name or vendor.name
        rows.append(
            [
                str(payout.pk),
                _text(legal_name),
                "".join(vendor.tax_number.split()),
                _text(vendor.payout_account_holder or legal_name),
                "".join(vendor.payout_account.split()).upper(),
                "".join(vendor.payout_bank_code.split()).upper(),
                _text(vendor.payout_bank_name),
                vendor.country,
                amount_text(payout.amount, payout.currency),
                payout.currency,
                payout.transfer_reference,
            ]
        )
    return rows


def payout_batch_csv(*, batch: "PayoutBatch") -> bytes:
    """Return the batch's file: a header row, then payout_batch_rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(payout_batch_rows(batch=batch))
    return buffer.getvalue().encode("utf-8")


def payout_batch_filename(*, batch: "PayoutBatch") -> str:
    return f"payouts-{batch.currency}-{batch.pk}.csv"
