"""Ledger reads: a vendor's balance and statement, each line's commission, and
the platform's commission revenue, joined for the pages that show them."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.pricing import money_round
from payments.ledger.models import LedgerEntryKind, available_condition

LedgerEntry = get_model("payment", "LedgerEntry")
LineCommission = get_model("payment", "LineCommission")
Partner = get_model("partner", "Partner")

OrderPart = get_model("order", "OrderPart")
ZERO = Decimal(0)


@dataclass(frozen=True)
class VendorBalance:
    """A vendor's money in one currency: all of it, and what may be paid out now."""

    currency: str
    total: Decimal
    available: Decimal

    @property
    def pending(self) -> Decimal:
        """Money not payable yet: parts not delivered, or still returnable."""
        return self.total - self.available


def vendor_balance_get(
    *, vendor: "Partner", currency: str | None = None, now: datetime | None = None
) -> list[VendorBalance]:
    """Return the vendor's balance in each currency it has entries in, by currency.

    `available` counts what may be paid out at `now` (models
    .available_condition): a part's money once its return window is over,
    payouts and adjustments at once. With `currency`, the list holds that
    currency alone (zeros when it has no entries). One query; to pay out,
    call it holding the vendor's lock.
    """
    now = now or timezone.now()
    entries = LedgerEntry._default_manager.for_vendor(vendor)
    if currency:
        entries = entries.filter(currency=currency)
    rows = (
        entries.order_by()
        .values("currency")
        .annotate(
            total=Sum("amount"),
            available=Sum("amount", filter=available_condition(now=now)),
        )
        .order_by("currency")
    )
    balances = [
        VendorBalance(
            currency=row["currency"],
            total=row["total"] or ZERO,
            available=row["available"] or ZERO,
        )
        for row in rows
    ]
    if currency and not balances:
        balances = [VendorBalance(currency=currency, total=ZERO, available=ZERO)]
    return balances


def vendor_ledger_entry_list(
    *, vendor: "Partner", since: datetime, until: datetime
) -> QuerySet:
    """Return the vendor's entries recorded in [since, until), oldest first, each
    with its order part and order: one query however many entries."""
    return (
        LedgerEntry._default_manager.for_vendor(vendor)
        .filter(created_at__gte=since, created_at__lt=until)
        .select_related("part__order")
        .order_by("created_at", "pk")
    )


@dataclass
class Statement:
    """A vendor's entries of one period in one currency, between its balances."""

    currency: str
    opening: Decimal
    entries: list = field(default_factory=list)

    @property
    def closing(self) -> Decimal:
        return self.opening + sum((entry.amount for entry in self.entries), ZERO)


def vendor_statement_list(
    *, vendor: "Partner", since: datetime, until: datetime
) -> list[Statement]:
    """Return the vendor's statement of [since, until) in each currency, by currency.

    Each opens with the balance before `since`. A currency appears when it
    has entries before or within the period. Two queries.
    """
    opening_rows = (
        LedgerEntry._default_manager.for_vendor(vendor)
        .filter(created_at__lt=since)
        .order_by()
        .values("currency")
        .annotate(total=Sum("amount"))
    )
    statements = {
        row["currency"]: Statement(currency=row["currency"], opening=row["total"])
        for row in opening_rows
    }
    for entry in vendor_ledger_entry_list(vendor=vendor, since=since, until=until):
        statements.setdefault(
            entry.currency, Statement(currency=entry.currency, opening=ZERO)
        ).entries.append(entry)
    return [statements[currency] for currency in sorted(statements)]


def line_commissions_prefetch(*, lines: Iterable) -> list:
    """Give each order line its commission as `ledger_commission` (None when it
    has none); return the lines. One query for all of them."""
    lines = list(lines)
    prefetch_related_objects(
        lines,
        Prefetch(
            "commission",
            queryset=LineCommission._default_manager.all(),
            to_attr="ledger_commission",
        ),
    )
    return lines


@dataclass(frozen=True)
class MonthRevenue:
    """The platform's commission of one month in one currency, VAT included."""

    month: date
    currency: str
    charged: Decimal
    returned: Decimal

    @property
    def earned(self) -> Decimal:
        return self.charged - self.returned


def platform_revenue_list() -> list[MonthRevenue]:
    """Return the commission the platform charged vendors and gave back, by month
    (of the entries' recording, in the current time zone) and currency, newest
    month first. One query."""
    rows = (
        LedgerEntry._default_manager.filter(
            kind__in=(
                LedgerEntryKind.COMMISSION,
                LedgerEntryKind.COMMISSION_REVERSAL,
            )
        )
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month", "currency")
        .annotate(
            charged=Sum("amount", filter=Q(kind=LedgerEntryKind.COMMISSION)),
            returned=Sum("amount", filter=Q(kind=LedgerEntryKind.COMMISSION_REVERSAL)),
        )
        .order_by("-month", "currency")
    )
    return [
        MonthRevenue(
            month=timezone.localtime(row["month"]).date(),
            currency=row["currency"],
            charged=-(row["charged"] or ZERO),
            returned=row["returned"] or ZERO,
        )
        for row in rows
    ]


def part_shipping_paid(*, part: "OrderPart") -> Decimal:
    """What the shopper paid for the part's shipping, after shipping offers.

    The order's shipping discount (the parts' charges less the order's
    shipping) is shared by the parts in proportion to their charges, each
    share rounded; the part with the largest charge takes what rounding
    leaves, so the shares add up to the discount.
    """
    order = part.order
    charges = list(
        OrderPart._default_manager.filter(order_id=order.pk)
        .order_by("pk")
        .values_list("pk", "shipping_incl_tax")
    )
    charged = sum((charge for _pk, charge in charges), ZERO)
    discount = charged - order.shipping_incl_tax
    if discount <= 0 or charged <= 0:
        return part.shipping_incl_tax
    largest = max(charges, key=lambda each: (each[1], -each[0]))[0]
    shares = {
        pk: money_round(discount * charge / charged, order.currency)
        for pk, charge in charges
    }
    shares[largest] += discount - sum(shares.values())
    return part.shipping_incl_tax - shares[part.pk]


def part_amount_due(*, part: "OrderPart") -> Decimal:
    """What the shopper pays for the part: its lines and its shipping, after
    offers (the amount a courier collects on delivery)."""
    goods = sum((line.line_price_incl_tax for line in part.lines.all()), Decimal(0))
    return goods + part_shipping_paid(part=part)
