"""Signing in for tests: with both factors, as staff and sellers must.

Staff and vendors' users cannot open admin, Oscar's dashboard or the seller
dashboard without a second factor (orders.customer.security). Tests of
other features sign people in completely: `TwoFactorClient.force_login`
gives the user a confirmed authenticator and verifies the session with it,
which is what entering its code does. The root conftest's `client` is one.
Tests of the second factor itself use Django's plain `Client`.
"""

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
