"""Shipping: Oscar's models, and the carriers and shipments of vendors' parts.

Oscar's forking pattern: the classes defined here come beside Oscar's
concrete models, which the star import at the bottom brings.
"""

import re
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Carrier(models.Model):
    """A delivery company vendors ship with; staff keep the list in admin."""

    code = models.SlugField(_("Code"), max_length=32, unique=True)
    name = models.CharField(_("Name"), max_length=64)
    tracking_number_pattern = models.CharField(
        _("Tracking number format"),
        max_length=255,
        help_text=_("A regular expression the whole tracking number must match."),
    )
    tracking_number_example = models.CharField(
        _("Tracking number example"), max_length=64
    )
    tracking_url = models.CharField(
        _("Tracking page"),
        max_length=255,
        blank=True,
        help_text=_("The carrier's tracking page, with {number} for the number."),
    )
    is_active = models.BooleanField(_("Active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "shipping"
        ordering = ("name",)
        verbose_name = _("Carrier")
        verbose_name_plural = _("Carriers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            re.compile(self.tracking_number_pattern)
        except re.error as exc:
            raise ValidationError(
                {"tracking_number_pattern": _("This is not a regular expression.")}
            ) from exc
        if "{number}" not in self.tracking_url and self.tracking_url:
            raise ValidationError({"tracking_url": _("Put {number} in the address.")})

    def tracking_number_clean(self, number: str) -> str:
        """Return the number as the carrier writes it, or raise ValidationError."""
        cleaned = re.sub(r"[\s-]", "", number).upper()
        if not re.fullmatch(self.tracking_number_pattern, cleaned):
            raise ValidationError(
                _(
                    "This is not a %(carrier)s tracking number; they look like "
                    "%(example)s."
                ),
                code="tracking_number_format",
                params={"carrier": self.name, "example": self.tracking_number_example},
            )
        return cleaned

    def tracking_link(self, number: str) -> str:
        return self.tracking_url.replace("{number}", number)


class DeliveryKind(models.TextChoices):
    DOOR = "door", _("To the door")
    PICKUP_POINT = "pickup_point", _("To a pickup point")


class ShippingMethod(models.Model):
    """One way a vendor sends parcels in one market: carrier, service, zone, rates.

    The zone is a set of countries, narrowed to some of their regions where
    that matters; the charge is the rate of the parcel's weight band, or
    nothing from the free-shipping threshold on. Amounts are in the market's
    currency, VAT included, like every consumer price.
    """

    partner = models.ForeignKey(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="shipping_methods",
        verbose_name=_("Vendor"),
    )
    market = models.ForeignKey(
        "catalogue.Market",
        on_delete=models.PROTECT,
        related_name="shipping_methods",
        verbose_name=_("Market"),
    )
    carrier = models.ForeignKey(
        Carrier,
        on_delete=models.PROTECT,
        related_name="methods",
        verbose_name=_("Carrier"),
    )
    service = models.CharField(
        _("Service"),
        max_length=64,
        help_text=_("As the carrier names it: Courier, Parcel, ..."),
    )
    description = models.TextField(_("Description"), blank=True)
    kind = models.CharField(
        _("Delivers"),
        max_length=16,
        choices=DeliveryKind.choices,
        default=DeliveryKind.DOOR,
    )
    countries = models.ManyToManyField(
        "address.Country", related_name="+", verbose_name=_("Countries")
    )
    regions = ArrayField(
        models.CharField(max_length=64),
        blank=True,
        default=list,
        verbose_name=_("Regions"),
        help_text=_(
            "Only these regions, as addresses name them; empty: the whole country."
        ),
    )
    handling_days = models.PositiveSmallIntegerField(
        _("Handling time (days)"), default=1
    )
    transit_days_min = models.PositiveSmallIntegerField(
        _("Transit from (days)"), default=1
    )
    transit_days_max = models.PositiveSmallIntegerField(
        _("Transit up to (days)"), default=3
    )
    free_over = models.DecimalField(
        _("Free from"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("The part's total from which shipping is free; empty: never."),
    )
    is_active = models.BooleanField(_("Active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "shipping"
        ordering = ("partner", "market", "pk")
        verbose_name = _("Vendor shipping method")
        verbose_name_plural = _("Vendor shipping methods")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(transit_days_min__lte=models.F("transit_days_max")),
                name="shippingmethod_transit_window_ordered",
            ),
        )

    def __str__(self) -> str:
        return f"{self.carrier.name}: {self.service}"

    def clean(self) -> None:
        if self.transit_days_min > self.transit_days_max:
            raise ValidationError(
                {
                    "transit_days_max": _(
                        "The longest transit cannot be shorter than the shortest."
                    )
                }
            )


class ShippingRate(models.Model):
    """What a vendor's method charges for a parcel up to a weight."""

    method = models.ForeignKey(
        ShippingMethod,
        on_delete=models.CASCADE,
        related_name="rates",
        verbose_name=_("Shipping method"),
    )
    max_weight = models.DecimalField(
        _("Up to (kg)"),
        max_digits=8,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    charge = models.DecimalField(
        _("Charge"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        app_label = "shipping"
        ordering = ("method", "max_weight")
        verbose_name = _("Weight band")
        verbose_name_plural = _("Weight bands")
        constraints = (
            models.UniqueConstraint(
                fields=("method", "max_weight"), name="shippingrate_one_per_weight"
            ),
        )

    def __str__(self) -> str:
        return f"≤ {self.max_weight} kg: {self.charge}"


class PickupPoint(models.Model):
    """A carrier's pickup point, kept up to date from the carrier's public list."""

    carrier = models.ForeignKey(
        Carrier,
        on_delete=models.CASCADE,
        related_name="pickup_points",
        verbose_name=_("Carrier"),
    )
    code = models.CharField(_("Code"), max_length=64)
    country = models.ForeignKey(
        "address.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Country"),
    )
    city = models.CharField(_("City"), max_length=128, db_index=True)
    name = models.CharField(_("Name"), max_length=255)
    address = models.CharField(_("Address"), max_length=255)
    postcode = models.CharField(_("Postcode"), max_length=16, blank=True)
    opening_hours = models.CharField(_("Opening hours"), max_length=255, blank=True)
    is_active = models.BooleanField(_("Active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "shipping"
        ordering = ("city", "name")
        verbose_name = _("Pickup point")
        verbose_name_plural = _("Pickup points")
        constraints = (
            models.UniqueConstraint(
                fields=("carrier", "code"), name="pickuppoint_code_unique_per_carrier"
            ),
        )

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"


class Delivery(models.Model):
    """How one vendor's part of an order travels: the method the shopper chose,
    the promised window and, for a pickup-point method, the point.

    The method's carrier, service and point are copied, so the order keeps
    what was promised whatever the vendor changes later.
    """

    part = models.OneToOneField(
        "order.OrderPart",
        on_delete=models.CASCADE,
        related_name="delivery",
        verbose_name=_("Order part"),
    )
    method = models.ForeignKey(
        ShippingMethod,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("Shipping method"),
    )
    carrier = models.ForeignKey(
        Carrier, on_delete=models.PROTECT, related_name="+", verbose_name=_("Carrier")
    )
    service = models.CharField(_("Service"), max_length=64)
    kind = models.CharField(_("Delivers"), max_length=16, choices=DeliveryKind.choices)
    pickup_point = models.ForeignKey(
        PickupPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Pickup point"),
    )
    pickup_point_address = models.CharField(
        _("Pickup point"), max_length=512, blank=True
    )
    earliest = models.DateField(_("Arrives from"))
    latest = models.DateField(_("Arrives by"))

    class Meta:
        app_label = "shipping"
        verbose_name = _("Delivery")
        verbose_name_plural = _("Deliveries")

    def __str__(self) -> str:
        return f"{self.carrier.name}: {self.service}"


class TrackingStatus(models.TextChoices):
    """Where a parcel is, in the carriers' common words (their own codes are kept)."""

    INFO_RECEIVED = "info_received", _("Label created")
    IN_TRANSIT = "in_transit", _("In transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    READY_FOR_PICKUP = "ready_for_pickup", _("Ready for pickup")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", _("Returned to sender")
    EXCEPTION = "exception", _("Delivery problem")


class Shipment(models.Model):
    """A parcel of one vendor's part of an order: its carrier and tracking number."""

    part = models.ForeignKey(
        "order.OrderPart",
        on_delete=models.PROTECT,
        related_name="shipments",
        verbose_name=_("Order part"),
    )
    carrier = models.ForeignKey(
        Carrier,
        on_delete=models.PROTECT,
        related_name="shipments",
        verbose_name=_("Carrier"),
    )
    tracking_number = models.CharField(_("Tracking number"), max_length=64)
    # Where the parcel is: the status of its newest tracking event.
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=TrackingStatus.choices,
        default=TrackingStatus.INFO_RECEIVED,
    )
    status_at = models.DateTimeField(_("Status since"), null=True, blank=True)
    # When the tracking job asks the carrier next, and how often in a row it failed.
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    poll_failures = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "shipping"
        ordering = ("part", "pk")
        verbose_name = _("Shipment")
        verbose_name_plural = _("Shipments")
        constraints = (
            models.UniqueConstraint(
                fields=("carrier", "tracking_number"),
                name="shipment_tracking_number_unique_per_carrier",
            ),
        )

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}"

    @property
    def tracking_link(self) -> str:
        return self.carrier.tracking_link(self.tracking_number)


class TrackingEvent(models.Model):
    """One scan of a parcel as its carrier reported it, polled or pushed.

    Stored once whatever arrives twice (the carrier's event identity is
    unique per shipment); the shipment's status follows the newest by time,
    whatever order they arrive in.
    """

    shipment = models.ForeignKey(
        Shipment,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("Shipment"),
    )
    occurred_at = models.DateTimeField(_("When"))
    status = models.CharField(
        _("Status"), max_length=20, choices=TrackingStatus.choices
    )
    carrier_code = models.CharField(_("Carrier's code"), max_length=64)
    description = models.CharField(_("Description"), max_length=255, blank=True)
    location = models.CharField(_("Place"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "shipping"
        ordering = ("shipment", "-occurred_at", "-pk")
        verbose_name = _("Tracking event")
        verbose_name_plural = _("Tracking events")
        constraints = (
            models.UniqueConstraint(
                fields=("shipment", "occurred_at", "carrier_code"),
                name="trackingevent_once_per_shipment",
            ),
        )

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_status_display()}"


from oscar.apps.shipping.models import *
