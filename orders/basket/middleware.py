"""Oscar's basket middleware, with one open basket per shopper and market."""

from django.contrib import messages
from django.utils.translation import ngettext
from oscar.apps.basket import middleware
from oscar.core.loading import get_model

Basket = get_model("basket", "Basket")


class BasketMiddleware(middleware.BasketMiddleware):
    """Load the basket of the request's market (catalog.middleware sets it).

    A guest's basket of each market has its own cookie; a signed-in
    shopper's baskets are found by owner and market. Switching market
    therefore keeps the other basket aside, untouched, until they return.
    """

    def get_cookie_key(self, request):
        return f"{super().get_cookie_key(request)}_{request.market.pk}"

    def get_basket(self, request):
        if request._basket_cache is not None:
            return request._basket_cache
        if not (hasattr(request, "user") and request.user.is_authenticated):
            cookie_key = self.get_cookie_key(request)
            basket = self.get_cookie_basket(cookie_key, request, Basket.open)
            if basket is None or basket.market_id != request.market.pk:
                basket = Basket(market=request.market)
            request._basket_cache = basket
            return basket
        return self._user_basket(request)

    def _user_basket(self, request):
        """Oscar's get_basket for a signed-in shopper, restricted to the market."""
        manager = Basket.open
        open_baskets = list(
            manager.filter(owner=request.user, market=request.market).order_by("pk")
        )
        merged = 0
        if open_baskets:
            basket = open_baskets[0]
            for other in open_baskets[1:]:
                merged += other.num_items
                self.merge_baskets(basket, other)
        else:
            basket = manager.create(owner=request.user, market=request.market)
        basket.owner = request.user
        cookie_key = self.get_cookie_key(request)
        cookie_basket = self.get_cookie_basket(cookie_key, request, manager)
        if cookie_basket and cookie_basket.market_id == request.market.pk:
            merged += cookie_basket.num_items
            self.merge_baskets(basket, cookie_basket)
            request.cookies_to_delete.append(cookie_key)
        request._basket_cache = basket
        if merged:
            messages.warning(
                request,
                ngettext(
                    "We have merged %(num_items_merged)d item from a "
                    "previous session to your basket.",
                    "We have merged %(num_items_merged)d items from a "
                    "previous session to your basket.",
                    merged,
                )
                % {"num_items_merged": merged},
            )
        return basket
