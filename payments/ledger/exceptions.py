"""Ledger errors, each with a stable code; messages are translated where shown."""

from django.utils.translation import gettext_lazy as _


class LedgerError(Exception):
    code = "ledger_error"
    message = _("This cannot be recorded in the ledger.")

    def __init__(self, message=None, *, params: dict | None = None):
        if message is not None:
            self.message = message
        self.params = params or {}
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


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
