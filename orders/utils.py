"""Oscar's order utilities; an order records the market its basket was in, each
line's discounts who funds them, and stock is never oversold."""

from oscar.apps.order import utils
from oscar.core.loading import get_class

from vendors.exceptions import StockInsufficientError
from vendors.services import stockrecord_allocate

UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")


class OrderCreator(utils.OrderCreator):
    def create_order_model(self, user, basket, *args, **extra_order_fields):
        extra_order_fields.setdefault("market", basket.market)
        return super().create_order_model(user, basket, *args, **extra_order_fields)

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

        Oscar's own version, plus the funder; the order's discounts are
        written before its lines.
        """
        for discount in basket_line.discounts:
            offer = discount.offer
            if not offer:
                continue
            order_discount = order.discounts.filter(offer_id=offer.id).first()
            if order_discount:
                order_line.discounts.create(
                    order_discount=order_discount,
                    is_incl_tax=discount.incl_tax,
                    amount=discount.amount,
                    funded_by_id=offer.funded_by_id,
                )
