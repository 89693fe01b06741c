"""Oscar's order utilities; an order records the market its basket was in, and
each line's discounts who funds them."""

from oscar.apps.order import utils


class OrderCreator(utils.OrderCreator):
    def create_order_model(self, user, basket, *args, **extra_order_fields):
        extra_order_fields.setdefault("market", basket.market)
        return super().create_order_model(user, basket, *args, **extra_order_fields)

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
