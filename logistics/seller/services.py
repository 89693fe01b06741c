"""Writes of the seller dashboard's shipping pages: a vendor's shipping methods.

They sit beside the seller pages that use them; logistics.services keeps the
writes of orders' deliveries and parcels.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Delivery = get_model("shipping", "Delivery")
ShippingMethod = get_model("shipping", "ShippingMethod")
ShippingRate = get_model("shipping", "ShippingRate")


class ShippingMethodError(Exception):
    """A change to a shipping method the vendor cannot make; `code` is stable."""

    code = "shipping_method"
    message = _("This shipping method cannot be changed.")

    def __str__(self) -> str:
        return str(self.message)


class ShippingMethodInUseError(ShippingMethodError):
    code = "shipping_method_in_use"
    message = _(
        "Orders were delivered with this method, so it stays on record; "
        "deactivate it instead and shoppers will no longer see it."
    )


def _method_qs_select_for_update(*, vendor, pk: int):
    return ShippingMethod._default_manager.select_for_update().get(
        partner=vendor, pk=pk
    )


def shipping_method_save(
    *,
    vendor,
    method: "ShippingMethod",
    countries,
    rates: list[tuple[Decimal, Decimal]],
) -> "ShippingMethod":
    """Save the vendor's method with its countries and weight bands, all or nothing.

    `method` is new or the vendor's own, its fields set and checked (the
    seller's ShippingMethodForm); `rates` are (up to kg, charge) pairs with
    distinct weights, at least one. Bands are matched by weight: a weight kept
    keeps its row with the new charge, a weight gone is deleted.
    """
    if method.pk is not None and method.partner_id != vendor.pk:
        raise ShippingMethod.DoesNotExist
    method.partner = vendor
    with transaction.atomic():
        if method.pk is not None:
            _method_qs_select_for_update(vendor=vendor, pk=method.pk)
        method.save()
        method.countries.set(countries)
        weights = [weight for weight, _charge in rates]
        method.rates.exclude(max_weight__in=weights).delete()
        for weight, charge in rates:
            ShippingRate._default_manager.update_or_create(
                method=method, max_weight=weight, defaults={"charge": charge}
            )
    return method


def shipping_method_activate(*, vendor, pk: int, is_active: bool) -> "ShippingMethod":
    """Offer the vendor's method to shoppers again, or stop offering it."""
    with transaction.atomic():
        method = _method_qs_select_for_update(vendor=vendor, pk=pk)
        if method.is_active != is_active:
            method.is_active = is_active
            method.save(update_fields=["is_active", "updated_at"])
    return method


def shipping_method_delete(*, vendor, pk: int) -> None:
    """Delete the vendor's method with its bands, unless an order's delivery
    refers to it (ShippingMethodInUseError).

    Deliveries copy what they promised, and the database would only unlink
    them, but the link tells which method a past order was sent with, so a
    used method is deactivated instead. The row lock makes a checkout that
    records a delivery with the method wait for the decision.
    """
    with transaction.atomic():
        method = _method_qs_select_for_update(vendor=vendor, pk=pk)
        if Delivery._default_manager.filter(method=method).exists():
            raise ShippingMethodInUseError
        method.delete()
