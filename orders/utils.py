"""Oscar's order utilities; an order records the market its basket was in, is
split into one part per vendor, each line's discounts record who funds them,
and stock is never oversold."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_language
from oscar.apps.order import utils
from oscar.core.loading import get_class, get_model

from logistics.services import order_part_delivery_record
from orders.models import OrderPartStatus, OrderStatus
from orders.services import order_placed_notifications_record
from vendors.exceptions import StockInsufficientError
from vendors.services import stockrecord_allocate

OrderDiscount = get_model("order", "OrderDiscount")
OrderPart = get_model("order", "OrderPart")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")


class OrderCreator(utils.OrderCreator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each (order, vendor)'s part, made with the vendor's first line.
        self._parts: dict[tuple[int, int], OrderPart] = {}
        # Each order's discounts by offer, read once for all its lines.
        self._discounts: dict[int, dict[int, OrderDiscount]] = {}
        # How each vendor's part travels, as the checkout quoted it.
        self._delivery = None
        self._part_status = OrderPartStatus.PLACED

    def place_order(self, *args, **kwargs):
        """Place the order as Oscar does; each vendor is owed the news of its part.

        The emails are written in the order's own transaction (a
        transactional outbox), so they exist if and only if the order does.
        An order placed awaiting its payment (status=OrderStatus
        .AWAITING_PAYMENT) holds its stock, and its parts wait with it: the
        news is owed when the payment is received
        (orders.services.order_payment_receive).
        """
        awaiting = kwargs.get("status") == OrderStatus.AWAITING_PAYMENT
        self._part_status = (
            OrderPartStatus.AWAITING_PAYMENT if awaiting else OrderPartStatus.PLACED
        )
        with transaction.atomic():
            order = super().place_order(*args, **kwargs)
            if not awaiting:
                order_placed_notifications_record(order=order)
        return order

    def create_order_model(
        self,
        user,
        basket,
        shipping_address,
        shipping_method,
        *args,
        **extra_order_fields,
    ):
        # A shipping offer wraps the method; the parts are the wrapped one's.
        self._delivery = getattr(shipping_method, "method", shipping_method)
        extra_order_fields.setdefault("market", basket.market)
        extra_order_fields.setdefault(
            "language", get_language() or settings.LANGUAGE_CODE
        )
        return super().create_order_model(
            user, basket, shipping_address, shipping_method, *args, **extra_order_fields
        )

    def create_line_models(self, order, basket_line, extra_line_fields=None):
        """Create the order line in its vendor's part, the part with its first line.

        Oscar creates the lines in basket order, inside the order's transaction.
        The part records its delivery as the checkout quoted it.
        """
        key = (order.pk, basket_line.stockrecord.partner_id)
        if key not in self._parts:
            part = self._parts[key] = OrderPart._default_manager.create(
                order=order, vendor_id=key[1], status=self._part_status
            )
            quote = getattr(self._delivery, "part_of", lambda _: None)(key[1])
            if quote is not None and quote.chosen is not None:
                order_part_delivery_record(part=part, quote=quote)
        return super().create_line_models(
            order, basket_line, {**(extra_line_fields or {}), "part": self._parts[key]}
        )

    def update_stock_records(self, line):
        """Allocate the line's units, or refuse the order if too few are left.

        Oscar's own adds to the allocation unchecked. Oscar calls this for the
        lines in stock-record order, inside the order's transaction, which
        the refusal rolls back; its checkout shows the message.
        """
        if not line.product.get_product_class().track_stock:
            return
        try:
            stockrecord_allocate(stockrecord=line.stockrecord, quantity=line.quantity)
        except StockInsufficientError as error:
            raise UnableToPlaceOrder(str(error)) from error

    def create_line_discount_models(self, order, order_line, basket_line):
        """Record each offer's discount of the line, funded by the offer's funder.

        Oscar's own version, plus the funder, reading the order's discounts
        once rather than once per line; they are written before its lines.
        """
        if order.pk not in self._discounts:
            self._discounts[order.pk] = {
                each.offer_id: each for each in order.discounts.order_by("-pk")
            }
        for discount in basket_line.discounts:
            offer = discount.offer
            if not offer:
                continue
            order_discount = self._discounts[order.pk].get(offer.id)
            if order_discount:
                order_line.discounts.create(
                    order_discount=order_discount,
                    is_incl_tax=discount.incl_tax,
                    amount=discount.amount,
                    funded_by_id=offer.funded_by_id,
                )
