"""Catalogue models: Oscar's, with text translated per language and safe HTML.

Oscar's forking pattern: the classes defined here replace Oscar's concrete
models; everything else comes from the star import at the bottom.
"""

from decimal import Decimal

import nh3
from babel.numbers import get_currency_precision, list_currencies
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname
from oscar.apps.catalogue.abstract_models import AbstractCategory, AbstractProduct
from oscar.core.utils import slugify

# Formatting a vendor may use in a description; everything else (scripts,
# styles, event handlers, iframes, images) is stripped.
DESCRIPTION_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
DESCRIPTION_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan"}, "td": {"colspan"}}


def sanitize_html(value: str) -> str:
    """Return value with only the safelisted formatting tags left."""
    return nh3.clean(
        value,
        tags=DESCRIPTION_TAGS,
        attributes=DESCRIPTION_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow ugc",
    )


class SanitizedHTMLField(models.TextField):
    """A TextField whose HTML is sanitised every time the row is saved.

    Oscar's templates print descriptions with `|safe`, so nothing unsanitised
    may reach the database, whichever path (dashboard, admin, import, shell)
    saves it. modeltranslation subclasses this field for every language, so
    each translation is sanitised too.
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = getattr(model_instance, self.attname)
        if value:
            value = sanitize_html(value)
            setattr(model_instance, self.attname, value)
        return value


def fill_translated_slugs(instance: models.Model, source_field: str) -> None:
    """Give the instance a slug in every language that lacks one.

    Without it, a category saved while Korean is active has no Russian slug
    and every Russian page that links to it fails to reverse its URL. Each
    slug comes from the name in that language, or from the fallback name.
    """
    fallback_source = getattr(instance, source_field)
    for code, _name in settings.LANGUAGES:
        slug_field = build_localized_fieldname("slug", code)
        if getattr(instance, slug_field, None):
            continue
        source = getattr(instance, build_localized_fieldname(source_field, code))
        setattr(instance, slug_field, slugify(source or fallback_source or ""))


def default_market_code() -> str:
    """The market of rows created without one (MARKETPLACE_DEFAULT_MARKET)."""
    return settings.MARKETPLACE_DEFAULT_MARKET


def language_choices() -> list[tuple[str, str]]:
    return [(code, _(name)) for code, name in settings.LANGUAGES]


def vat_rate_field(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Per cent, e.g. 22.00"),
    )


# What Korea's Act on Consumer Protection in Electronic Commerce wants any
# mail-order business to show of itself: the operator and each seller alike.
KOREAN_BUSINESS_IDENTITY = (
    ("legal_name", _("Trade name")),
    ("representative", _("Representative")),
    ("legal_address", _("Address")),
    ("phone", pgettext_lazy("legal details", "Phone")),
    ("email", _("Email")),
    ("registration_number", _("Business registration number")),
    ("mail_order_number", _("Mail-order business report number")),
)

# The operator's legal details each market's law wants on every page, in the
# order they are shown, with the name that law gives them. Markets not listed
# show the name, address and registration number.
LEGAL_DETAILS = {
    "KR": (
        *KOREAN_BUSINESS_IDENTITY,
        ("hosting_provider", _("Hosting provider")),
        ("privacy_officer", _("Chief privacy officer")),
    ),
    "RU": (
        ("legal_name", _("Operator")),
        ("legal_address", _("Address")),
        ("registration_number", _("OGRN")),
    ),
    "KZ": (
        ("legal_name", _("Operator")),
        ("legal_address", _("Address")),
        ("registration_number", _("BIN")),
    ),
    "LV": (
        ("legal_name", _("Company")),
        ("legal_address", _("Address")),
        ("registration_number", _("Registration number")),
        ("vat_number", _("VAT number")),
    ),
}
DEFAULT_LEGAL_DETAILS = (
    ("legal_name", _("Operator")),
    ("legal_address", _("Address")),
    ("registration_number", _("Registration number")),
)
# Markets whose law wants a marketplace to say it is not the seller.
BROKER_NOTICE_MARKETS = {"KR"}

# What product and vendor pages must tell about the seller in each market, as
# (vendor attribute, label), in the order shown: Korea's Act on Consumer
# Protection in Electronic Commerce, Russia's Law on Consumer Protection
# (art. 9: name, OGRN or OGRNIP, address), Kazakhstan's BIN, the EU's
# trader details. The vendors app fills the attributes.
SELLER_DETAILS = {
    "KR": KOREAN_BUSINESS_IDENTITY,
    "RU": (
        ("legal_name", _("Seller")),
        ("registration_number", _("OGRN or OGRNIP")),
        ("legal_address", _("Address")),
    ),
    "KZ": (
        ("legal_name", _("Seller")),
        ("registration_number", _("BIN or IIN")),
        ("legal_address", _("Address")),
    ),
    "LV": (
        ("legal_name", _("Seller")),
        ("legal_address", _("Address")),
        ("registration_number", _("Registration number")),
        ("vat_number", _("VAT number")),
        ("email", _("Email")),
    ),
}
DEFAULT_SELLER_DETAILS = (
    ("legal_name", _("Seller")),
    ("legal_address", _("Address")),
)


class Market(models.Model):
    """A country the platform sells in: its currency, languages, VAT and operator.

    Prices, stock and baskets belong to one market; the shopper's market is
    chosen per request (see catalog.middleware).
    """

    code = models.CharField(
        _("Country code"),
        max_length=2,
        primary_key=True,
        help_text=_("ISO 3166-1 alpha-2, e.g. RU"),
    )
    name = models.CharField(_("Name"), max_length=64)
    currency = models.CharField(
        _("Currency"), max_length=3, help_text=_("ISO 4217, e.g. RUB")
    )
    languages = ArrayField(
        models.CharField(max_length=8, choices=language_choices),
        verbose_name=_("Languages"),
    )
    default_language = models.CharField(
        _("Default language"), max_length=8, choices=language_choices
    )
    vat_rate = vat_rate_field(_("Standard VAT rate"))
    shipping_countries = models.ManyToManyField(
        "address.Country",
        related_name="markets",
        verbose_name=_("Shipping destinations"),
    )
    display_order = models.PositiveSmallIntegerField(_("Display order"), default=0)
    is_active = models.BooleanField(_("Active"), default=True)

    legal_name = models.CharField(_("Legal name"), max_length=200, blank=True)
    representative = models.CharField(_("Representative"), max_length=200, blank=True)
    legal_address = models.CharField(_("Legal address"), max_length=300, blank=True)
    phone = models.CharField(_("Phone"), max_length=32, blank=True)
    email = models.EmailField(_("Email"), blank=True)
    registration_number = models.CharField(
        _("Registration number"), max_length=64, blank=True
    )
    vat_number = models.CharField(_("VAT number"), max_length=64, blank=True)
    mail_order_number = models.CharField(
        _("Mail-order business report number"), max_length=64, blank=True
    )
    hosting_provider = models.CharField(
        _("Hosting provider"), max_length=200, blank=True
    )
    privacy_officer = models.CharField(_("Privacy officer"), max_length=200, blank=True)

    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ("display_order", "code")
        verbose_name = _("Market")
        verbose_name_plural = _("Markets")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.currency not in list_currencies():
            errors["currency"] = _("Not an ISO 4217 currency code.")
        if self.default_language not in (self.languages or []):
            errors["default_language"] = _(
                "The default language must be one of the market's languages."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def currency_digits(self) -> int:
        """The currency's number of minor-unit digits (KRW 0, RUB 2)."""
        return get_currency_precision(self.currency)

    @property
    def legal_details(self) -> list[tuple[str, str]]:
        """The operator's details this market's law wants shown, as (label, value)."""
        rules = LEGAL_DETAILS.get(self.code, DEFAULT_LEGAL_DETAILS)
        return [
            (label, getattr(self, field))
            for field, label in rules
            if getattr(self, field)
        ]

    @property
    def shows_broker_notice(self) -> bool:
        return self.code in BROKER_NOTICE_MARKETS

    def seller_details(self, seller: object) -> list[tuple[str, str]]:
        """Return what this market's law wants shown of a seller, as (label, value).

        A detail the seller lacks is returned with an empty value, so a page
        can tell that a required detail is missing.
        """
        rules = SELLER_DETAILS.get(self.code, DEFAULT_SELLER_DETAILS)
        return [(label, getattr(seller, field, "") or "") for field, label in rules]


class CategoryVatRate(models.Model):
    """A VAT rate of its own for a category and its subcategories in a market."""

    category = models.ForeignKey(
        "catalogue.Category",
        on_delete=models.CASCADE,
        related_name="vat_rates",
        verbose_name=_("Category"),
    )
    market = models.ForeignKey(
        Market,
        on_delete=models.CASCADE,
        related_name="category_vat_rates",
        verbose_name=_("Market"),
    )
    rate = vat_rate_field(_("VAT rate"))
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        ordering = ("market", "category")
        verbose_name = _("Category VAT rate")
        verbose_name_plural = _("Category VAT rates")
        constraints = (
            models.UniqueConstraint(
                fields=("category", "market"), name="category_vat_rate_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.category} · {self.market_id} · {self.rate} %"


class Category(AbstractCategory):
    description = SanitizedHTMLField(_("Description"), blank=True)
    long_description = SanitizedHTMLField(_("Long description"), blank=True)

    def save(self, *args, **kwargs):
        # Slugs are derived data Oscar itself fills in save(); the same place
        # keeps every language's slug present, whatever form saved the row.
        fill_translated_slugs(self, "name")
        super().save(*args, **kwargs)


class Product(AbstractProduct):
    description = SanitizedHTMLField(_("Description"), blank=True)
    # The parcel's weight, which vendors' shipping rates are banded by.
    weight = models.DecimalField(
        _("Weight (kg)"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
    )

    def save(self, *args, **kwargs):
        fill_translated_slugs(self, "title")
        super().save(*args, **kwargs)


from oscar.apps.catalogue.models import *
