"""Row locks for payouts, always taken in primary-key order, parents first:
the vendor, then its payouts; a batch, then its payouts."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")
Payout = get_model("payment", "Payout")
PayoutBatch = get_model("payment", "PayoutBatch")


def payout_vendor_qs_select_for_update() -> QuerySet:
    """Return vendors locked for paying them out; call inside a transaction.

    FOR NO KEY UPDATE, not vendors.lock_objects' FOR UPDATE: two payouts of
    one vendor still wait for each other, while the order and ledger rows
    that refer to the vendor (which take FOR KEY SHARE on it) are written
    meanwhile without waiting.
    """
    return Partner._default_manager.select_for_update(no_key=True).order_by("pk")


def payout_batch_qs_select_for_update() -> QuerySet:
    """Return bank-transfer batches locked for update; call inside a transaction."""
    return PayoutBatch._default_manager.select_for_update().order_by("pk")


def payout_qs_select_for_update() -> QuerySet:
    """Return payouts locked for update; call inside a transaction.

    Lock the payout's vendor, or its batch, first: parents before children.
    """
    return Payout._default_manager.select_for_update().order_by("pk")
