"""Shipping: Oscar's models, and the carriers and shipments of vendors' parts.

Oscar's forking pattern: the classes defined here come beside Oscar's
concrete models, which the star import at the bottom brings.
"""

import re

from django.core.exceptions import ValidationError
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


from oscar.apps.shipping.models import *
