"""Stripe Connect transfers: a payout sent to the vendor's connected account
(separate charges and transfers: the platform took the shopper's payment
into its own balance, and transfers the vendor's share from it).

Speaks Stripe's API through the official `stripe` library at
settings.STRIPE_API_BASE, as payments.providers.stripe does. Amounts cross
this boundary in the currency's minor units, and nowhere else.
"""

from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings

from payments.payouts.exceptions import PayoutTransferError
from payments.providers.stripe import to_minor

# Where Stripe Connect pays out to a connected account: the United States,
# the United Kingdom, the European Economic Area (the EU's 27 countries,
# Iceland, Liechtenstein, Norway), Canada and Switzerland
# (docs.stripe.com/connect/cross-border-payouts). Not Russia, Kazakhstan,
# Uzbekistan or Korea: their vendors are paid by bank transfer.
CONNECT_COUNTRIES = frozenset(
    {
        "US",
        "GB",
        "CA",
        "CH",
        # The EU
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
        "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK",
        "SI", "ES", "SE",
        # The rest of the EEA
        "IS", "LI", "NO",
    }
)  # fmt: skip


def connect_serves(country: str) -> bool:
    """Return whether Stripe Connect pays out to a vendor of the country."""
    return country.upper() in CONNECT_COUNTRIES


@dataclass(frozen=True)
class Transfer:
    """A transfer Stripe made (or answered again for a repeated key)."""

    id: str
    amount: int
    currency: str
    destination: str


def _client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base, "connect": base, "files": base},
        http_client=stripe.RequestsClient(timeout=settings.MARKETPLACE_PAYMENT_TIMEOUT),
        # Stripe's own retries reuse the idempotency key of the call.
        max_network_retries=2,
    )


def transfer_create(
    *,
    amount: Decimal,
    currency: str,
    destination: str,
    idempotency_key: str,
    payout_id: int,
) -> Transfer:
    """Transfer `amount` to the connected account `destination`; return it.

    Asked with `idempotency_key`: asked again with the same key and the same
    parameters, Stripe answers the transfer it made the first time instead
    of making another one (for at least 24 hours, when Stripe may forget the
    key). Raises PayoutTransferError when Stripe cannot be reached or
    refuses, including when the same key comes with other parameters (a
    connected account changed since): nothing is transferred then.
    """
    params = {
        "amount": to_minor(amount, currency),
        "currency": currency.lower(),
        "destination": destination,
        "transfer_group": f"payout-{payout_id}",
        "description": f"Payout {payout_id}",
        "metadata": {"payout_id": str(payout_id)},
    }
    try:
        transfer = _client().v1.transfers.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise PayoutTransferError(
            params={"error": error.user_message or str(error)}
        ) from error
    return Transfer(
        id=transfer.id,
        amount=transfer.amount,
        currency=transfer.currency,
        destination=str(transfer.destination),
    )
