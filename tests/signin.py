"""Signing in for tests: with both factors, as staff and sellers must.

Staff and vendors' users cannot open admin, Oscar's dashboard or the seller
dashboard without a second factor (orders.customer.security). Tests of
other features sign people in completely: `TwoFactorClient.force_login`
gives the user a confirmed authenticator and verifies the session with it,
which is what entering its code does. The root conftest's `client` is one.
Tests of the second factor itself use Django's plain `Client`.

In Chromium, people sign in as they do on the site: `page_sign_in` fills the
login form and, when the code is asked, the authenticator's current code
(computed with pyotp from the device's key, as the phone app would).
"""

import base64

import pyotp
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from orders.customer.security.services import SESSION_HAS_DEVICE


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "authenticator"}
    )
    return device


class TwoFactorClient(Client):
    """Django's test client whose force_login also passes the second factor."""

    def force_login(self, user, backend=None):
        device = authenticator_for(user)
        super().force_login(user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[SESSION_HAS_DEVICE] = True
        session.save()


def totp_now(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    return pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()


def page_sign_in(page, language_url: str, email: str, password: str) -> None:
    """Sign in through the shop's login form, then the code if it is asked.

    `language_url` is the server with the language prefix (http://…/ru).
    """
    page.goto(f"{language_url}/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", password)
    page.click("#login_form button[type=submit]")
    page.wait_for_load_state()
    if page.locator("#two_factor_verify_form").count():
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        page.fill("#id_code", totp_now(device))
        page.click("#two_factor_verify_form button[type=submit]")
        page.wait_for_load_state()


def page_two_factor_set_up(page) -> None:
    """On the set-up page: type the shown key's current code, keep the codes."""
    secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("#two_factor_setup_form button[type=submit]")
    page.wait_for_selector("#recovery-codes")
    page.click("main .account-actions a.btn-primary")
