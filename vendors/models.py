"""Vendor models: Oscar's partner as a vendor, with a stock record per market.

Oscar's forking pattern: the classes defined here replace Oscar's concrete
models; everything else comes from the star import at the bottom.
"""

import phonenumbers
from babel import Locale
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.apps.partner.abstract_models import AbstractPartner, AbstractStockRecord
from oscar.models.fields import AutoSlugField
from phonenumber_field.modelfields import PhoneNumberField

from catalog.models import default_market_code
from vendors.identifiers import identifier_countries, identifier_kinds


class VendorStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("vendor status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("vendor status", "Submitted")
    MORE_INFO = (
        "more_info",
        pgettext_lazy("vendor status", "More information requested"),
    )
    APPROVED = "approved", pgettext_lazy("vendor status", "Approved")
    REJECTED = "rejected", pgettext_lazy("vendor status", "Rejected")
    SUSPENDED = "suspended", pgettext_lazy("vendor status", "Suspended")


def vendor_country_choices() -> list[tuple[str, str]]:
    """The countries vendors may be from, named in the active language (CLDR)."""
    locale = Locale.parse(translation.to_locale(translation.get_language() or "en"))
    return sorted(
        ((code, locale.territories.get(code, code)) for code in identifier_countries()),
        key=lambda choice: choice[1],
    )


class VendorQuerySet(models.QuerySet):
    def selling(self) -> "VendorQuerySet":
        """Vendors whose goods may be shown and sold: approved, not suspended."""
        return self.filter(status=VendorStatus.APPROVED)


class Partner(AbstractPartner):
    """A vendor: a company selling on the marketplace, from application on.

    Oscar's `name` is the store name shoppers see. The vendor is created as a
    draft application and sells only once staff approve it
    (vendors.services, which holds the status transitions).
    """

    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=VendorStatus.choices,
        # A vendor staff create (admin, Oscar's dashboard) sells at once;
        # an applicant's starts as a draft (vendors.services).
        default=VendorStatus.APPROVED,
        db_index=True,
    )
    language = models.CharField(
        _("Language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the vendor is written to in."),
    )

    # The company.
    legal_name = models.CharField(_("Legal name"), max_length=255, blank=True)
    legal_form = models.CharField(
        _("Legal form"),
        max_length=64,
        blank=True,
        help_text=_("For example LLC, sole proprietor, SIA, 주식회사."),
    )
    country = models.CharField(
        _("Country"), max_length=2, blank=True, choices=vendor_country_choices
    )
    tax_number = models.CharField(_("Tax number"), max_length=32, blank=True)
    registration_number = models.CharField(
        _("Registration number"), max_length=32, blank=True
    )
    mail_order_number = models.CharField(
        _("Mail-order business report number"), max_length=64, blank=True
    )
    legal_address = models.TextField(_("Legal address"), blank=True)
    representative = models.CharField(
        _("Representative"),
        max_length=128,
        blank=True,
        help_text=_("The head of the company, as registered."),
    )
    contact_name = models.CharField(_("Contact person"), max_length=128, blank=True)
    contact_email = models.EmailField(_("Contact email"), blank=True)
    phone = PhoneNumberField(_("Phone"), blank=True)

    # Where the vendor's money goes.
    payout_account_holder = models.CharField(
        _("Account holder"), max_length=255, blank=True
    )
    payout_bank_name = models.CharField(_("Bank"), max_length=255, blank=True)
    payout_bank_code = models.CharField(
        _("Bank code"), max_length=32, blank=True, help_text=_("BIC, SWIFT or BIK.")
    )
    payout_account = models.CharField(
        _("Account number"), max_length=64, blank=True, help_text=_("IBAN or account.")
    )

    # The store shoppers see. Its address is made from the store's name
    # (unique, in the name's own letters); the vendor may change it.
    slug = AutoSlugField(
        _("Store address"),
        max_length=128,
        unique=True,
        populate_from="name",
        editable=True,
    )
    logo = models.ImageField(
        _("Logo"), upload_to="vendors/logos/%Y/%m/", blank=True, max_length=255
    )
    description = models.TextField(_("Store description"), blank=True)
    # Where a market's law sets a longer window, that one applies
    # (orders.returns.services.return_window_days).
    return_days = models.PositiveSmallIntegerField(
        _("Days to return"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "How many days after delivery shoppers may ask to return items. "
            "Where the law of the market gives more, the law applies."
        ),
    )

    submitted_at = models.DateTimeField(_("Submitted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="VendorMember",
        related_name="partners",
        blank=True,
        verbose_name=_("Users"),
    )

    objects = VendorQuerySet.as_manager()

    class Meta(AbstractPartner.Meta):
        verbose_name = _("Vendor")
        verbose_name_plural = _("Vendors")

    def get_absolute_url(self) -> str:
        return reverse("vendors:vendor-detail", kwargs={"slug": self.slug})

    @property
    def phone_display(self) -> str:
        """The phone as written in the vendor's country, else internationally."""
        if not self.phone:
            return ""
        if self.phone.country_code == phonenumbers.country_code_for_region(
            self.country or "ZZ"
        ):
            return self.phone.as_national
        return self.phone.as_international

    @property
    def identifier_list(self) -> list[dict[str, str]]:
        """The vendor's numbers with their labels, written the usual way."""
        return [
            {"label": kind.label, "value": kind.format(getattr(self, kind.code))}
            for kind in identifier_kinds(self.country)
            if getattr(self, kind.code)
        ]

    @property
    def is_selling(self) -> bool:
        return self.status == VendorStatus.APPROVED

    @property
    def is_editable_application(self) -> bool:
        return self.status in (VendorStatus.DRAFT, VendorStatus.MORE_INFO)


class VendorRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    STAFF = "staff", pgettext_lazy("vendor role", "Staff")


class VendorMember(models.Model):
    """A user acting for a vendor. A user acts for one vendor at most."""

    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.CASCADE, related_name="members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vendor_member",
    )
    role = models.CharField(
        _("Role"), max_length=16, choices=VendorRole.choices, default=VendorRole.STAFF
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "partner"
        ordering = ("partner", "created_at", "pk")
        verbose_name = _("Vendor user")
        verbose_name_plural = _("Vendor users")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class VendorProduct(models.Model):
    """Which vendor a product belongs to (the one that created it), and its SKU.

    Only that vendor's users (and staff) change the product; other vendors
    may only be offered it through their own stock records. The SKU is the
    vendor's key for the product (bulk files find products by it), so it is
    kept here, whether or not the product is offered anywhere; it is copied
    to the `partner_sku` of the vendor's stock records, which Oscar's order
    lines copy in turn.
    """

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="vendor_product"
    )
    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.PROTECT, related_name="vendor_products"
    )
    sku = models.CharField(_("SKU"), max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "partner"
        ordering = ("partner", "-created_at", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=("partner", "sku"), name="vendorproduct_sku_unique_per_vendor"
            ),
        )
        verbose_name = _("Vendor's product")
        verbose_name_plural = _("Vendors' products")

    def __str__(self) -> str:
        return f"{self.product} ({self.partner})"


def private_storage():
    return storages["private"]


class VendorUploadStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("upload status", "Waiting")
    PROCESSING = "processing", pgettext_lazy("upload status", "Processing")
    DONE = "done", pgettext_lazy("upload status", "Done")
    FAILED = "failed", pgettext_lazy("upload status", "Failed")


class VendorUpload(models.Model):
    """A catalogue file (CSV or XLSX) a vendor uploaded, and what came of it.

    The file is processed by a Celery task, which keeps the counts and the
    rejected rows (row number, column, reason in the vendor's language) here.
    """

    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.CASCADE, related_name="uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(
        _("File"),
        storage=private_storage,
        upload_to="vendors/uploads/%Y/%m/",
        max_length=255,
    )
    original_name = models.CharField(_("File name"), max_length=255)
    language = models.CharField(
        _("Language"), max_length=10, choices=settings.LANGUAGES
    )
    status = models.CharField(
        _("Status"),
        max_length=16,
        choices=VendorUploadStatus.choices,
        default=VendorUploadStatus.PENDING,
    )
    total_rows = models.PositiveIntegerField(_("Rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("Rows read"), default=0)
    created_count = models.PositiveIntegerField(_("Created"), default=0)
    updated_count = models.PositiveIntegerField(_("Updated"), default=0)
    # [{"row": 7, "column": "price_RU", "message": "…"}, …]
    errors = models.JSONField(_("Rejected rows"), default=list, blank=True)
    finished_at = models.DateTimeField(_("Finished"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "partner"
        ordering = ("partner", "-created_at", "-pk")
        verbose_name = _("Catalogue upload")
        verbose_name_plural = _("Catalogue uploads")

    def __str__(self) -> str:
        return self.original_name


class VendorInvitation(models.Model):
    """An owner's invitation to a person to act for the vendor as its staff."""

    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("Email"))
    role = models.CharField(
        _("Role"), max_length=16, choices=VendorRole.choices, default=VendorRole.STAFF
    )
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("Accepted"), null=True, blank=True)
    expires_at = models.DateTimeField(_("Expires"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "partner"
        ordering = ("partner", "-created_at", "-pk")
        verbose_name = _("Vendor invitation")
        verbose_name_plural = _("Vendor invitations")

    def __str__(self) -> str:
        return self.email


class VendorDocumentKind(models.TextChoices):
    REGISTRATION = "registration", _("Certificate of registration")
    TAX = "tax", _("Tax registration certificate")
    MAIL_ORDER = "mail_order", _("Mail-order business report")
    BANK = "bank", _("Bank account confirmation")
    OTHER = "other", _("Other document")


class VendorDocument(models.Model):
    """A document of a vendor's application, kept in private storage."""

    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(
        _("Document"), max_length=16, choices=VendorDocumentKind.choices
    )
    file = models.FileField(
        _("File"),
        storage=private_storage,
        upload_to="vendors/documents/%Y/%m/",
        max_length=255,
    )
    original_name = models.CharField(_("File name"), max_length=255)
    content_type = models.CharField(_("Type"), max_length=64)
    size = models.PositiveIntegerField(_("Size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "partner"
        ordering = ("partner", "created_at", "pk")
        verbose_name = _("Vendor document")
        verbose_name_plural = _("Vendor documents")

    def __str__(self) -> str:
        return self.original_name


class VendorEvent(models.Model):
    """One step in a vendor's audit trail: who moved it from which state to which.

    Rows are only ever inserted; the database refuses to update or delete them.
    """

    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.PROTECT, related_name="events"
    )
    from_status = models.CharField(
        _("From"), max_length=16, choices=VendorStatus.choices, blank=True
    )
    to_status = models.CharField(_("To"), max_length=16, choices=VendorStatus.choices)
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
        app_label = "partner"
        ordering = ("partner", "created_at", "pk")
        verbose_name = _("Vendor event")
        verbose_name_plural = _("Vendor events")

    def __str__(self) -> str:
        return f"{self.partner}: {self.from_status} → {self.to_status}"


class StockRecordQuerySet(models.QuerySet):
    def on_sale(self, *, market) -> "StockRecordQuerySet":
        """Offers shoppers in the market may see and buy: from selling vendors.

        With their vendor, whom the strategy asks whether it still sells.
        """
        return self.filter(
            market=market, partner__status=VendorStatus.APPROVED
        ).select_related("partner")


class StockRecord(AbstractStockRecord):
    """A vendor's offer of a product in one market: price and stock there.

    Stock is kept per market, because a vendor usually ships each market from
    its own warehouse. The price is the consumer price with VAT included, in
    the market's currency.
    """

    market = models.ForeignKey(
        "catalogue.Market",
        on_delete=models.PROTECT,
        related_name="stockrecords",
        default=default_market_code,
        verbose_name=_("Market"),
    )

    objects = StockRecordQuerySet.as_manager()

    class Meta(AbstractStockRecord.Meta):
        unique_together = ()
        constraints = (
            models.UniqueConstraint(
                fields=("partner", "partner_sku", "market"),
                name="stockrecord_sku_unique_per_vendor_and_market",
            ),
            models.UniqueConstraint(
                fields=("product", "partner", "market"),
                name="stockrecord_one_per_product_vendor_and_market",
            ),
            # Never more units sold and not shipped than there are: the last
            # guard behind vendors.services.stockrecord_allocate.
            models.CheckConstraint(
                condition=Q(num_allocated__isnull=True)
                | Q(num_allocated__lte=Coalesce(F("num_in_stock"), 0)),
                name="stockrecord_allocated_within_stock",
                violation_error_message=_(
                    "Stock cannot be lower than the units sold and not shipped yet."
                ),
            ),
        )

    def clean(self) -> None:
        super().clean()
        if self.market_id and self.price_currency != self.market.currency:
            raise ValidationError(
                {
                    "price_currency": _("Prices in %(market)s are in %(currency)s.")
                    % {"market": self.market, "currency": self.market.currency}
                }
            )


from oscar.apps.partner.models import *
