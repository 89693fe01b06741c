"""Refunds: money given back to the shopper from an order's payment.

Star-imported by payments/models.py, so the models belong to Oscar's
`payment` app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payments.ledger.models import money_field

__all__ = ["Refund", "RefundLine", "RefundReason", "RefundStatus"]


class RefundReason(models.TextChoices):
    """Who or what started a refund."""

    STAFF = "staff", _("Decided by staff")
    RETURN = "return", _("Accepted return")
    CANCELLATION = "cancellation", _("Cancelled before shipping")


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Being refunded")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Refund failed, to be retried")


# The one transition table of a refund (payments.refunds.services): a refund
# the provider has not taken yet is asked again until it takes it.
REFUND_TRANSITIONS: dict[str, frozenset[str]] = {
    RefundStatus.PENDING: frozenset({RefundStatus.SUCCEEDED, RefundStatus.FAILED}),
    RefundStatus.FAILED: frozenset({RefundStatus.SUCCEEDED, RefundStatus.FAILED}),
    RefundStatus.SUCCEEDED: frozenset(),
}


class Refund(models.Model):
    """Money given back from one payment source for (part of) one vendor's part.

    `amount` is the whole refund, of which `shipping` is delivery. A card
    refund goes through the source's provider under `idempotency_key`, which
    is derived from what started it (the return, the cancellation, the staff
    decision), so asking again never refunds twice; a cash-on-delivery
    refund is recorded (the vendor gives the cash back). The sum of a
    source's refunds never exceeds what it captured (Source's constraint on
    amount_refunded, checked under the source's lock).
    """

    source = models.ForeignKey(
        "payment.Source",
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("Payment"),
    )
    part = models.ForeignKey(
        "order.OrderPart",
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("Order part"),
    )
    reason = models.CharField(_("Reason"), max_length=16, choices=RefundReason.choices)
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=RefundStatus.choices,
        default=RefundStatus.PENDING,
    )
    currency = models.CharField(_("Currency"), max_length=3)
    amount = money_field(_("Amount"))
    shipping = money_field(_("Of which shipping"), default=0)
    idempotency_key = models.CharField(
        _("Idempotency key"), max_length=128, unique=True
    )
    provider_refund_id = models.CharField(
        _("Provider refund"), max_length=255, blank=True
    )
    return_request = models.ForeignKey(
        "order.ReturnRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("Return"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("By"),
    )
    note = models.TextField(_("Note"), blank=True)
    last_error = models.TextField(_("Last error"), blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        app_label = "payment"
        ordering = ("-created_at", "-pk")
        verbose_name = _("Refund")
        verbose_name_plural = _("Refunds")
        constraints = (
            models.CheckConstraint(
                condition=Q(
                    amount__gt=0, shipping__gte=0, shipping__lte=models.F("amount")
                ),
                name="refund_amounts_positive",
            ),
        )

    def __str__(self) -> str:
        return f"{self.part}: {self.amount} {self.currency}"


class RefundLine(models.Model):
    """The units of one order line a refund gives back, and their amount."""

    refund = models.ForeignKey(
        Refund, on_delete=models.CASCADE, related_name="lines", verbose_name=_("Refund")
    )
    line = models.ForeignKey(
        "order.Line",
        on_delete=models.PROTECT,
        related_name="refund_lines",
        verbose_name=_("Order line"),
    )
    quantity = models.PositiveIntegerField(_("Quantity"))
    amount = money_field(_("Amount"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "payment"
        ordering = ("refund", "pk")
        verbose_name = _("Refunded line")
        verbose_name_plural = _("Refunded lines")
        constraints = (
            models.UniqueConstraint(fields=("refund", "line"), name="refundline_once"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0, amount__gte=0), name="refundline_positive"
            ),
        )

    def __str__(self) -> str:
        return f"{self.line} \u00d7 {self.quantity}"
