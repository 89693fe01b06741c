"""Commission and ledger writes: each order line's commission, fixed when the
order is placed, and the entries of each vendor's ledger.

What a vendor is owed for its part of an order, in the order's currency, is
the sum of the part's entries:

- `sale`: what the shopper paid for the part's lines, VAT included, after
  every discount;
- `platform_discount`: what the platform's own offers took off those lines
  (OrderLineDiscount without a funder), which the platform pays, so that a
  vendor is credited its price before the platform's discounts and after
  its own; none without such offers;
- `shipping`: the part's shipping charge, VAT included, as the part records
  it (before a shipping offer, which the platform funds);
- `commission`: minus the sum of the part's LineCommission, VAT included.

A part paid in advance is recorded when its payment is confirmed
(ledger_order_paid_record). A part paid in cash on delivery is recorded
when it is delivered (ledger_part_delivered_record), with `cash_collected`:
minus what the courier collected for it, which the vendor holds, so the
vendor's balance goes down by the commission (less what the platform funds)
and later payouts net it.

**When money is payable** (`available_at`): at the end of the part's return
window (orders.returns.services: the vendor's window or the law's, counted
from the part's delivery event), stored on the entries when the part is
delivered. Until then it is pending; a card part's entries, written at
payment, wait with an empty `available_at`, which delivery fills (the one
change the ledger's trigger allows). Refunds share the part's `available_at`
while it is still ahead, so a return within the window reduces the pending
money, not the available one.

Every entry's `key` names its business event (`part:<id>:sale`,
`part:<id>:refund:goods:<reference>`, ...), unique in the database, so an
event reported twice, or concurrently, is recorded once.
"""

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.pricing import HUNDRED, money_round, vat_part
from orders.lock_objects import (
    order_part_qs_select_for_update,
    order_qs_select_for_update,
)
from orders.models import OrderPartStatus
from orders.returns.selectors import part_delivered_at
from orders.returns.services import return_deadline, return_window_days
from payments.ledger.exceptions import (
    LedgerAmountError,
    LedgerNothingToRefundError,
    LedgerRefundTooLargeError,
)
from payments.ledger.models import LedgerEntryKind
from payments.ledger.selectors import part_amount_due

logger = logging.getLogger(__name__)

CommissionRule = get_model("payment", "CommissionRule")
LedgerEntry = get_model("payment", "LedgerEntry")
Line = get_model("order", "Line")
LineCommission = get_model("payment", "LineCommission")
Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
Source = get_model("payment", "Source")

ZERO = Decimal(0)
# The platform's rate when no rule applies (MARKETPLACE_COMMISSION_DEFAULT_PERCENT).
DEFAULT_PERCENT = Decimal(10)


def commission_default_percent() -> Decimal:
    """Return the platform's default commission percent, read from settings now."""
    value = getattr(settings, "MARKETPLACE_COMMISSION_DEFAULT_PERCENT", DEFAULT_PERCENT)
    return Decimal(str(value))


def commission_rule_pick(
    *,
    rules: Iterable["CommissionRule"],
    vendor_id: int | None,
    category_paths: Collection[str],
    market_code: str,
) -> "CommissionRule | None":
    """Return the rule that sets a line's commission, or None for the default.

    The most specific active rule of the market or of every market wins, as
    CommissionRule's docstring orders them. `category_paths` are the tree
    paths of the product's categories; a rule's category matches them and
    their subcategories (treebeard: an ancestor's path is a prefix). The
    rules' categories should be joined.
    """
    best, best_rank = None, None
    for rule in rules:
        if not rule.is_active or rule.market_id not in (None, market_code):
            continue
        if rule.vendor_id is not None and rule.vendor_id != vendor_id:
            continue
        depth = 0
        if rule.category_id is not None:
            path = rule.category.path
            if not any(each.startswith(path) for each in category_paths):
                continue
            depth = rule.category.depth
        if rule.vendor_id is not None:
            level = 0 if rule.category_id is not None else 1
        else:
            level = 2 if rule.category_id is not None else 3
        rank = (
            level,
            -depth,
            rule.market_id is None,
            -rule.created_at.timestamp(),
            -rule.pk,
        )
        if best_rank is None or rank < best_rank:
            best, best_rank = rule, rank
    return best


def line_commission_compute(
    *,
    base: Decimal,
    quantity: int,
    percent: Decimal,
    fixed: Decimal,
    vat_rate: Decimal,
    currency: str,
) -> tuple[Decimal, Decimal]:
    """Return a line's commission with VAT included, and the VAT in it.

    The commission is `percent` of `base` (the line's price with VAT, before
    the platform's discounts) plus `fixed` for each unit, rounded once, half
    up, to the currency's minor unit, and never more than `base`. It is a
    fee with VAT included at `vat_rate` (the market's standard rate); the
    VAT part is rounded as every VAT-inclusive amount is (catalog.pricing).
    """
    amount = money_round(base * percent / HUNDRED + fixed * quantity, currency)
    amount = min(amount, base)
    return amount, vat_part(amount, vat_rate, currency)


def order_commissions_record(*, order: "Order") -> None:
    """Fix the commission of each of the order's lines by today's rules.

    Precondition: called inside the transaction that places the order, so the
    commissions are those of the moment of the sale. A line that has its
    commission already keeps it (one per line, under a unique constraint), so
    calling again adds only what is missing and never changes one. One
    transaction.
    """
    with transaction.atomic():
        lines = list(
            Line._default_manager.filter(order=order, commission__isnull=True)
            .select_related("product__parent", "part")
            .prefetch_related(
                "product__categories", "product__parent__categories", "discounts"
            )
            .order_by("pk")
        )
        if not lines:
            return
        market = order.market
        vendor_ids = {_line_vendor_id(line) for line in lines} - {None}
        rules = list(
            CommissionRule._default_manager.filter(is_active=True)
            .filter(Q(vendor_id__in=vendor_ids) | Q(vendor__isnull=True))
            .filter(Q(market_id=market.pk) | Q(market__isnull=True))
            .select_related("category")
        )
        default_percent = commission_default_percent()
        commissions = []
        for line in lines:
            rule = commission_rule_pick(
                rules=rules,
                vendor_id=_line_vendor_id(line),
                category_paths=_category_paths(line),
                market_code=market.pk,
            )
            percent = rule.percent if rule else default_percent
            fixed = rule.fixed if rule else ZERO
            base = line.line_price_incl_tax + _platform_discount(line)
            amount, vat = line_commission_compute(
                base=base,
                quantity=line.quantity,
                percent=percent,
                fixed=fixed,
                vat_rate=market.vat_rate,
                currency=order.currency,
            )
            commissions.append(
                LineCommission(
                    line=line,
                    rule=rule,
                    percent=percent,
                    fixed=fixed,
                    base_incl_tax=base,
                    vat_rate=market.vat_rate,
                    amount_excl_tax=amount - vat,
                    vat=vat,
                    amount_incl_tax=amount,
                    currency=order.currency,
                )
            )
        LineCommission._default_manager.bulk_create(commissions, ignore_conflicts=True)


def ledger_order_paid_record(*, order: "Order") -> None:
    """Record what each vendor is owed for an order paid in advance.

    For every part of the order: sale, the platform's discounts, shipping and
    minus the commission (see the module's docstring), payable once the part
    is delivered and its return window is over. Lines without their
    commission get it now (order_commissions_record). Precondition: called
    inside the transaction in which the payment is confirmed. Calling it
    again records nothing twice (unique keys). One transaction.
    """
    with transaction.atomic():
        order_commissions_record(order=order)
        parts = _parts_with_money(order_id=order.pk)
        delivered = part_delivered_at(part_ids=[part.pk for part in parts])
        entries = []
        for part in parts:
            available_at = (
                _available_at(part=part, delivered_at=delivered[part.pk])
                if part.pk in delivered
                else None
            )
            entries += _settlement_entries(
                part=part, available_at=available_at, cash_collected=None
            )
        LedgerEntry._default_manager.bulk_create(entries, ignore_conflicts=True)


def ledger_part_delivered_record(*, part_id: int) -> None:
    """Record what a delivered part settles, and when its money is payable.

    Paid in cash on delivery: the vendor collected the cash, so its part's
    sale, the platform's discounts, shipping and minus the commission are
    recorded now, with minus the cash collected. Paid in advance: nothing
    new; the part's entries recorded at payment (and refunds since) become
    payable at the end of its return window. A part not delivered is left
    alone. Calling it again records nothing twice. One transaction; it may
    run inside the one that marks the part delivered, or after it (the
    delivery event must be committed or in the same transaction).
    """
    with transaction.atomic():
        part = OrderPart._default_manager.select_related("order", "vendor").get(
            pk=part_id
        )
        if part.status != OrderPartStatus.DELIVERED:
            return
        delivered_at = part_delivered_at(part_ids=[part.pk]).get(part.pk)
        available_at = _available_at(
            part=part, delivered_at=delivered_at or timezone.now()
        )
        if _paid_on_delivery(order_id=part.order_id):
            order_commissions_record(order=part.order)
            [settled] = _parts_with_money(pk=part.pk)
            entries = _settlement_entries(
                part=settled,
                available_at=available_at,
                cash_collected=part_amount_due(part=settled),
            )
            LedgerEntry._default_manager.bulk_create(entries, ignore_conflicts=True)
        LedgerEntry._default_manager.filter(
            part_id=part.pk, available_at__isnull=True
        ).update(available_at=available_at, updated_at=timezone.now())


def ledger_refund_record(
    *, part: "OrderPart", amount: Decimal, commission_reversed: bool, reference: str
) -> None:
    """Take a refund to the shopper back from the vendor's balance.

    `amount` is what the shopper gets back, VAT included, in the order's
    currency; `reference` names the refund (the provider's refund, or the
    return), so the same refund is recorded once. A refund of goods
    (`commission_reversed=True`) gives the vendor back the commission in
    proportion to the refunded share of the part's goods, and gives the
    platform back its discounts (platform_discount_reversal) in the same
    proportion: each is the rounded
    share of all goods refunded so far, less what was given back before, so
    refunding everything, in any number of steps, gives back exactly the
    whole. A refund of shipping (`commission_reversed=False`) gives back no
    commission. The refund shares the part's `available_at` while that is
    still ahead (or unknown), else it is payable at once. Paid in cash on
    delivery, the vendor gives the cash back itself: an adjustment credits
    the refund back, so its balance changes only by the commission given
    back.

    Raises LedgerAmountError for an amount not above zero or finer than the
    currency's minor unit, LedgerNothingToRefundError when the part's sale is
    not recorded, LedgerRefundTooLargeError beyond what is left of the goods
    (or of the shipping). Locks the order, then the part; one transaction.
    """
    with transaction.atomic():
        order = order_qs_select_for_update().get(pk=part.order_id)
        part = order_part_qs_select_for_update().get(pk=part.pk)
        currency = order.currency
        if amount <= 0 or money_round(amount, currency) != amount:
            raise LedgerAmountError(params={"currency": currency})
        scope = "goods" if commission_reversed else "shipping"
        refund_key = f"part:{part.pk}:refund:{scope}:{reference}"
        recorded = list(
            LedgerEntry._default_manager.filter(part=part).values_list(
                "kind", "amount", "key", "available_at"
            )
        )
        if any(key == refund_key for _kind, _amount, key, _at in recorded):
            return
        sales = [row for row in recorded if row[0] == LedgerEntryKind.SALE]
        if not sales:
            raise LedgerNothingToRefundError

        def total(kind: str, *, key_prefix: str = "") -> Decimal:
            return sum(
                (
                    each_amount
                    for each_kind, each_amount, key, _at in recorded
                    if each_kind == kind and key.startswith(key_prefix)
                ),
                ZERO,
            )

        prefix = f"part:{part.pk}:refund:{scope}:"
        refunded_before = -total(LedgerEntryKind.REFUND, key_prefix=prefix)
        refundable = total(
            LedgerEntryKind.SALE if commission_reversed else LedgerEntryKind.SHIPPING
        )
        if refunded_before + amount > refundable:
            raise LedgerRefundTooLargeError(
                params={"left": f"{refundable - refunded_before} {currency}"}
            )
        now = timezone.now()
        sale_available_at = sales[0][3]
        available_at = (
            None if sale_available_at is None else max(sale_available_at, now)
        )
        entries = [(LedgerEntryKind.REFUND, refund_key, -amount)]
        if commission_reversed:
            # Shares of everything refunded so far, less what earlier refunds
            # gave back: the rounding never adds up to more than the whole.
            share = (refunded_before + amount) / refundable
            commission = -total(LedgerEntryKind.COMMISSION)
            reversed_before = total(LedgerEntryKind.COMMISSION_REVERSAL)
            entries.append(
                (
                    LedgerEntryKind.COMMISSION_REVERSAL,
                    f"part:{part.pk}:commission_reversal:{reference}",
                    money_round(commission * share, currency) - reversed_before,
                )
            )
            discount = total(LedgerEntryKind.PLATFORM_DISCOUNT)
            discount_back_before = -total(LedgerEntryKind.PLATFORM_DISCOUNT_REVERSAL)
            entries.append(
                (
                    LedgerEntryKind.PLATFORM_DISCOUNT_REVERSAL,
                    f"part:{part.pk}:platform_discount_reversal:{reference}",
                    -(money_round(discount * share, currency) - discount_back_before),
                )
            )
        if _paid_on_delivery(order_id=order.pk):
            # The vendor gives the shopper the cash back out of what it
            # collected, not out of its balance here.
            entries.append(
                (
                    LedgerEntryKind.ADJUSTMENT,
                    f"part:{part.pk}:cash_returned:{scope}:{reference}",
                    amount,
                )
            )
        LedgerEntry._default_manager.bulk_create(
            [
                LedgerEntry(
                    vendor_id=part.vendor_id,
                    currency=currency,
                    kind=kind,
                    amount=value,
                    part=part,
                    key=key,
                    available_at=available_at,
                    note=reference,
                )
                for kind, key, value in entries
                if value or kind == LedgerEntryKind.REFUND
            ],
            ignore_conflicts=True,
        )


# Parts checked by one run of the safety net.
SETTLE_BATCH = 100


def ledger_deliveries_settle(
    *, after_pk: int = 0, batch_size: int = SETTLE_BATCH
) -> int | None:
    """Record the delivered parts whose delivery the ledger has not recorded.

    The safety net of ledger_part_delivered_task, which is queued after the
    delivery commits and could be lost with its process: a delivered part
    paid in cash on delivery without its sale, or with entries still waiting
    for their `available_at`. Each part in its own transaction, up to
    `batch_size` parts after `after_pk`, by primary key; returns the last
    primary key when the batch was full (more may wait), else None. A part
    that fails is logged and left for the next run.
    """
    from payments.services import CASH_ON_DELIVERY

    cash = Source._default_manager.filter(
        order_id=OuterRef("order_id"), source_type__code=CASH_ON_DELIVERY
    )
    sale = LedgerEntry._default_manager.filter(
        part_id=OuterRef("pk"), kind=LedgerEntryKind.SALE
    )
    waiting = LedgerEntry._default_manager.filter(
        part_id=OuterRef("pk"), available_at__isnull=True
    )
    part_ids = list(
        OrderPart._default_manager.filter(
            status=OrderPartStatus.DELIVERED, pk__gt=after_pk
        )
        .filter((Exists(cash) & ~Exists(sale)) | Exists(waiting))
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    )
    for part_id in part_ids:
        try:
            ledger_part_delivered_record(part_id=part_id)
        except Exception:
            logger.exception("The delivery of order part %s is not recorded", part_id)
    return part_ids[-1] if len(part_ids) == batch_size else None


@dataclass(frozen=True)
class _PartMoney:
    goods: Decimal
    platform_discount: Decimal
    shipping: Decimal
    commission: Decimal


def _parts_with_money(**filters) -> list["OrderPart"]:
    lines = (
        Line._default_manager.select_related("commission")
        .prefetch_related("discounts")
        .order_by("pk")
    )
    return list(
        OrderPart._default_manager.filter(**filters)
        .select_related("order", "vendor")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("pk")
    )


def _part_money(part: "OrderPart") -> _PartMoney:
    lines = list(part.lines.all())
    return _PartMoney(
        goods=sum((line.line_price_incl_tax for line in lines), ZERO),
        platform_discount=sum((_platform_discount(line) for line in lines), ZERO),
        shipping=part.shipping_incl_tax,
        commission=sum((line.commission.amount_incl_tax for line in lines), ZERO),
    )


def _settlement_entries(
    *,
    part: "OrderPart",
    available_at: datetime | None,
    cash_collected: Decimal | None,
) -> list["LedgerEntry"]:
    money = _part_money(part)
    rows = [
        (LedgerEntryKind.SALE, money.goods),
        (LedgerEntryKind.PLATFORM_DISCOUNT, money.platform_discount),
        (LedgerEntryKind.SHIPPING, money.shipping),
        (LedgerEntryKind.COMMISSION, -money.commission),
    ]
    if cash_collected is not None:
        rows.append((LedgerEntryKind.CASH_COLLECTED, -cash_collected))
    # The sale is always written, even of nothing: it marks the part recorded.
    return [
        LedgerEntry(
            vendor_id=part.vendor_id,
            currency=part.order.currency,
            kind=kind,
            amount=amount,
            part=part,
            key=f"part:{part.pk}:{kind}",
            available_at=available_at,
        )
        for kind, amount in rows
        if amount or kind == LedgerEntryKind.SALE
    ]


def _platform_discount(line: "Line") -> Decimal:
    # Discounts are VAT-inclusive here (OSCAR_OFFERS_INCL_TAX); the discounts
    # of the line must be prefetched.
    return sum(
        (each.amount for each in line.discounts.all() if each.funded_by_id is None),
        ZERO,
    )


def _line_vendor_id(line: "Line") -> int | None:
    if line.partner_id is not None:
        return line.partner_id
    return line.part.vendor_id if line.part_id else None


def _category_paths(line: "Line") -> list[str]:
    product = line.product
    if product is None:
        return []
    # A variant is filed under its parent's categories.
    filed = product.parent if product.parent_id else product
    return [category.path for category in filed.categories.all()]


def _available_at(*, part: "OrderPart", delivered_at: datetime) -> datetime:
    """The first moment after the part's return window: its money is payable."""
    days = return_window_days(vendor=part.vendor, market_code=part.order.market_id)
    deadline = return_deadline(delivered_at=delivered_at, days=days)
    return deadline + timedelta(microseconds=1)


def _paid_on_delivery(*, order_id: int) -> bool:
    # Imported here: the payment services call the ledger's.
    from payments.services import CASH_ON_DELIVERY

    return Source._default_manager.filter(
        order_id=order_id, source_type__code=CASH_ON_DELIVERY
    ).exists()
