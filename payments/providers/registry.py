"""Which provider takes which way to pay, and which ways each market offers."""

from django.conf import settings

from payments.providers.base import PaymentProvider
from payments.providers.cash import CashOnDeliveryProvider
from payments.providers.stripe import StripeProvider
from payments.providers.yookassa import YooKassaProvider

PROVIDERS: dict[str, type[PaymentProvider]] = {
    provider.code: provider
    for provider in (StripeProvider, YooKassaProvider, CashOnDeliveryProvider)
}


def provider_get(code: str) -> PaymentProvider | None:
    """Return the configured provider of `code`, or None when there is none."""
    provider = PROVIDERS.get(code)
    if provider is None:
        return None
    return provider(settings.MARKETPLACE_PAYMENT_PROVIDERS.get(code, {}))


def providers_for_market(market) -> list[PaymentProvider]:
    """Return the ways to pay the market offers, configured ones only, in its order."""
    codes = settings.MARKETPLACE_MARKET_PAYMENT_PROVIDERS.get(market.pk, ())
    providers = (provider_get(code) for code in codes)
    return [each for each in providers if each is not None and each.is_configured()]
