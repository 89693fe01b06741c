"""Oscar's order utilities; an order records the market its basket was in."""

from oscar.apps.order import utils


class OrderCreator(utils.OrderCreator):
    def create_order_model(self, user, basket, *args, **extra_order_fields):
        extra_order_fields.setdefault("market", basket.market)
        return super().create_order_model(user, basket, *args, **extra_order_fields)
