"""Account security writes: the trail with its emails, and second factors.

Every change here is one transaction. The account's email is sent through the
project's mail backend, which queues it when the transaction commits, so a
rolled-back change mails nobody and each event mails once.
"""

import math
import re

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from oscar.core.loading import get_model

from orders.customer.models import AccountEventKind
from orders.customer.security.browsers import (
    account_language,
    browser_current,
    browser_seen,
)
from orders.customer.security.client import client_ip
from orders.customer.security.exceptions import (
    TwoFactorAbsentError,
    TwoFactorCodeWrongError,
    TwoFactorRequiredError,
    TwoFactorSetupExpiredError,
    TwoFactorThrottledError,
    TwoFactorUnverifiedError,
)
from vendors.selectors import vendor_member_get

AccountEvent = get_model("customer", "AccountEvent")
KnownBrowser = get_model("customer", "KnownBrowser")

# The session remembers whether its account has a second factor, so pages
# need not ask the database (set at sign-in and whenever it changes).
SESSION_HAS_DEVICE = "two_factor_has_device"


def account_event_record(
    *,
    user,
    kind: str,
    request: HttpRequest | None = None,
    actor=None,
    email_to: str | None = None,
    context: dict | None = None,
) -> "AccountEvent":
    """Write one event of the account's trail and email the account about it.

    In the account's language (that of its latest sign-in), to its address,
    or to `email_to` (an address that was just replaced).
    """
    event = AccountEvent.objects.create(
        user=user,
        kind=kind,
        actor=actor,
        ip_address=(client_ip(request) or None) if request else None,
        user_agent=request.headers.get("User-Agent", "")[:255] if request else "",
    )
    recipient = email_to or user.email
    if recipient:
        _event_email_send(event=event, recipient=recipient, context=context or {})
    return event


def _event_email_send(*, event: "AccountEvent", recipient: str, context: dict) -> None:
    with translation.override(account_language(event.user)):
        site = Site.objects.get_current()
        origin = f"{settings.OSCAR_URL_SCHEMA}://{site.domain}"
        context = {
            **context,
            "event": event,
            "user": event.user,
            "reset_url": origin + reverse("password-reset"),
            "security_url": origin + reverse("customer:security"),
        }
        subject = render_to_string(
            "oscar/customer/emails/security_subject.txt", context
        )
        send_mail(
            subject=" ".join(subject.split()),
            message=render_to_string(
                "oscar/customer/emails/security_body.txt", context
            ),
            from_email=settings.OSCAR_FROM_EMAIL,
            recipient_list=[recipient],
        )


# --- Sign-in ---------------------------------------------------------------


def authenticator_of(user) -> TOTPDevice | None:
    """The account's authenticator app (its confirmed TOTP device), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_required(user) -> bool:
    """Whether the account must have a second factor: staff and vendors' users."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return vendor_member_get(user=user) is not None


def signed_in(request: HttpRequest, user) -> None:
    """What follows a password sign-in: the browser, and the second factor.

    A browser new to an account that has signed in before is mailed about.
    A browser remembered for the second factor verifies the session with it.
    """
    with transaction.atomic():
        first = not KnownBrowser.objects.filter(user=user).exists()
        browser, created = browser_seen(request, user)
        # A sign-in by a password reset link is mailed about as the reset.
        if created and not first and not getattr(request, "signing_in_by_reset", False):
            account_event_record(
                user=user,
                kind=AccountEventKind.NEW_BROWSER,
                request=request,
                context={"browser": browser},
            )
    device = authenticator_of(user)
    request.session[SESSION_HAS_DEVICE] = device is not None
    if (
        device is not None
        and browser.two_factor_until is not None
        and browser.two_factor_until > timezone.now()
    ):
        otp_login(request, device)


# --- Second factors --------------------------------------------------------


def totp_device_start(*, user) -> TOTPDevice:
    """Return the account's authenticator being set up, made if there is none.

    Its secret stays the same until a code confirms it, so the page can be
    reloaded or a wrong code retried against the same QR code. (The set-up
    page is not offered to an account that has one.)
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=False
        )
    return device


def totp_device_confirm(*, request: HttpRequest, token: str) -> list[str]:
    """Confirm the account's new authenticator with a code from it.

    Makes its recovery codes, verifies this session and records the event.
    Returns the recovery codes, to be shown once.
    """
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise TwoFactorSetupExpiredError
    _throttle_check(device)
    if not device.verify_token("".join(token.split())):
        raise TwoFactorCodeWrongError
    with transaction.atomic():
        # A second submission of the same form finds the device confirmed.
        if not TOTPDevice.objects.filter(pk=device.pk, confirmed=False).update(
            confirmed=True
        ):
            raise TwoFactorSetupExpiredError
        codes = _recovery_codes_make(user)
        account_event_record(
            user=user, kind=AccountEventKind.TWO_FACTOR_ADDED, request=request
        )
    otp_login(request, device)
    request.session[SESSION_HAS_DEVICE] = True
    return codes


def recovery_code_normalize(code: str) -> str:
    """A recovery code as stored: without spaces or dashes, lower-case."""
    return re.sub(r"[\s-]", "", code).lower()


def recovery_code_display(token: str) -> str:
    """A recovery code as shown: two groups of five."""
    return f"{token[:5]}-{token[5:]}"


def _recovery_codes_make(user) -> list[str]:
    """Replace the account's recovery codes with new ones; return them as shown."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    # Ten characters of base32 (letters and 2-7): about 50 bits each.
    tokens = [
        (StaticToken.random_token() + StaticToken.random_token())[:10]
        for _ in range(settings.MARKETPLACE_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=token) for token in tokens
    )
    return [recovery_code_display(token) for token in tokens]


def recovery_codes_renew(*, request: HttpRequest) -> list[str]:
    """Give a verified account ten new recovery codes; the old ones stop working."""
    user = request.user
    if not user.is_verified():
        raise TwoFactorUnverifiedError
    with transaction.atomic():
        codes = _recovery_codes_make(user)
        account_event_record(
            user=user, kind=AccountEventKind.RECOVERY_CODES_RENEWED, request=request
        )
    return codes


def two_factor_verify(*, request: HttpRequest, code: str, remember: bool) -> None:
    """Verify the session with a code from the authenticator or a recovery code.

    Wrong codes slow the next try down, twice as long each time (django-otp's
    throttling of the authenticator, counted for recovery codes too). The
    authenticator's row is locked while a code is judged, so codes sent at
    once are judged one after the other: a code works once, and every wrong
    one counts. A recovery code works once and is mailed about. With
    `remember`, this browser skips the step for MARKETPLACE_TWO_FACTOR_REMEMBER.
    """
    user = request.user
    with transaction.atomic():
        totp = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .first()
        )
        if totp is None:
            raise TwoFactorAbsentError
        _throttle_check(totp)
        device = _code_check(request=request, totp=totp, code=code)
    # Raised outside the block, so that a wrong code's count is kept.
    if device is None:
        raise TwoFactorCodeWrongError
    if remember:
        browser = browser_current(request, user)
        if browser is not None:
            browser.two_factor_until = (
                timezone.now() + settings.MARKETPLACE_TWO_FACTOR_REMEMBER
            )
            browser.save(update_fields=["two_factor_until"])
    otp_login(request, device)


def _throttle_check(device: TOTPDevice) -> None:
    """Refuse a code sent before the wait that the last wrong ones asked for.

    Said as such, not as a wrong code: django-otp's verify_token would
    refuse even the right one then.
    """
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = details["locked_until"] - timezone.now()
        raise TwoFactorThrottledError(
            params={"seconds": max(1, math.ceil(wait.total_seconds()))}
        )


def _code_check(*, request: HttpRequest, totp: TOTPDevice, code: str):
    """Return the device the code is right for (counting a wrong one), or None.

    Six digits are the authenticator's; anything else is a recovery code.
    """
    code = "".join(code.split())
    if re.fullmatch(r"\d{6}", code):
        # verify_token counts a failure (or clears the count) itself.
        return totp if totp.verify_token(code) else None
    device = _recovery_code_use(request=request, token=recovery_code_normalize(code))
    if device is None:
        totp.throttle_increment()
    else:
        totp.throttle_reset()
    return device


def _recovery_code_use(*, request: HttpRequest, token: str) -> StaticDevice | None:
    """Spend a recovery code of the account; None if it has no such code left."""
    user = request.user
    # Under the lock of the account's authenticator (two_factor_verify).
    spent = (
        StaticToken.objects.filter(
            device__user=user, device__confirmed=True, token=token
        )
        .select_related("device")
        .first()
    )
    if spent is None:
        return None
    spent.delete()
    left = StaticToken.objects.filter(device=spent.device).count()
    account_event_record(
        user=user,
        kind=AccountEventKind.RECOVERY_CODE_USED,
        request=request,
        context={"left": left},
    )
    return spent.device


def browser_forget(*, user, browser_id: int | None = None) -> int:
    """Stop remembering the second factor on one of the account's browsers, or all."""
    browsers = KnownBrowser.objects.filter(user=user, two_factor_until__isnull=False)
    if browser_id is not None:
        browsers = browsers.filter(pk=browser_id)
    return browsers.update(two_factor_until=None)


def two_factor_remove(*, request: HttpRequest) -> None:
    """Turn off an optional second factor (a shopper's), from a verified session."""
    user = request.user
    if two_factor_required(user):
        raise TwoFactorRequiredError
    if not user.is_verified():
        raise TwoFactorUnverifiedError
    with transaction.atomic():
        _devices_delete(user)
        account_event_record(
            user=user, kind=AccountEventKind.TWO_FACTOR_REMOVED, request=request
        )
    request.session[SESSION_HAS_DEVICE] = False


def two_factor_reset(*, user, actor, request: HttpRequest | None = None) -> None:
    """Staff: remove a person's lost second factor, recorded in the trail.

    The person signs in with the password and sets up a new one where it is
    required. Their remembered browsers are forgotten.
    """
    with transaction.atomic():
        _devices_delete(user)
        account_event_record(
            user=user,
            kind=AccountEventKind.TWO_FACTOR_RESET,
            request=request,
            actor=actor,
        )


def _devices_delete(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    browser_forget(user=user)
