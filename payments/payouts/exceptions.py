"""Payout errors, each with a stable code; messages are translated where shown."""

from django.utils.translation import gettext_lazy as _

from catalog.exceptions import DomainError


class PayoutError(DomainError):
    code = "payout_error"
    message = _("The payout cannot be made.")


class PayoutTransferError(PayoutError):
    """Stripe did not make the transfer (yet): it is tried again later."""

    code = "transfer_failed"
    message = _("Stripe did not make the transfer: %(error)s")


class PayoutNoConnectedAccountError(PayoutError):
    code = "no_connected_account"
    message = _("The vendor has no Stripe connected account to transfer to.")


class PayoutBatchEmptyError(PayoutError):
    code = "batch_empty"
    message = _("No bank-transfer payout in %(currency)s is waiting for a batch.")


class PayoutTransitionError(PayoutError):
    code = "transition_not_allowed"
    message = _("Payout %(payout)s cannot go from %(from)s to %(to)s.")
