"""Oscar's shipping repository: a basket is delivered by its vendors' methods."""

from oscar.apps.shipping import repository
from oscar.core.loading import get_class

from logistics.methods import VendorsDelivery
from logistics.quotes import Destination, basket_quote

CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")


class Repository(repository.Repository):
    def get_available_shipping_methods(
        self, basket, shipping_addr=None, request=None, **kwargs
    ):
        """Return the vendors' delivery of the basket if every part can be ordered.

        Without an address (the basket page) the market's main destination is
        quoted. The parts are quoted once per basket, destination and choices
        in a request (the checkout asks several times).
        """
        delivery = self.vendors_delivery(basket, shipping_addr, request)
        return [delivery] if delivery.is_ready else []

    def vendors_delivery(self, basket, shipping_addr=None, request=None):
        """Return the vendors' delivery of the basket, ready to order or not."""
        destination = (
            Destination.of_address(shipping_addr)
            if shipping_addr is not None and shipping_addr.country_id
            else Destination.of_market(basket.market)
        )
        choices = CheckoutSessionData(request).vendor_deliveries() if request else {}
        key = (destination, repr(sorted(choices.items())))
        cache = basket.__dict__.setdefault("_vendors_delivery", {})
        if key not in cache:
            cache[key] = VendorsDelivery(
                basket_quote(basket, destination=destination, choices=choices)
            )
        return cache[key]

    @staticmethod
    def vendors_delivery_forget(basket) -> None:
        """Drop the basket's quotes of this request, once the choices changed."""
        basket.__dict__.pop("_vendors_delivery", None)
