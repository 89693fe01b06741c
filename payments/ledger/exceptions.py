"""Ledger errors, each with a stable code; messages are translated where shown."""

from django.utils.translation import gettext_lazy as _

from catalog.exceptions import DomainError


class LedgerError(DomainError):
    code = "ledger_error"
    message = _("This cannot be recorded in the ledger.")


class LedgerNothingToRefundError(LedgerError):
    code = "nothing_to_refund"
    message = _("No payment of this part is recorded, so nothing can be refunded.")


class LedgerRefundTooLargeError(LedgerError):
    code = "refund_too_large"
    message = _("The refund is larger than what is left to refund: %(left)s.")


class LedgerAmountError(LedgerError):
    code = "amount_invalid"
    message = _(
        "The amount must be more than zero and in whole minor units of %(currency)s."
    )
