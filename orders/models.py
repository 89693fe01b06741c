"""Order models: Oscar's, placed in a market, with translated statuses and
addresses shown in their country's format.

Oscar's forking pattern: the classes defined here replace Oscar's concrete
models; everything else comes from the star import at the bottom.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.apps.address.abstract_models import (
    AbstractBillingAddress,
    AbstractShippingAddress,
)
from oscar.apps.order.abstract_models import (
    AbstractLine,
    AbstractOrder,
    AbstractOrderLineDiscount,
)
from oscar.core.loading import get_classes

from catalog.models import default_market_code

# Through Oscar's loader: the order app builds on the address app (Oscar's,
# forked in logistics.address), as it does in Oscar.
FormattedAddressMixin, PatronymicAddress = get_classes(
    "address.formats", ["FormattedAddressMixin", "PatronymicAddress"]
)


class OrderStatus(models.TextChoices):
    """The statuses of OSCAR_ORDER_STATUS_PIPELINE, with their translated labels.

    Oscar stores the status as its English name; the label is what people read.
    """

    # Placed, its stock held, until its payment is confirmed (payments).
    AWAITING_PAYMENT = (
        "Awaiting payment",
        pgettext_lazy("order status", "Awaiting payment"),
    )
    PENDING = "Pending", pgettext_lazy("order status", "Pending")
    BEING_PROCESSED = (
        "Being processed",
        pgettext_lazy("order status", "Being processed"),
    )
    COMPLETE = "Complete", pgettext_lazy("order status", "Complete")
    CANCELLED = "Cancelled", pgettext_lazy("order status", "Cancelled")


class Order(AbstractOrder):
    market = models.ForeignKey(
        "catalogue.Market",
        on_delete=models.PROTECT,
        related_name="orders",
        default=default_market_code,
        verbose_name=_("Market"),
    )
    # The language the shopper ordered in: later emails are written in it.
    language = models.CharField(
        _("Language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    @property
    def status_label(self) -> str:
        """The status in the active language (the raw name if it is unknown)."""
        try:
            return OrderStatus(self.status).label
        except ValueError:
            return self.status

    def vat_by_rate(self) -> list[tuple[Decimal, Decimal]]:
        """Return (rate, VAT) pairs of the lines, highest rate first.

        Each line's tax code is the VAT rate its price was split by
        (vendors.strategy.VatIncludedPrice); lines without one are left out.
        """
        totals: dict[Decimal, Decimal] = {}
        for line in self.lines.all():
            if line.tax_code:
                rate = Decimal(line.tax_code)
                vat = line.line_price_incl_tax - line.line_price_excl_tax
                totals[rate] = totals.get(rate, Decimal(0)) + vat
        return sorted(totals.items(), reverse=True)


class OrderPartStatus(models.TextChoices):
    """Where one vendor's part of an order stands.

    A part paid in advance waits for its payment before the vendor sees it.
    """

    AWAITING_PAYMENT = (
        "awaiting_payment",
        pgettext_lazy("order part status", "Awaiting payment"),
    )
    PLACED = "placed", pgettext_lazy("order part status", "Placed")
    ACCEPTED = "accepted", pgettext_lazy("order part status", "Accepted")
    PACKED = "packed", pgettext_lazy("order part status", "Packed")
    SHIPPED = "shipped", pgettext_lazy("order part status", "Shipped")
    DELIVERED = "delivered", pgettext_lazy("order part status", "Delivered")
    CANCELLED = "cancelled", pgettext_lazy("order part status", "Cancelled")


# The one transition table of an order part (orders.services.order_part_transition).
ORDER_PART_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderPartStatus.AWAITING_PAYMENT: frozenset(
        {OrderPartStatus.PLACED, OrderPartStatus.CANCELLED}
    ),
    OrderPartStatus.PLACED: frozenset(
        {OrderPartStatus.ACCEPTED, OrderPartStatus.CANCELLED}
    ),
    OrderPartStatus.ACCEPTED: frozenset(
        {OrderPartStatus.PACKED, OrderPartStatus.CANCELLED}
    ),
    OrderPartStatus.PACKED: frozenset(
        {OrderPartStatus.SHIPPED, OrderPartStatus.CANCELLED}
    ),
    OrderPartStatus.SHIPPED: frozenset({OrderPartStatus.DELIVERED}),
    OrderPartStatus.DELIVERED: frozenset(),
    OrderPartStatus.CANCELLED: frozenset(),
}


class OrderPart(models.Model):
    """One vendor's part of an order: its lines, shipping charge and status.

    The shopper sees one order with one number; each vendor sees and handles
    only its own part (its lines are `part.lines`).
    """

    order = models.ForeignKey(
        "order.Order",
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("Order"),
    )
    vendor = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="order_parts",
        verbose_name=_("Vendor"),
    )
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=OrderPartStatus.choices,
        default=OrderPartStatus.PLACED,
    )
    shipping_incl_tax = models.DecimalField(
        _("Shipping (incl. tax)"), max_digits=12, decimal_places=2, default=0
    )
    shipping_excl_tax = models.DecimalField(
        _("Shipping (excl. tax)"), max_digits=12, decimal_places=2, default=0
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "order"
        ordering = ("order", "pk")
        verbose_name = _("Order part")
        verbose_name_plural = _("Order parts")
        constraints = (
            models.UniqueConstraint(
                fields=("order", "vendor"), name="orderpart_one_per_vendor"
            ),
        )

    def __str__(self) -> str:
        return f"{self.order.number} / {self.vendor}"

    @property
    def status_label(self) -> str:
        return OrderPartStatus(self.status).label

    @property
    def is_open(self) -> bool:
        """Whether anything may still happen to the part."""
        return bool(ORDER_PART_TRANSITIONS[self.status])

    @property
    def can_be_cancelled(self) -> bool:
        """Whether the part may still be cancelled: it has not shipped."""
        return OrderPartStatus.CANCELLED in ORDER_PART_TRANSITIONS[self.status]


class OrderPartEvent(models.Model):
    """One step of an order part: who moved it from which status to which.

    Rows are only ever inserted; the database refuses to update or delete them.
    """

    # An order with a history is kept: its events protect it from deletion.
    part = models.ForeignKey(OrderPart, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(
        _("From"), max_length=16, choices=OrderPartStatus.choices
    )
    to_status = models.CharField(
        _("To"), max_length=16, choices=OrderPartStatus.choices
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
    created_at = models.DateTimeField(_("When"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "order"
        ordering = ("part", "created_at", "pk")
        verbose_name = _("Order part event")
        verbose_name_plural = _("Order part events")

    def __str__(self) -> str:
        return f"{self.part}: {self.from_status} → {self.to_status}"


class OrderNotificationKind(models.TextChoices):
    """The emails orders send, each once per event."""

    ORDER_PLACED = "order_placed", _("An order is placed")
    PART_RECEIVED = "part_received", _("New order for a vendor's part")
    PART_SHIPPED = "part_shipped", _("A part is shipped")
    PART_DELIVERED = "part_delivered", _("A part is delivered")
    PART_CANCELLED = "part_cancelled", _("A part is cancelled")
    RETURN_REQUESTED = "return_requested", _("A shopper asks to return items")
    RETURN_ACCEPTED = "return_accepted", _("A return is accepted")
    RETURN_REFUSED = "return_refused", _("A return is refused")
    RETURN_DISPUTED = "return_disputed", _("A shopper disputes a refused return")
    RETURN_RESOLVED = "return_resolved", _("Staff decided a disputed return")
    REFUNDED = "refunded", _("A refund is made")


class OrderNotification(models.Model):
    """An email an order event owes someone: the transactional outbox.

    Written in the transaction of the event itself, so the email exists if and
    only if the event does; a worker relays it (orders.services
    .order_notifications_relay) and marks it sent. `key` names the event and
    the recipient, so an event never owes the same email twice.
    """

    kind = models.CharField(
        _("Kind"), max_length=32, choices=OrderNotificationKind.choices
    )
    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="notifications"
    )
    part = models.ForeignKey(
        OrderPart,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    recipient = models.EmailField(_("Recipient"))
    language = models.CharField(
        _("Language"), max_length=10, choices=settings.LANGUAGES
    )
    key = models.CharField(max_length=255, unique=True)
    sent_at = models.DateTimeField(_("Sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "order"
        ordering = ("pk",)
        verbose_name = _("Order notification")
        verbose_name_plural = _("Order notifications")
        indexes = (
            models.Index(
                fields=("id",),
                condition=models.Q(sent_at__isnull=True),
                name="ordernotification_unsent",
            ),
        )

    def __str__(self) -> str:
        return self.key


class Line(AbstractLine):
    part = models.ForeignKey(
        OrderPart,
        on_delete=models.CASCADE,
        null=True,  # lines of orders placed before parts whose vendor is gone
        blank=True,
        related_name="lines",
        verbose_name=_("Order part"),
    )


class OrderLineDiscount(AbstractOrderLineDiscount):
    """A line's share of one offer's discount, and who pays for it.

    Kept at the moment of the order, so the vendor's credit does not change
    when the offer changes later: a vendor is credited the price before the
    discounts the platform funds and after those it funds itself.
    """

    funded_by = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_line_discounts",
        verbose_name=_("Funded by"),
        help_text=_("Empty: the platform."),
    )

    @property
    def is_platform_funded(self) -> bool:
        return self.funded_by_id is None


class ShippingAddress(
    FormattedAddressMixin, AbstractShippingAddress, PatronymicAddress
):
    pass


class BillingAddress(FormattedAddressMixin, AbstractBillingAddress, PatronymicAddress):
    pass


class ReturnStatus(models.TextChoices):
    """Where a shopper's request to return items stands."""

    REQUESTED = "requested", pgettext_lazy("return status", "Requested")
    ACCEPTED = "accepted", pgettext_lazy("return status", "Accepted")
    REFUSED = "refused", pgettext_lazy("return status", "Refused")
    DISPUTED = "disputed", pgettext_lazy("return status", "Disputed")
    REFUSED_FINAL = (
        "refused_final",
        pgettext_lazy("return status", "Refused after review"),
    )


# The one transition table of a return (orders.returns.services.return_transition):
# the vendor accepts or refuses; the shopper disputes a refusal; staff decide.
RETURN_TRANSITIONS: dict[str, frozenset[str]] = {
    ReturnStatus.REQUESTED: frozenset({ReturnStatus.ACCEPTED, ReturnStatus.REFUSED}),
    ReturnStatus.REFUSED: frozenset({ReturnStatus.DISPUTED}),
    ReturnStatus.DISPUTED: frozenset(
        {ReturnStatus.ACCEPTED, ReturnStatus.REFUSED_FINAL}
    ),
    ReturnStatus.ACCEPTED: frozenset(),
    ReturnStatus.REFUSED_FINAL: frozenset(),
}

# The returns whose lines count against what may still be returned: open
# ones and accepted ones. A refused return frees its items until disputed.
RETURN_HOLDING_STATUSES = frozenset(
    {ReturnStatus.REQUESTED, ReturnStatus.ACCEPTED, ReturnStatus.DISPUTED}
)


class ReturnReason(models.TextChoices):
    CHANGED_MIND = "changed_mind", _("I changed my mind")
    DAMAGED = "damaged", _("It arrived damaged")
    DEFECTIVE = "defective", _("It does not work")
    WRONG_ITEM = "wrong_item", _("I received the wrong item")
    NOT_AS_DESCRIBED = "not_as_described", _("It is not as described")
    OTHER = "other", _("Another reason")


class ReturnRequest(models.Model):
    """A shopper's request to return lines of one vendor's delivered part.

    The shopper writes the reason; the vendor's note and the staff's
    decision are written by vendors and staff and always shown escaped.
    """

    part = models.ForeignKey(
        OrderPart,
        on_delete=models.PROTECT,
        related_name="return_requests",
        verbose_name=_("Order part"),
    )
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=ReturnStatus.choices,
        default=ReturnStatus.REQUESTED,
    )
    reason = models.CharField(_("Reason"), max_length=32, choices=ReturnReason.choices)
    description = models.TextField(_("What happened"), blank=True)
    vendor_note = models.TextField(_("Seller's note"), blank=True)
    dispute_note = models.TextField(_("Why the shopper disputes"), blank=True)
    staff_note = models.TextField(_("Staff decision"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Asked by"),
    )
    created_at = models.DateTimeField(_("Asked"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "order"
        ordering = ("-created_at", "-pk")
        verbose_name = _("Return request")
        verbose_name_plural = _("Return requests")

    def __str__(self) -> str:
        return f"{self.part} / {self.pk}"

    @property
    def status_label(self) -> str:
        return ReturnStatus(self.status).label

    @property
    def can_be_disputed(self) -> bool:
        return ReturnStatus.DISPUTED in RETURN_TRANSITIONS[self.status]

    @property
    def awaits_vendor(self) -> bool:
        return self.status == ReturnStatus.REQUESTED


class ReturnLine(models.Model):
    """How many units of one order line a return asks to send back."""

    request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="lines"
    )
    line = models.ForeignKey(
        "order.Line",
        on_delete=models.PROTECT,
        related_name="return_lines",
        verbose_name=_("Order line"),
    )
    quantity = models.PositiveIntegerField(_("Quantity"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "order"
        ordering = ("request", "pk")
        verbose_name = _("Returned line")
        verbose_name_plural = _("Returned lines")
        constraints = (
            models.UniqueConstraint(
                fields=("request", "line"), name="returnline_one_per_line"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="returnline_quantity_positive"
            ),
        )

    def __str__(self) -> str:
        return f"{self.line} x {self.quantity}"


class ReturnPhoto(models.Model):
    """A shopper's photo of returned items, checked and re-encoded on upload.

    Its file gets a random name (orders.returns.services), so its address
    cannot be guessed.
    """

    request = models.ForeignKey(
        ReturnRequest, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("Photo"), upload_to="returns/photos/%Y/%m/", max_length=255
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "order"
        ordering = ("request", "pk")
        verbose_name = _("Return photo")
        verbose_name_plural = _("Return photos")

    def __str__(self) -> str:
        return self.image.name


class ReturnEvent(models.Model):
    """One step of a return: who moved it from which status to which, and why.

    Rows are only ever inserted; the database refuses to update or delete them.
    """

    request = models.ForeignKey(
        ReturnRequest, on_delete=models.PROTECT, related_name="events"
    )
    from_status = models.CharField(
        _("From"), max_length=16, choices=ReturnStatus.choices, blank=True
    )
    to_status = models.CharField(_("To"), max_length=16, choices=ReturnStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("By"),
    )
    note = models.TextField(_("Note"), blank=True)
    created_at = models.DateTimeField(_("When"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "order"
        ordering = ("request", "created_at", "pk")
        verbose_name = _("Return event")
        verbose_name_plural = _("Return events")

    def __str__(self) -> str:
        return f"{self.request}: {self.from_status} → {self.to_status}"


from oscar.apps.order.models import *
