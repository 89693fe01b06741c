"""Payout reads: what a vendor can be paid out now and how, its payouts, and
the vendors the scheduled run pays.

**What is paid out** (payout_quote_get): the vendor's available balance in
the currency (ledger entries whose `available_at` has come), but never more
than its whole balance: money still pending that the vendor owes (the
commission of a cash-on-delivery part delivered within its return window)
is netted now rather than after the money has left. Rounded down to the
currency's minor unit. Nothing is paid below the currency's minimum
(MARKETPLACE_PAYOUT_MINIMUM), nor by bank transfer to a vendor without a
bank account in its profile.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext
from oscar.core.loading import get_model

from catalog.pricing import minor_unit
from catalog.templatetags.money import currency as currency_format
from payments.ledger.selectors import VendorBalance, vendor_balance_get
from payments.payouts.models import PayoutMethod, PayoutStatus
from payments.payouts.stripe_connect import connect_serves

ConnectedAccount = get_model("payment", "ConnectedAccount")
LedgerEntry = get_model("payment", "LedgerEntry")
Payout = get_model("payment", "Payout")
PayoutBatch = get_model("payment", "PayoutBatch")

ZERO = Decimal(0)

# The smallest payout per currency unless MARKETPLACE_PAYOUT_MINIMUM says
# otherwise (a dict of currency codes to amounts, merged over this one): a
# bank transfer costs the platform a fee, so small sums wait for the next
# run. A currency in neither pays out any positive amount.
DEFAULT_PAYOUT_MINIMUM = {
    "RUB": Decimal("1000"),
    "KZT": Decimal("5000"),
    "UZS": Decimal("100000"),
    "KRW": Decimal("10000"),
    "EUR": Decimal("10"),
    "USD": Decimal("10"),
}

# Why no payout can be made now (PayoutQuote.refusal).
NOTHING_AVAILABLE = "nothing_available"
BELOW_MINIMUM = "below_minimum"
NO_BANK_ACCOUNT = "no_bank_account"


def payout_minimum_get(*, currency: str) -> Decimal:
    """Return the smallest payout in the currency, read from settings now."""
    configured = getattr(settings, "MARKETPLACE_PAYOUT_MINIMUM", None) or {}
    minimums = {**DEFAULT_PAYOUT_MINIMUM, **configured}
    value = minimums.get(currency.upper())
    return Decimal(str(value)) if value is not None else minor_unit(currency)


def payout_method_pick(*, vendor, has_connected_account: bool) -> str:
    """Return how the vendor is paid: Stripe Connect where it has a connected
    account and Connect serves its country, else bank transfer."""
    if has_connected_account and connect_serves(vendor.country or ""):
        return PayoutMethod.STRIPE_CONNECT
    return PayoutMethod.BANK_TRANSFER


@dataclass(frozen=True)
class PayoutQuote:
    """What the vendor can be paid out now in one currency, and how."""

    currency: str
    available: Decimal
    total: Decimal
    amount: Decimal
    minimum: Decimal
    method: str
    refusal: str | None

    @property
    def is_payable(self) -> bool:
        return self.refusal is None

    @property
    def method_label(self) -> str:
        return str(PayoutMethod(self.method).label)

    @property
    def refusal_message(self) -> str:
        """Why no payout can be made now, in the active language ("" if it can)."""
        if self.refusal == NOTHING_AVAILABLE:
            return gettext("Nothing in %(currency)s can be paid out yet.") % {
                "currency": self.currency
            }
        if self.refusal == BELOW_MINIMUM:
            return gettext(
                "%(amount)s can be paid out, less than the smallest payout of "
                "%(minimum)s. It waits until there is more."
            ) % {
                "amount": currency_format(self.amount, self.currency),
                "minimum": currency_format(self.minimum, self.currency),
            }
        if self.refusal == NO_BANK_ACCOUNT:
            return gettext(
                "Your company details have no bank account to pay out to. "
                "Please contact us to add it."
            )
        return ""


def _quote(
    *, vendor, balance: VendorBalance, has_connected_account: bool
) -> PayoutQuote:
    currency = balance.currency
    amount = min(balance.available, balance.total)
    amount = max(amount, ZERO).quantize(minor_unit(currency), rounding=ROUND_DOWN)
    minimum = payout_minimum_get(currency=currency)
    method = payout_method_pick(
        vendor=vendor, has_connected_account=has_connected_account
    )
    refusal = None
    if amount <= 0:
        refusal = NOTHING_AVAILABLE
    elif amount < minimum:
        refusal = BELOW_MINIMUM
    elif method == PayoutMethod.BANK_TRANSFER and not vendor.payout_account.strip():
        refusal = NO_BANK_ACCOUNT
    return PayoutQuote(
        currency=currency,
        available=balance.available,
        total=balance.total,
        amount=amount,
        minimum=minimum,
        method=method,
        refusal=refusal,
    )


def payout_quote_get(
    *, vendor, currency: str, now: datetime | None = None
) -> PayoutQuote:
    """Return what the vendor can be paid out now in the currency. Two queries.

    To pay it, read it under the vendor's payout lock (payout_create).
    """
    [balance] = vendor_balance_get(vendor=vendor, currency=currency, now=now)
    return _quote(
        vendor=vendor,
        balance=balance,
        has_connected_account=_has_connected_account(vendor),
    )


def payout_quote_list(*, vendor, now: datetime | None = None) -> list[PayoutQuote]:
    """Return what the vendor can be paid out now in each currency of its
    ledger, by currency. Two queries."""
    has_account = _has_connected_account(vendor)
    return [
        _quote(vendor=vendor, balance=balance, has_connected_account=has_account)
        for balance in vendor_balance_get(vendor=vendor, now=now)
    ]


def _has_connected_account(vendor) -> bool:
    return ConnectedAccount._default_manager.filter(vendor_id=vendor.pk).exists()


def payout_list(*, vendor) -> QuerySet:
    """Return the vendor's payouts, newest first: its own, and no one else's."""
    return Payout._default_manager.filter(vendor_id=vendor.pk).order_by(
        "-created_at", "-pk"
    )


def payout_candidate_list(
    *,
    after_vendor_id: int = 0,
    after_currency: str = "",
    limit: int = 100,
    now: datetime | None = None,
) -> list[tuple[int, str]]:
    """Return (vendor id, currency) of balances with money available to pay out.

    At most `limit` of them, in the order of vendor id and currency, after
    (`after_vendor_id`, `after_currency`). A balance is listed when its
    available money and its total are both above zero; payout_create
    decides, under the vendor's lock, what is paid. One query.
    """
    now = now or timezone.now()
    rows = (
        LedgerEntry._default_manager.filter(
            Q(vendor_id__gt=after_vendor_id)
            | Q(vendor_id=after_vendor_id, currency__gt=after_currency)
        )
        .order_by()
        .values("vendor_id", "currency")
        .annotate(
            total=Sum("amount"),
            available=Sum("amount", filter=Q(available_at__lte=now)),
        )
        .filter(total__gt=0, available__gt=0)
        .order_by("vendor_id", "currency")
        .values_list("vendor_id", "currency")[:limit]
    )
    return list(rows)


@dataclass(frozen=True)
class BatchWaiting:
    """Bank-transfer payouts of one currency waiting for a batch."""

    currency: str
    count: int
    total: Decimal


def payout_batch_waiting_list() -> list[BatchWaiting]:
    """Return the pending bank-transfer payouts not in a batch yet, counted and
    summed per currency, by currency. One query."""
    rows = (
        Payout._default_manager.filter(
            method=PayoutMethod.BANK_TRANSFER,
            status=PayoutStatus.PENDING,
            batch__isnull=True,
        )
        .order_by()
        .values("currency")
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by("currency")
    )
    return [
        BatchWaiting(currency=row["currency"], count=row["count"], total=row["total"])
        for row in rows
    ]


def payout_batch_list() -> QuerySet:
    """Return the bank-transfer batches, newest first, each with the number and
    the sum of its payouts (`payout_count`, `payout_total`). One query."""
    return (
        PayoutBatch._default_manager.annotate(
            payout_count=Count("payouts"), payout_total=Sum("payouts__amount")
        )
        .select_related("paid_by")
        .order_by("-created_at", "-pk")
    )
