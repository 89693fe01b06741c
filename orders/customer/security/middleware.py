"""The browser cookie, and the second factor asked for where it is required."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language_from_path

from orders.customer.security.browsers import browser_cookie_set
from orders.customer.security.services import (
    SESSION_HAS_DEVICE,
    authenticator_of,
    two_factor_required,
)

# Views a signed-in person who still owes the second factor may open.
OPEN_VIEWS = frozenset(
    {
        "customer:two-factor-verify",
        "customer:two-factor-setup",
        "customer:two-factor-codes",
        "customer:logout",
        "admin:logout",
        "set_language",
        "javascript-catalog",
        "market-switch",
    }
)


class KnownBrowserMiddleware:
    """Set the cookie that names the browser when a sign-in gave it a key."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        browser_cookie_set(request, response)
        return response


def _protected(path: str) -> bool:
    """Whether the path is in admin, Oscar's dashboard or the seller dashboard."""
    language = get_language_from_path(path)
    path = path.lstrip("/")
    if language and path.startswith(f"{language}/"):
        path = path[len(language) + 1 :]
    return path.startswith(tuple(settings.MARKETPLACE_TWO_FACTOR_PATHS))


class TwoFactorMiddleware:
    """Send a signed-in person who owes the second factor to enter or set it up.

    An account with a second factor is not signed in until its code is
    entered: every page but the code's own sends it there. Staff and
    vendors' users without one are sent to set one up when they open admin,
    Oscar's dashboard or the seller dashboard. Either way they come back to
    the page they asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if SESSION_HAS_DEVICE not in request.session:
            # Sessions signed in before second factors existed.
            request.session[SESSION_HAS_DEVICE] = authenticator_of(user) is not None
        if request.session[SESSION_HAS_DEVICE]:
            target = "customer:two-factor-verify"
        elif _protected(request.path_info) and two_factor_required(user):
            target = "customer:two-factor-setup"
        else:
            return None
        next_url = request.get_full_path() if request.method == "GET" else ""
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return redirect(reverse(target) + query)
