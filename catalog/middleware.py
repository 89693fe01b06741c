"""Refuse NUL bytes, choose the shopper's market, tighten the storefront's CSP."""

from collections.abc import Callable

from csp.constants import SELF
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
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


class NulByteInRequest(SuspiciousOperation):
    """The path or the query string of a request carries a NUL byte."""


class NulByteMiddleware:
    """Answer 400 to a request whose path or query string holds a NUL byte.

    No page has a use for one, and PostgreSQL refuses NUL in text, so each
    view that passes a value on to a query (a vendor's address, a search, a
    filter) would otherwise fail with a 500. Refusing here, ahead of the
    session, the language and the market, covers every view at once.
    SuspiciousOperation makes Django answer with the handler400 page and log
    the request to django.security.NulByteInRequest.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw_query = request.META.get("QUERY_STRING", "")
        if (
            "\x00" in request.path_info
            or "\x00" in raw_query
            or "%00" in raw_query
            # %00 covers UTF-8, the site's charset; the decoded values cover a
            # request whose encoding a view set to another one.
            or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
        ):
            raise NulByteInRequest("NUL byte in the path or the query string.")
        return self.get_response(request)
