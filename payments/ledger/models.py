"""Commission rules, the commission fixed on each order line, and the vendors'
append-only ledger.

Star-imported by payments/models.py, so the models belong to Oscar's
`payment` app; their tables are payment_commissionrule,
payment_linecommission and payment_ledgerentry.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.pricing import minor_unit_validate

__all__ = [
    "CommissionRule",
    "LedgerEntry",
    "LedgerEntryKind",
    "LineCommission",
]


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


def percent_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        **kwargs,
    )


class CommissionRule(models.Model):
    """What the platform takes of a line: a percentage of its price, plus a
    fixed amount per unit sold.

    Which rule applies to an order line (payments.ledger.services
    .commission_rule_pick), among the active rules of the order's market or
    of every market, the most specific one:

    1. the line's vendor and one of its product's categories;
    2. the line's vendor, any category;
    3. one of the product's categories, any vendor;
    4. neither vendor nor category (the platform's rate in a market or in
       all of them);
    5. none of these: the setting MARKETPLACE_COMMISSION_DEFAULT_PERCENT
       (10 % unless set), with no fixed amount.

    A category's rule covers its subcategories; when several categories
    match (the product's categories and their ancestors), the deepest one
    wins. Then a rule of the order's own market beats one of every market,
    and the newest rule breaks a remaining tie.

    The fixed amount is in the market's currency, so a rule with one names
    its market. Changing or deleting a rule never changes the commission of
    an order placed before: each line keeps its own (LineCommission).
    """

    vendor = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commission_rules",
        verbose_name=_("Vendor"),
        help_text=_("Empty: every vendor."),
    )
    category = models.ForeignKey(
        "catalogue.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commission_rules",
        verbose_name=_("Category"),
        help_text=_("Empty: every category. A category covers its subcategories."),
    )
    market = models.ForeignKey(
        "catalogue.Market",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commission_rules",
        verbose_name=_("Market"),
        help_text=_("Empty: every market. A fixed amount needs a market."),
    )
    percent = percent_field(
        _("Percent"), help_text=_("Of the line's price with VAT, e.g. 12.50")
    )
    fixed = money_field(
        _("Fixed amount per unit"),
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In the market's currency, for each unit sold."),
    )
    is_active = models.BooleanField(_("Active"), default=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        app_label = "payment"
        ordering = ("-created_at", "-pk")
        verbose_name = _("Commission rule")
        verbose_name_plural = _("Commission rules")
        constraints = (
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100),
                name="commissionrule_percent_0_100",
            ),
            models.CheckConstraint(
                condition=Q(fixed__gte=0), name="commissionrule_fixed_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(fixed=0) | Q(market__isnull=False),
                name="commissionrule_fixed_needs_market",
            ),
        )

    def __str__(self) -> str:
        return _(
            "%(percent)s %% + %(fixed)s (%(vendor)s, %(category)s, %(market)s)"
        ) % {
            "percent": self.percent,
            "fixed": self.fixed,
            "vendor": self.vendor or _("every vendor"),
            "category": self.category or _("every category"),
            "market": self.market or _("every market"),
        }

    def clean(self) -> None:
        super().clean()
        if self.fixed and self.market_id is None:
            raise ValidationError(
                {
                    "market": ValidationError(
                        _("A fixed amount is in a market's currency: pick one."),
                        code="fixed_needs_market",
                    )
                }
            )
        if self.fixed and self.market_id is not None:
            try:
                minor_unit_validate(self.fixed, self.market.currency)
            except ValidationError as exc:
                raise ValidationError({"fixed": exc}) from exc


class LineCommission(models.Model):
    """The commission of one order line, fixed when the order is placed.

    Written once by payments.ledger.services.order_commissions_record and
    never changed (a database trigger refuses any change but forgetting a
    deleted rule), so rules changed later never alter a past order. The rule's
    percent and fixed amount are copied here.

    The commission is a fee the platform charges the vendor, with VAT
    included at the market's standard rate: `vat` is the VAT part of
    `amount_incl_tax` (catalog.pricing.vat_part), the rest is
    `amount_excl_tax`.
    """

    line = models.OneToOneField(
        "order.Line",
        on_delete=models.PROTECT,
        related_name="commission",
        verbose_name=_("Order line"),
    )
    rule = models.ForeignKey(
        CommissionRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="line_commissions",
        verbose_name=_("Rule"),
        help_text=_("Empty: the platform's default rate, or a rule deleted since."),
    )
    percent = percent_field(_("Percent"))
    fixed = money_field(_("Fixed amount per unit"))
    base_incl_tax = money_field(
        _("Commission base (incl. tax)"),
        help_text=_(
            "The line's price with VAT, before the discounts the platform funds."
        ),
    )
    vat_rate = percent_field(_("VAT rate of the fee"))
    amount_excl_tax = money_field(_("Commission (excl. tax)"))
    vat = money_field(_("VAT of the commission"))
    amount_incl_tax = money_field(_("Commission (incl. tax)"))
    currency = models.CharField(_("Currency"), max_length=3)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        app_label = "payment"
        ordering = ("line", "pk")
        verbose_name = _("Line commission")
        verbose_name_plural = _("Line commissions")
        constraints = (
            models.CheckConstraint(
                condition=Q(amount_incl_tax=F("amount_excl_tax") + F("vat")),
                name="linecommission_parts_add_up",
            ),
            models.CheckConstraint(
                condition=Q(amount_incl_tax__gte=0)
                & Q(amount_incl_tax__lte=F("base_incl_tax")),
                name="linecommission_within_price",
            ),
        )

    def __str__(self) -> str:
        return f"{self.line_id}: {self.amount_incl_tax} {self.currency}"


class LedgerEntryKind(models.TextChoices):
    """What moved money in a vendor's ledger; the sign of each is fixed."""

    SALE = "sale", pgettext_lazy("ledger entry", "Sale")
    # The part of a sale's price the platform's own offers took off, which
    # the platform pays the vendor (orders.models.OrderLineDiscount).
    PLATFORM_DISCOUNT = (
        "platform_discount",
        pgettext_lazy("ledger entry", "Discount paid by the platform"),
    )
    SHIPPING = "shipping", pgettext_lazy("ledger entry", "Shipping")
    COMMISSION = "commission", pgettext_lazy("ledger entry", "Commission")
    CASH_COLLECTED = (
        "cash_collected",
        pgettext_lazy("ledger entry", "Cash collected on delivery"),
    )
    REFUND = "refund", pgettext_lazy("ledger entry", "Refund")
    COMMISSION_REVERSAL = (
        "commission_reversal",
        pgettext_lazy("ledger entry", "Commission returned"),
    )
    PLATFORM_DISCOUNT_REVERSAL = (
        "platform_discount_reversal",
        pgettext_lazy("ledger entry", "Platform's discount returned"),
    )
    PAYOUT = "payout", pgettext_lazy("ledger entry", "Payout")
    ADJUSTMENT = "adjustment", pgettext_lazy("ledger entry", "Adjustment")


# Kinds that only ever credit the vendor, and kinds that only ever debit it;
# an adjustment may do either.
CREDIT_KINDS = (
    LedgerEntryKind.SALE,
    LedgerEntryKind.PLATFORM_DISCOUNT,
    LedgerEntryKind.SHIPPING,
    LedgerEntryKind.COMMISSION_REVERSAL,
)
DEBIT_KINDS = (
    LedgerEntryKind.COMMISSION,
    LedgerEntryKind.CASH_COLLECTED,
    LedgerEntryKind.REFUND,
    LedgerEntryKind.PLATFORM_DISCOUNT_REVERSAL,
    LedgerEntryKind.PAYOUT,
)


def available_condition(*, now=None) -> Q:
    """The entries whose money counts as payable at `now`: those whose
    `available_at` has come, and those of no order part without one (a
    payout or an adjustment takes effect at once)."""
    return Q(available_at__lte=now or timezone.now()) | Q(
        part__isnull=True, available_at__isnull=True
    )


class LedgerEntryQuerySet(models.QuerySet):
    def for_vendor(self, vendor) -> "LedgerEntryQuerySet":
        return self.filter(vendor=vendor)

    def available(self, *, now=None) -> "LedgerEntryQuerySet":
        """Entries whose money counts as payable now (available_condition)."""
        return self.filter(available_condition(now=now))


class LedgerEntry(models.Model):
    """One movement of a vendor's money, signed: positive is owed to the vendor.

    The sum of a vendor's entries in a currency is its balance. Entries are
    only ever inserted; a database trigger refuses to delete one or to change
    it, except to set an `available_at` that was empty, once (a card part's
    money becomes payable when the part is delivered, see
    payments.ledger.services.ledger_part_delivered_record). `key` names the
    business event an entry records, and is unique, so each event is
    recorded once however often it is reported.

    `available_at` is when the money may be paid out (the end of the
    part's return window); empty while that is not known yet. An entry of no
    order part (a payout, an adjustment) without one counts at once.
    """

    vendor = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("Vendor"),
    )
    currency = models.CharField(_("Currency"), max_length=3)
    kind = models.CharField(_("Kind"), max_length=32, choices=LedgerEntryKind.choices)
    amount = money_field(_("Amount"))
    part = models.ForeignKey(
        "order.OrderPart",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("Order part"),
    )
    key = models.CharField(_("Event key"), max_length=255, unique=True)
    available_at = models.DateTimeField(_("Available from"), null=True, blank=True)
    note = models.TextField(_("Note"), blank=True)
    created_at = models.DateTimeField(_("Recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        app_label = "payment"
        ordering = ("created_at", "pk")
        verbose_name = _("Ledger entry")
        verbose_name_plural = _("Ledger entries")
        constraints = (
            models.CheckConstraint(
                condition=Q(kind__in=CREDIT_KINDS, amount__gte=0)
                | Q(kind__in=DEBIT_KINDS, amount__lte=0)
                | Q(kind=LedgerEntryKind.ADJUSTMENT),
                name="ledgerentry_sign_of_kind",
            ),
        )
        indexes = (
            models.Index(
                fields=("vendor", "currency", "created_at"),
                name="ledgerentry_vendor_statement",
            ),
            models.Index(
                fields=("part",),
                condition=Q(available_at__isnull=True),
                name="ledgerentry_not_yet_available",
            ),
        )

    def __str__(self) -> str:
        return f"{self.key}: {self.amount} {self.currency}"

    @property
    def kind_label(self) -> str:
        return LedgerEntryKind(self.kind).label
