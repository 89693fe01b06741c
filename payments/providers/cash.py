"""Cash on delivery: the courier collects the order's total; nothing is paid
in advance, so the order goes to its vendors at once and there is no
checkout, notification or refund at a provider."""

from django.utils.translation import gettext_lazy as _

from payments.providers.base import PaymentProvider


class CashOnDeliveryProvider(PaymentProvider):
    code = "cash-on-delivery"
    name = _("Cash on delivery")
    description = _(
        "You pay the courier in cash or by card when your order arrives. "
        "Nothing is charged now."
    )
    pays_in_advance = False

    def _nothing_in_advance(self, *args, **kwargs):
        raise NotImplementedError("Cash on delivery takes nothing in advance.")

    checkout_start = payment_get = payments_recent = _nothing_in_advance
    checkout_cancel = refund = notification_read = _nothing_in_advance
