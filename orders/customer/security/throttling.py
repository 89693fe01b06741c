"""Throttled sign-in: the callables django-axes is configured with, and the
limit on password reset emails.

Axes counts failed logins per account and per client address in PostgreSQL
and refuses either at AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME after
the last one; the figures and why are in docs/architecture.md ("Sign-in").
"""

import math
from datetime import datetime, timedelta

from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.db.models import Max, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import get_usage

from orders.customer.security.browsers import browser_key
from orders.customer.security.client import client_ip

User = get_user_model()


def _login_name(request: HttpRequest, credentials: dict | None) -> str:
    """The name the login form was given (an email or a username)."""
    source = credentials if credentials is not None else request.POST
    return (source.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip()


def _account(request: HttpRequest, name: str):
    """Return the account a login form's name means (email or username), or None.

    Looked up once per request: axes asks several times.
    """
    if not hasattr(request, "_login_accounts"):
        request._login_accounts = {}
    cache = request._login_accounts
    if name not in cache:
        cache[name] = (
            User.objects.filter(Q(email__iexact=name) | Q(username=name))
            .order_by("pk")
            .first()
        )
    return cache[name]


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """Return the name failures are counted under: the account's email.

    An account may be signed in to by its email in any case or by its
    username; counting them apart would give a guesser several allowances.
    A name that is no account is counted as typed, lower-cased.
    """
    name = _login_name(request, credentials)
    if not name:
        return ""
    account = _account(request, name)
    if account is not None and account.email:
        return account.email.lower()
    return name.lower()


def known_browser(request: HttpRequest, credentials: dict | None) -> bool:
    """Whether the login comes from a browser the account has signed in on before.

    Such a login is never refused, so however many failures an attacker
    piles on an account from elsewhere, its owner still signs in where they
    usually do. Everyone else meets the limits.
    """
    key = browser_key(request)
    if key is None:
        return False
    name = _login_name(request, credentials)
    account = _account(request, name) if name else None
    return account is not None and account.known_browsers.filter(key=key).exists()


def password_confirm(request: HttpRequest | None, user, password: str) -> bool:
    """Whether the password is the signed-in person's, checked as a login.

    Through authenticate(), so axes counts a wrong one against the account and
    the address, and refuses while either is locked out (the middleware then
    answers with the lockout page).
    """
    return (
        authenticate(request, username=user.get_username(), password=password) == user
    )


def lockout_ends_at(request: HttpRequest, credentials: dict | None) -> datetime:
    """Return when the account or address that is refused may try again.

    The later of the two, of those that reached the limit: their last
    failure plus the cool-off.
    """
    now = timezone.now()
    window = Q(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    limit = get_failure_limit(request, credentials)
    ends = now
    username = login_username(request, credentials)
    parameters = [Q(ip_address=client_ip(request))]
    if username:
        parameters.append(Q(username=username))
    for parameter in parameters:
        figures = AccessAttempt.objects.filter(window, parameter).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        )
        if (figures["failures"] or 0) >= limit and figures["last"]:
            ends = max(ends, figures["last"] + settings.AXES_COOLOFF_TIME)
    return ends


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The storefront's page saying sign-in is refused and for how long (429)."""
    wait = lockout_ends_at(request, credentials) - timezone.now()
    return render(
        request,
        "oscar/registration/locked_out.html",
        {"minutes": _minutes(wait)},
        status=429,
    )


def _minutes(wait: timedelta) -> int:
    return max(1, math.ceil(wait.total_seconds() / 60))


def password_reset_wait(request: HttpRequest, email: str) -> int | None:
    """Count a password reset email asked for; return the minutes to wait if refused.

    At most MARKETPLACE_RESET_EMAIL_RATE per client address and per email
    address (counted in Redis), so the form sends neither a flood of mail to
    one person nor a scan of which addresses have accounts.
    """
    waits = []
    for group, value in (
        ("password-reset-address", client_ip(request)),
        ("password-reset-email", email.strip().lower()),
    ):
        usage = get_usage(
            request,
            group=group,
            key=lambda _group, _request, value=value: value,
            rate=settings.MARKETPLACE_RESET_EMAIL_RATE,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            waits.append(_minutes(timedelta(seconds=max(usage["time_left"], 0))))
    return max(waits) if waits else None
