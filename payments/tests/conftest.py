"""Fixtures of the payments app: a local Stripe and a local YooKassa that their
official libraries talk to."""

from collections.abc import Iterator

import pytest
import stripe
from django.conf import settings as django_settings

from payments.fakes.stripe_server import StripeServer
from payments.fakes.yookassa_server import YooKassaServer


@pytest.fixture
def stripe_server(settings, monkeypatch) -> Iterator[StripeServer]:
    """Serve the Stripe test double on a free port and point Stripe's settings at it.

    Webhooks are signed with STRIPE_WEBHOOK_SECRET and go nowhere until the
    test sets `stripe_server.webhook_url`. The library's module-level
    configuration points at the double too, so nothing reaches api.stripe.com.
    """
    server = StripeServer(webhook_secret="whsec_test_local").start()
    settings.STRIPE_API_BASE = server.url
    settings.STRIPE_SECRET_KEY = "sk_test_local"
    settings.STRIPE_WEBHOOK_SECRET = server.webhook_secret
    monkeypatch.setattr(stripe, "api_base", server.url)
    monkeypatch.setattr(stripe, "api_key", "sk_test_local")
    yield server
    server.stop()


@pytest.fixture
def stripe_client(stripe_server: StripeServer) -> stripe.StripeClient:
    """A StripeClient built from the settings, as the payments code builds it."""
    return stripe.StripeClient(
        django_settings.STRIPE_SECRET_KEY,
        base_addresses={
            "api": django_settings.STRIPE_API_BASE,
            "connect": django_settings.STRIPE_API_BASE,
            "files": django_settings.STRIPE_API_BASE,
        },
    )


@pytest.fixture
def yookassa_shop(settings) -> Iterator[YooKassaServer]:
    """Serve the YooKassa test double and configure the site's YooKassa shop for it.

    Its notifications come from 127.0.0.1, which the shop trusts here only.
    """
    with YooKassaServer(shop_id="100500", secret_key="test_secret") as server:
        settings.MARKETPLACE_PAYMENT_PROVIDERS = {
            **settings.MARKETPLACE_PAYMENT_PROVIDERS,
            "yookassa": {
                "shop_id": server.shop_id,
                "secret_key": server.secret_key,
                "api_url": server.api_url,
                "notification_ips": ["127.0.0.1/32"],
            },
        }
        yield server
