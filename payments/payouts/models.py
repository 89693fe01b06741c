"""Payouts: a vendor's available balance paid out, by Stripe Connect transfer
where Connect serves the vendor's country, else in a bank-transfer batch file.

Star-imported by payments/models.py, so the models belong to Oscar's
`payment` app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payments.ledger.models import money_field

__all__ = [
    "ConnectedAccount",
    "Payout",
    "PayoutBatch",
    "PayoutMethod",
    "PayoutStatus",
]


class PayoutMethod(models.TextChoices):
    STRIPE_CONNECT = "stripe_connect", _("Stripe Connect transfer")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")


class ConnectedAccount(models.Model):
    """A vendor's Stripe connected account, which its payouts are transferred to.

    Only where Stripe Connect serves the vendor's country; everyone else is
    paid by bank transfer to the account in the vendor's profile.
    """

    vendor = models.OneToOneField(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="connected_account",
        verbose_name=_("Vendor"),
    )
    stripe_account_id = models.CharField(
        _("Stripe connected account"), max_length=64, unique=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "payment"
        ordering = ("vendor", "pk")
        verbose_name = _("Stripe connected account")
        verbose_name_plural = _("Stripe connected accounts")

    def __str__(self) -> str:
        return f"{self.vendor}: {self.stripe_account_id}"


class PayoutStatus(models.TextChoices):
    PENDING = "pending", _("Being paid")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed, to be retried")


# The payout's transitions (payments.payouts.services): a transfer that failed
# is tried again until it is paid; a paid payout never changes.
PAYOUT_TRANSITIONS: dict[str, frozenset[str]] = {
    PayoutStatus.PENDING: frozenset({PayoutStatus.PAID, PayoutStatus.FAILED}),
    PayoutStatus.FAILED: frozenset({PayoutStatus.PAID, PayoutStatus.FAILED}),
    PayoutStatus.PAID: frozenset(),
}


class PayoutBatch(models.Model):
    """One bank-transfer file: the payouts of one currency a bank imports at once."""

    currency = models.CharField(_("Currency"), max_length=3)
    paid_at = models.DateTimeField(_("Paid"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Marked paid by"),
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "payment"
        ordering = ("-created_at", "-pk")
        verbose_name = _("Bank transfer batch")
        verbose_name_plural = _("Bank transfer batches")

    def __str__(self) -> str:
        return f"{self.currency} {self.created_at:%Y-%m-%d %H:%M}"


class Payout(models.Model):
    """One payment of a vendor's available balance in one currency.

    Created together with the ledger entry of kind "payout" that takes the
    amount off the balance, in one transaction under the vendor's lock, so
    the same money is never paid out twice however many jobs run at once.
    A transfer is asked of Stripe with `idempotency_key` after the commit.

    `attempts` counts the transfers asked of Stripe that failed;
    `next_attempt_at` is when a Connect payout not yet paid is due to be
    tried (again) by the retry job, empty once paid and for bank transfers.
    """

    vendor = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="payouts",
        verbose_name=_("Vendor"),
    )
    currency = models.CharField(_("Currency"), max_length=3)
    amount = money_field(_("Amount"))
    method = models.CharField(_("Method"), max_length=16, choices=PayoutMethod.choices)
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=PayoutStatus.choices,
        default=PayoutStatus.PENDING,
    )
    idempotency_key = models.CharField(_("Idempotency key"), max_length=64, unique=True)
    reference = models.CharField(_("Transfer"), max_length=255, blank=True)
    batch = models.ForeignKey(
        PayoutBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payouts",
        verbose_name=_("Bank transfer batch"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Requested by"),
    )
    last_error = models.TextField(_("Last error"), blank=True)
    attempts = models.PositiveIntegerField(_("Failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("Next attempt"), null=True, blank=True)
    paid_at = models.DateTimeField(_("Paid"), null=True, blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "payment"
        ordering = ("-created_at", "-pk")
        verbose_name = _("Payout")
        verbose_name_plural = _("Payouts")
        constraints = (
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_positive"),
            models.CheckConstraint(
                condition=Q(status=PayoutStatus.PAID, paid_at__isnull=False)
                | (~Q(status=PayoutStatus.PAID) & Q(paid_at__isnull=True)),
                name="payout_paid_at_when_paid",
            ),
        )
        indexes = (
            # The retry job's question: which Connect payouts are due.
            models.Index(
                fields=("next_attempt_at",),
                condition=Q(next_attempt_at__isnull=False),
                name="payout_due",
            ),
        )

    def __str__(self) -> str:
        return f"{self.vendor}: {self.amount} {self.currency}"

    @property
    def transfer_reference(self) -> str:
        """The text the transfer carries to the vendor's statement (the bank
        file's reference, the ledger entry's note), the same in every language."""
        return f"Payout {self.pk}"
