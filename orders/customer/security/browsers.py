"""The browsers an account signs in on, named by a random key in a signed cookie."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from oscar.core.loading import get_model

from orders.customer.security.client import client_ip

KnownBrowser = get_model("customer", "KnownBrowser")

_SALT = "orders.customer.security.browser"
# The cookie outlives any one sign-in: it is how a browser is recognised.
COOKIE_AGE = timedelta(days=400)


def browser_key(request: HttpRequest) -> str | None:
    """Return the key of the request's browser, if its cookie is ours and intact."""
    if hasattr(request, "browser_key_new"):
        return request.browser_key_new
    return request.get_signed_cookie(
        settings.MARKETPLACE_BROWSER_COOKIE,
        default=None,
        salt=_SALT,
        max_age=COOKIE_AGE,
    )


def browser_key_ensure(request: HttpRequest) -> str:
    """Return the browser's key, giving it one (set on the response) if it has none."""
    key = browser_key(request)
    if key is None:
        key = request.browser_key_new = secrets.token_urlsafe(32)
    return key


def browser_cookie_set(request: HttpRequest, response: HttpResponse) -> None:
    """Set the cookie of a key given during this request."""
    key = getattr(request, "browser_key_new", None)
    if key is None:
        return
    response.set_signed_cookie(
        settings.MARKETPLACE_BROWSER_COOKIE,
        key,
        salt=_SALT,
        max_age=int(COOKIE_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def browser_seen(request: HttpRequest, user) -> tuple["KnownBrowser", bool]:
    """Record that the account signed in on the request's browser.

    Returns the account's row for the browser and whether the browser is new
    to the account.
    """
    key = browser_key_ensure(request)
    now = timezone.now()
    details = {
        "user_agent": request.headers.get("User-Agent", "")[:255],
        "ip_address": client_ip(request) or None,
        "language": request.LANGUAGE_CODE
        if getattr(request, "LANGUAGE_CODE", None) in dict(settings.LANGUAGES)
        else settings.LANGUAGE_CODE,
        "last_seen_at": now,
    }
    browser, created = KnownBrowser.objects.update_or_create(
        user=user, key=key, defaults=details
    )
    return browser, created


def browser_current(request: HttpRequest, user) -> "KnownBrowser | None":
    key = browser_key(request)
    if key is None:
        return None
    return KnownBrowser.objects.filter(user=user, key=key).first()


def account_language(user) -> str:
    """The language the account last signed in with (its emails are in it)."""
    language = (
        KnownBrowser.objects.filter(user=user)
        .order_by("-last_seen_at")
        .values_list("language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def browsers_forget_stale() -> int:
    """Delete the rows of browsers whose cookie has expired; return how many.

    Such a browser can no longer be recognised, so its row would only grow
    the table.
    """
    deleted, _by_model = KnownBrowser.objects.filter(
        last_seen_at__lt=timezone.now() - COOKIE_AGE
    ).delete()
    return deleted
