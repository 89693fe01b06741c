"""Payment models: Oscar's payment sources, each tied to its provider's payment
and keyed for idempotency, and the provider events that move them.

Oscar's forking pattern: the classes defined here replace Oscar's concrete
models; everything else comes from the star import at the bottom.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.apps.payment.abstract_models import AbstractSource

from payments.ledger.models import *
from payments.payouts.models import *
from payments.refunds.models import *


class SourceStatus(models.TextChoices):
    """Where a payment stands at its provider."""

    PENDING = "pending", _("Awaiting payment")
    PAID = "paid", pgettext_lazy("payment status", "Paid")
    FAILED = "failed", _("Not paid")
    # Paid, but the order could not take it (it was given up, or another
    # payment paid it): given back whole.
    SURPLUS = "surplus", _("Paid twice, refunded")


class Source(AbstractSource):
    """One way an order is paid: cash on delivery, or one payment at a provider.

    Oscar's amounts: allocated is what the order asks of the source, debited
    what the provider captured, refunded what went back; the database never
    lets more be refunded than was captured. A card payment's
    `idempotency_key` is derived by the server from the order and the attempt,
    never by the provider's client, so a retry, a double click or a restart
    asks the provider for the same payment again instead of a second one.
    `reference` is the provider's checkout (a Stripe Checkout Session, a
    YooKassa payment); `payment_id` the payment it captured (a PaymentIntent).
    """

    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=SourceStatus.choices,
        default=SourceStatus.PENDING,
    )
    idempotency_key = models.CharField(
        _("Idempotency key"), max_length=64, unique=True, null=True, blank=True
    )
    payment_id = models.CharField(_("Provider payment"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(AbstractSource.Meta):
        constraints = (
            models.CheckConstraint(
                condition=Q(amount_debited__lte=F("amount_allocated")),
                name="source_debited_at_most_allocated",
            ),
            models.CheckConstraint(
                condition=Q(amount_refunded__lte=F("amount_debited")),
                name="source_refunded_at_most_debited",
            ),
        )

    @property
    def provider_name(self) -> str:
        """The way it was paid, in the active language (Card, Cash on delivery)."""
        # Imported here: the providers import these models.
        from payments.providers.registry import PROVIDERS

        provider = PROVIDERS.get(self.source_type.code)
        return str(provider.name) if provider else self.source_type.name


class ProviderEventStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed, to be retried")


class ProviderEvent(models.Model):
    """A notification a payment provider sent (a Stripe event), stored once.

    Stored under the provider's own event id before anything is done with it,
    so the same event arriving twice, or concurrently, is processed once; an
    event that fails is kept and retried (payments.tasks), never dropped.
    """

    provider = models.CharField(_("Provider"), max_length=32)
    event_id = models.CharField(_("Event"), max_length=255)
    type = models.CharField(_("Type"), max_length=128)
    # The checkout whose payment to re-read; empty when the event needs nothing.
    reference = models.CharField(_("Reference"), max_length=255, blank=True)
    payload = models.JSONField(_("Payload"))
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=ProviderEventStatus.choices,
        default=ProviderEventStatus.RECEIVED,
    )
    attempts = models.PositiveSmallIntegerField(_("Attempts"), default=0)
    last_error = models.TextField(_("Last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("Next attempt"), null=True, blank=True)
    processed_at = models.DateTimeField(_("Processed"), null=True, blank=True)
    created_at = models.DateTimeField(_("Received"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("Provider event")
        verbose_name_plural = _("Provider events")
        constraints = (
            models.UniqueConstraint(
                fields=("provider", "event_id"), name="providerevent_once"
            ),
        )
        indexes = (
            models.Index(
                fields=("next_attempt_at",),
                condition=~Q(status="processed"),
                name="providerevent_unprocessed",
            ),
        )

    def __str__(self) -> str:
        return f"{self.provider} {self.type} {self.event_id}"


from oscar.apps.payment.models import *
