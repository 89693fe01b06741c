"""The demo's money: commission rules, the demo orders' payments and what their
vendors are owed, a refund, a Stripe connected account and a payout.

Korean and Latvian orders are paid by card: a Stripe payment recorded as
captured, with no Stripe to ask (the demo has none). Russian and Kazakh
orders, and any order with a cancelled part, are paid in cash on delivery:
a card order's cancelled part would be refunded through Stripe. One Latvian
order was placed and delivered a month ago, so its vendors' money is past its
return window: one of them, a Russian vendor, has it paid out by bank
transfer, the other, a Latvian vendor with a connected account, still has it
available.

Keyed by the rules' scope, order number, vendor and the demo orders' staff
refund, so loading the demo twice changes nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone, translation
from oscar.core.loading import get_class, get_model
from oscar.core.prices import Price

from orders.models import OrderPartStatus, OrderStatus
from orders.services import order_part_transition
from payments.ledger.services import (
    ledger_order_paid_record,
    ledger_part_delivered_record,
    order_commissions_record,
)
from payments.models import SourceStatus
from payments.payouts.models import PayoutMethod
from payments.payouts.selectors import payout_quote_list
from payments.payouts.services import payout_create
from payments.payouts.stripe_connect import connect_serves
from payments.providers.base import PaymentState
from payments.providers.registry import provider_get
from payments.providers.stripe import StripeProvider
from payments.refunds.models import RefundReason
from payments.refunds.services import refund_create
from payments.services import (
    CASH_ON_DELIVERY,
    payment_source_build,
    payment_state_apply,
)
from vendors.demo import STAFF_EMAIL, demo_user
from vendors.models import VendorStatus

Basket = get_model("basket", "Basket")
Category = get_model("catalogue", "Category")
CommissionRule = get_model("payment", "CommissionRule")
ConnectedAccount = get_model("payment", "ConnectedAccount")
Country = get_model("address", "Country")
LedgerEntry = get_model("payment", "LedgerEntry")
Market = get_model("catalogue", "Market")
Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
Partner = get_model("partner", "Partner")
Payout = get_model("payment", "Payout")
Refund = get_model("payment", "Refund")
ShippingAddress = get_model("order", "ShippingAddress")
Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")
Free = get_class("shipping.methods", "Free")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Repository = get_class("shipping.repository", "Repository")
Selector = get_class("partner.strategy", "Selector")

User = get_user_model()

CARD = StripeProvider.code
# The markets whose demo orders are paid by card.
CARD_MARKETS = ("KR", "LV")
# The demo's order numbers (orders/demo.py: D<customer><order>).
DEMO_ORDER_NUMBER = r"^D[0-9]{3}$"

# Rules staff would have set on top of the platform's default rate
# (MARKETPLACE_COMMISSION_DEFAULT_PERCENT): vendor code, category code,
# market, percent, fixed amount per unit in the market's currency.
DEMO_COMMISSION_RULES = [
    (None, "accessories-jewellery", None, "15", "0"),
    ("medovaya-zaimka", None, "RU", "8", "30"),
    ("dalbit-lab", None, "KR", "12", "0"),
]

# The Latvian order of a month ago: its number, shopper, address and the
# vendors whose first product on sale in Latvia it bought.
PAST_ORDER_NUMBER = "D401"
PAST_ORDER_SHOPPER = ("liga@example.com", "Līga", "Bērziņa")
PAST_ORDER_ADDRESS = {
    "line1": "Brīvības iela 30",
    "line4": "Rīga",
    "postcode": "LV-1010",
}
PAST_ORDER_VENDORS = ("severny-len", "dzija-knit")
PAST_ORDER_PLACED = timedelta(days=30)
# Its history, after it was placed: paid, then each of its parts accepted,
# packed, shipped and delivered, 25 days ago, so Latvia's 14-day return
# window is over.
PAST_ORDER_PAID = timedelta(minutes=3)
PAST_ORDER_STEPS = [
    (timedelta(days=1), OrderPartStatus.ACCEPTED),
    (timedelta(days=1, hours=4), OrderPartStatus.PACKED),
    (timedelta(days=2), OrderPartStatus.SHIPPED),
    (timedelta(days=5), OrderPartStatus.DELIVERED),
]

REFUND_NOTE = "Разошёлся шов, покупатель прислал фото."


def demo_payments_create() -> None:
    """Give the demo its money: rules, payments, ledgers, a refund, a payout.

    Runs after the demo orders are placed and their parcels shipped
    (orders/demo.py, logistics/demo.py).
    """
    demo_commission_rules_create()
    demo_past_order_create()
    for order in _demo_orders():
        demo_order_payment_create(order=order)
    for order in _demo_orders():
        demo_order_ledger_record(order=order)
    demo_refund_create()
    demo_connected_account_create()
    demo_payout_create()


def _demo_orders() -> QuerySet:
    return (
        Order._default_manager.filter(number__regex=DEMO_ORDER_NUMBER)
        .select_related("market")
        .order_by("number")
    )


@contextmanager
def _clock(moment: datetime) -> Iterator[None]:
    """Run the block as if it were `moment`: what it writes is dated then.

    Order part events are append-only and dated when written, so a part
    delivered a month ago can only be written a month ago. Moves
    django.utils.timezone.now, which Django's auto_now fields and this
    project read; the demo command runs in one thread.
    """
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


@transaction.atomic
def demo_commission_rules_create() -> None:
    """Create the commission rules staff would have set."""
    vendors = Partner._default_manager.in_bulk(field_name="code")
    categories = Category._default_manager.in_bulk(field_name="code")
    for vendor, category, market, percent, fixed in DEMO_COMMISSION_RULES:
        CommissionRule._default_manager.get_or_create(
            vendor=vendors[vendor] if vendor else None,
            category=categories[category] if category else None,
            market_id=market,
            defaults={"percent": Decimal(percent), "fixed": Decimal(fixed)},
        )


@transaction.atomic
def demo_past_order_create() -> None:
    """Place the Latvian order of a month ago, pay it by card and deliver it.

    Its parts are shipped without a parcel: parcels are logistics', which
    payments does not use; what this order shows is money past its return
    window.
    """
    if Order._default_manager.filter(number=PAST_ORDER_NUMBER).exists():
        return
    market = Market._default_manager.get(pk="LV")
    email, first_name, last_name = PAST_ORDER_SHOPPER
    user = demo_user(email, first_name=first_name, last_name=last_name)
    placed_at = timezone.now() - PAST_ORDER_PLACED
    with _clock(placed_at), translation.override(market.default_language):
        order = _past_order_place(user=user, market=market, placed_at=placed_at)
    with _clock(placed_at + PAST_ORDER_PAID):
        # The checkout the shopper paid at, as order_payment_start stores it.
        reference = f"cs_demo_{order.number}"
        Source._default_manager.filter(order=order, reference="").update(
            reference=reference
        )
        payment_state_apply(
            provider_code=CARD,
            state=PaymentState(
                reference=reference,
                status=SourceStatus.PAID,
                amount=order.total_incl_tax,
                currency=order.currency,
                order_number=order.number,
                payment_id=f"pi_demo_{order.number}",
            ),
        )
    part_ids = list(order.parts.order_by("pk").values_list("pk", flat=True))
    for after, status in PAST_ORDER_STEPS:
        with _clock(placed_at + after):
            for part_id in part_ids:
                order_part_transition(part_id=part_id, to_status=status)
                if status == OrderPartStatus.DELIVERED:
                    ledger_part_delivered_record(part_id=part_id)


def _past_order_place(
    *, user: "User", market: "Market", placed_at: datetime
) -> "Order":
    """Place the order awaiting its card payment, as the checkout does."""
    basket = Basket._default_manager.create(owner=user, market=market)
    basket.strategy = Selector().strategy(user=user, market=market)
    for vendor in PAST_ORDER_VENDORS:
        stockrecord = (
            StockRecord._default_manager.filter(
                partner__code=vendor, market=market, num_in_stock__gt=0
            )
            .select_related("product")
            .order_by("product__upc")
            .first()
        )
        basket.add_product(stockrecord.product, quantity=1)
    address = ShippingAddress._default_manager.create(
        first_name=user.first_name,
        last_name=user.last_name,
        **PAST_ORDER_ADDRESS,
        country=Country._default_manager.get(iso_3166_1_a2=market.pk),
        phone_number="",
    )
    method = Repository().vendors_delivery(basket, address)
    if not method.is_ready:
        method = Free()
    shipping_charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, shipping_charge)
    source = payment_source_build(
        provider=provider_get(CARD), total=total, order_number=PAST_ORDER_NUMBER
    )
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=shipping_charge,
        user=user,
        shipping_address=address,
        order_number=PAST_ORDER_NUMBER,
        status=OrderStatus.AWAITING_PAYMENT,
        date_placed=placed_at,
    )
    source.order = order
    source.save()
    order_commissions_record(order=order)
    basket.submit()
    return order


def _pays_by_card(order: "Order") -> bool:
    # A card order's cancelled part is refunded through Stripe, which the
    # demo cannot reach: such an order is paid in cash.
    return (
        order.market_id in CARD_MARKETS
        and not order.parts.filter(status=OrderPartStatus.CANCELLED).exists()
    )


@transaction.atomic
def demo_order_payment_create(*, order: "Order") -> None:
    """Give a demo order its payment: by card, paid, or in cash on delivery.

    orders/demo.py places every order with an unpaid cash-on-delivery
    source; a card order's takes its place (while its vendors' ledger has
    recorded nothing of it in cash). An order without a source gets one.
    """
    sources = list(order.sources.select_related("source_type"))
    card = _pays_by_card(order)
    if sources:
        replaceable = (
            card
            and len(sources) == 1
            and sources[0].source_type.code == CASH_ON_DELIVERY
            and not sources[0].amount_debited
            and not LedgerEntry._default_manager.filter(part__order=order).exists()
        )
        if not replaceable:
            return
        sources[0].delete()
    total = Price(order.currency, order.total_excl_tax, incl_tax=order.total_incl_tax)
    provider = provider_get(CARD if card else CASH_ON_DELIVERY)
    source = payment_source_build(
        provider=provider, total=total, order_number=order.number
    )
    source.order = order
    if not card:
        source.save()
        return
    # Paid when the order was placed, as Stripe would have reported it.
    with _clock(order.date_placed + PAST_ORDER_PAID):
        source.reference = f"cs_demo_{order.number}"
        source.payment_id = f"pi_demo_{order.number}"
        source.status = SourceStatus.PAID
        source.save()
        source.debit(order.total_incl_tax, reference=source.payment_id)
        ledger_order_paid_record(order=order)


def demo_order_ledger_record(*, order: "Order") -> None:
    """Record the demo order's commissions and what its vendors are owed.

    A card order's money when paid, a cash order's delivered parts when
    delivered; every service records each event once.
    """
    order_commissions_record(order=order)
    paid = order.sources.filter(
        source_type__code=CARD, status=SourceStatus.PAID
    ).exists()
    if paid:
        ledger_order_paid_record(order=order)
    delivered = order.parts.filter(status=OrderPartStatus.DELIVERED).order_by("pk")
    for part_id in delivered.values_list("pk", flat=True):
        ledger_part_delivered_record(part_id=part_id)


def demo_refund_create() -> None:
    """Refund by staff one unit of a delivered part paid in cash on delivery.

    A cash refund is recorded at once (the vendor gives the cash back); a
    card one would be asked of Stripe. The part with the most lines, the
    first of them; once.
    """
    demo_parts = {"part__order__number__regex": DEMO_ORDER_NUMBER}
    if Refund._default_manager.filter(reason=RefundReason.STAFF, **demo_parts).exists():
        return
    part = (
        OrderPart._default_manager.filter(
            order__number__regex=DEMO_ORDER_NUMBER,
            order__sources__source_type__code=CASH_ON_DELIVERY,
            status=OrderPartStatus.DELIVERED,
        )
        .annotate(line_count=Count("lines", distinct=True))
        .order_by("-line_count", "pk")
        .first()
    )
    if part is None:
        return
    line = part.lines.order_by("pk").first()
    refund_create(
        part_id=part.pk,
        reason=RefundReason.STAFF,
        lines=[(line.pk, 1)],
        actor=User._default_manager.get(email=STAFF_EMAIL),
        note=REFUND_NOTE,
        seen_staff_refunds=0,
    )


@transaction.atomic
def demo_connected_account_create() -> None:
    """Connect the first Latvian vendor to Stripe, where Connect pays it."""
    vendor = (
        Partner._default_manager.filter(status=VendorStatus.APPROVED, country="LV")
        .order_by("code")
        .first()
    )
    if vendor is None or not connect_serves(vendor.country):
        return
    ConnectedAccount._default_manager.get_or_create(
        vendor=vendor, defaults={"stripe_account_id": f"acct_demo_{vendor.code}"}
    )


def demo_payout_create() -> None:
    """Pay out a Russian vendor's available money by bank transfer, once.

    Left pending: staff gather it in a batch in admin. Only a bank transfer:
    a Connect payout would be transferred through Stripe once committed.
    """
    vendors = Partner._default_manager.filter(
        status=VendorStatus.APPROVED, country="RU"
    ).order_by("code")
    if Payout._default_manager.filter(vendor__in=vendors).exists():
        return
    for vendor in vendors:
        for quote in payout_quote_list(vendor=vendor):
            if quote.is_payable and quote.method == PayoutMethod.BANK_TRANSFER:
                payout_create(vendor_id=vendor.pk, currency=quote.currency)
                return
