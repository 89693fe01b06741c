"""Payment errors shoppers and staff are told about."""

from django.utils.translation import gettext_lazy as _


class PaymentNotAwaitedError(Exception):
    """The order no longer waits for a payment: paid already, or given up."""

    code = "payment_not_awaited"
    message = _("This order is not waiting for a payment.")
