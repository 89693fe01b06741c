"""Refund errors, each with a stable code; messages are translated where shown."""

from django.utils.translation import gettext_lazy as _

from catalog.exceptions import DomainError
from payments.ledger.exceptions import LedgerError


class RefundError(DomainError):
    code = "refund_error"
    message = _("This refund cannot be made.")


class RefundUnpaidError(RefundError):
    code = "not_paid"
    message = _("Nothing of this order has been paid, so nothing can be refunded.")


class RefundNothingChosenError(RefundError):
    code = "nothing_chosen"
    message = _("Choose at least one unit or an amount of delivery to refund.")


class RefundLineError(RefundError):
    code = "line_not_in_part"
    message = _("Only the lines of this seller's part of the order can be refunded.")


class RefundUnitsError(RefundError):
    code = "too_many_units"
    message = _("Units of “%(title)s” that can still be refunded: %(left)d.")


class RefundShippingError(RefundError):
    code = "too_much_shipping"
    message = _("At most %(left)s of the delivery can still be refunded.")


class RefundAmountError(RefundError):
    code = "amount_invalid"
    message = _(
        "Amounts must not be below zero and must be in whole minor units of "
        "%(currency)s."
    )


class RefundMoreThanCapturedError(RefundError):
    code = "more_than_captured"
    message = _("The refund is larger than what is left of the payment: %(left)s.")


class RefundReturnError(RefundError):
    code = "return_not_accepted"
    message = _("Only an accepted return of this part of the order is refunded.")


class RefundLedgerError(RefundError):
    """The vendor's ledger refused the refund; `code` is the ledger's code."""

    def __init__(self, error: LedgerError):
        super().__init__(error.message, params=error.params)
        self.code = error.code


class RefundStaleError(RefundError):
    code = "decided_on_stale_view"
    message = _(
        "Another refund of this part was made in the meantime. Check it before "
        "refunding more."
    )
