"""Orders to settle: vendors, products on sale in a market, orders placed as
the checkout places them (OrderCreator), with shipping charges and a way to
pay, and parts walked to delivery."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from catalog.pricing import vat_part
from orders.models import OrderPartStatus
from orders.services import order_part_transition
from payments.ledger.services import order_commissions_record

Basket = get_model("basket", "Basket")
Market = get_model("catalogue", "Market")
Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
Partner = get_model("partner", "Partner")
ProductCategory = get_model("catalogue", "ProductCategory")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
StockRecord = get_model("partner", "StockRecord")
Free = get_class("shipping.methods", "Free")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")

CASH = "cash-on-delivery"
CARD = "stripe"
DELIVERY_STEPS = (
    OrderPartStatus.ACCEPTED,
    OrderPartStatus.PACKED,
    OrderPartStatus.SHIPPED,
    OrderPartStatus.DELIVERED,
)


class Shop:
    """Builds what a ledger test needs, in the test's transaction."""

    def vendor(self, name: str, *, return_days: int = 14) -> "Partner":
        vendor, _created = Partner.objects.get_or_create(
            name=name, defaults={"return_days": return_days}
        )
        return vendor

    def product(
        self, vendor: "Partner", market: str, price: str, *, categories=(), title=""
    ):
        """A product of the vendor on sale in the market at the price (VAT in)."""
        product = create_product(title=title or f"Товар {vendor.name}")
        for category in categories:
            ProductCategory.objects.create(product=product, category=category)
        self.offer(product, vendor, market, price)
        return product

    def offer(self, product, vendor: "Partner", market: str, price: str) -> None:
        currency = Market.objects.get(pk=market).currency
        StockRecord.objects.create(
            product=product,
            partner=vendor,
            partner_sku=f"SKU-{product.pk}-{market}",
            market_id=market,
            price_currency=currency,
            price=Decimal(price),
            num_in_stock=100_000,
        )

    def order(
        self,
        items,
        *,
        market: str = "RU",
        shipping: dict | None = None,
        paid_by: str | None = CASH,
        commissions: bool = True,
    ) -> "Order":
        """Place an order of (product, quantity) items in the market.

        `shipping` maps vendors to their part's shipping charge (VAT in);
        `paid_by` is the payment source's type (None: no source);
        `commissions` fixes the lines' commissions, as the checkout does.
        """
        market_row = Market.objects.get(pk=market)
        basket = Basket.objects.create(market=market_row)
        basket.strategy = Selector().strategy(market=market_row)
        for product, quantity in items:
            basket.add_product(product, quantity)
        charge = Free().calculate(basket)
        order = OrderCreator().place_order(
            basket=basket,
            total=OrderTotalCalculator().calculate(basket, charge),
            shipping_method=Free(),
            shipping_charge=charge,
        )
        if shipping:
            self._charge_shipping(order, shipping)
        if paid_by is not None:
            source_type, _created = SourceType.objects.get_or_create(
                code=paid_by, defaults={"name": paid_by}
            )
            Source.objects.create(
                order=order,
                source_type=source_type,
                currency=order.currency,
                amount_allocated=order.total_incl_tax,
            )
        if commissions:
            order_commissions_record(order=order)
        # Read back as the database has it (the number as text).
        order.refresh_from_db()
        return order

    def _charge_shipping(self, order: "Order", shipping: dict) -> None:
        rate = order.market.vat_rate
        total = Decimal(0)
        for vendor, amount in shipping.items():
            amount = Decimal(amount)
            OrderPart.objects.filter(order=order, vendor=vendor).update(
                shipping_incl_tax=amount,
                shipping_excl_tax=amount - vat_part(amount, rate, order.currency),
            )
            total += amount
        tax = vat_part(total, rate, order.currency)
        Order.objects.filter(pk=order.pk).update(
            shipping_incl_tax=total,
            shipping_excl_tax=total - tax,
            total_incl_tax=order.total_incl_tax + total,
            total_excl_tax=order.total_excl_tax + total - tax,
        )
        order.refresh_from_db()

    def part(self, order: "Order", vendor: "Partner") -> "OrderPart":
        return OrderPart.objects.get(order=order, vendor=vendor)

    def deliver(self, part: "OrderPart") -> "OrderPart":
        """Walk the part from placed to delivered, as its vendor and carrier do."""
        for status in DELIVERY_STEPS:
            order_part_transition(part_id=part.pk, to_status=status)
        part.refresh_from_db()
        return part


@pytest.fixture
def shop(db) -> Shop:
    return Shop()
