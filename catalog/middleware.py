"""Choose the shopper's market for each request."""

from collections.abc import Callable

from csp.constants import SELF
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header

from catalog.selectors import market_list

MARKET_COOKIE = "market"


def market_for_request(request: HttpRequest, markets: list) -> object:
    """Return the market a request asks for.

    The shopper's explicit choice, remembered in the market cookie, wins.
    Otherwise the page's language narrows the markets to those offering it
    (ko: Korea; ru: Russia, Kazakhstan, Latvia), and a country in the
    browser's languages picks among them (ru-KZ: Kazakhstan; lv: Latvia);
    without one, the first market whose default language it is, else
    MARKETPLACE_DEFAULT_MARKET.
    """
    by_code = {market.pk: market for market in markets}
    chosen = by_code.get(request.COOKIES.get(MARKET_COOKIE, ""))
    if chosen:
        return chosen
    language = get_language()
    offering = [market for market in markets if language in market.languages]
    for tag, _quality in parse_accept_lang_header(
        request.headers.get("accept-language", "")
    ):
        language_part, _dash, region = tag.partition("-")
        # The region of ru-KZ names the country; failing that, lv names Latvia.
        for hint in (region.upper(), language_part.upper()):
            for market in offering:
                if market.pk == hint:
                    return market
    for market in offering:
        if market.default_language == language:
            return market
    return by_code.get(settings.MARKETPLACE_DEFAULT_MARKET) or markets[0]


class MarketMiddleware:
    """Set request.market and request.markets; responses vary by the cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.markets = market_list()
        request.market = market_for_request(request, request.markets)
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response


# Oscar's dashboard and Django admin run inline scripts and styles; the
# storefront (templates/storefront/) has none at all.
LOOSE_CSP_NAMESPACES = {"dashboard", "admin"}
STOREFRONT_CSP = {"script-src": [SELF], "style-src": [SELF]}


class StorefrontCSPMiddleware:
    """Tighten the Content-Security-Policy of every storefront page.

    Sits below csp.middleware.CSPMiddleware, so that the policy it asks for
    is there when that middleware writes the header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        namespaces = set(match.namespaces) if match else set()
        if not namespaces & LOOSE_CSP_NAMESPACES:
            response._csp_replace = STOREFRONT_CSP
        return response
