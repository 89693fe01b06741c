"""Oscar's checkout forms, with the countries the shopper's market ships to and
each vendor's delivery."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import forms as oscar_forms
from oscar.apps.checkout.forms import *  # noqa: F403
from oscar.core.loading import get_class

AddressFormatMixin = get_class("address.forms", "AddressFormatMixin")


class ShippingAddressForm(AddressFormatMixin, oscar_forms.ShippingAddressForm):
    """Oscar's address form; the country is one the market ships to.

    A market that ships to one country (Korea) shows no country field at all.
    The fields follow the country's address format (logistics.address.formats)
    and name their autofill purpose in the "shipping" section.
    """

    autocomplete_section = "shipping"

    class Meta(oscar_forms.ShippingAddressForm.Meta):
        fields = (*oscar_forms.ShippingAddressForm.Meta.fields, "patronymic")

    def __init__(self, *args, market, **kwargs):
        self.market = market
        super().__init__(*args, **kwargs)

    def adjust_country_field(self):
        countries = self.market.shipping_countries.order_by("-display_order", "pk")
        if len(countries) == 1:
            self.fields.pop("country", None)
            self.instance.country = countries[0]
        else:
            self.fields["country"].queryset = countries
            self.fields["country"].empty_label = None


class VendorDeliveryForm(forms.Form):
    """The shopper's choice of delivery for each vendor's part of the basket.

    One radio group per vendor that can deliver (its options by price), the
    city whose pickup points to list, and a point per vendor whose chosen
    option delivers to one. Works without script: "Show pickup points"
    posts the same form and comes back with the city's points.
    """

    city = forms.CharField(label=_("City"), max_length=128, required=False)

    def __init__(self, *args, parts, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.points = points
        for part in parts:
            if not part.can_ship:
                continue
            key = part.vendor.pk
            self.fields[f"method_{key}"] = forms.TypedChoiceField(
                label=part.vendor.name,
                choices=[(o.method.pk, str(o.method)) for o in part.options],
                coerce=int,
                widget=forms.RadioSelect,
                initial=part.chosen.method.pk if part.chosen else None,
                error_messages={"required": _("Choose how this seller delivers.")},
            )
            carriers = {o.method.carrier_id for o in part.options if o.is_pickup}
            if carriers:
                self.fields[f"point_{key}"] = forms.TypedChoiceField(
                    label=_("Pickup point"),
                    choices=[("", "—")]
                    + [
                        (p.pk, f"{p.name}, {p.address}")
                        for p in points
                        if p.carrier_id in carriers
                    ],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=part.pickup_point.pk if part.pickup_point else None,
                )

    def rows(self) -> list[tuple]:
        """Return (part, method field, point field or None) per vendor that delivers."""
        return [
            (
                part,
                self[f"method_{part.vendor.pk}"],
                self[f"point_{part.vendor.pk}"]
                if f"point_{part.vendor.pk}" in self.fields
                else None,
            )
            for part in self.parts
            if part.can_ship
        ]

    @property
    def has_pickup(self) -> bool:
        return any(name.startswith("point_") for name in self.fields)

    def choices(self) -> dict[str, dict[str, int | None]]:
        """Return the choices as the checkout session keeps them."""
        return {
            str(part.vendor.pk): {
                "method": self.cleaned_data.get(f"method_{part.vendor.pk}"),
                "point": self.cleaned_data.get(f"point_{part.vendor.pk}"),
            }
            for part in self.parts
            if part.can_ship
        }

    def clean(self):
        cleaned = super().clean()
        if self.data.get("action") == "points":
            return cleaned
        for part in self.parts:
            if not part.can_ship:
                continue
            method_id = cleaned.get(f"method_{part.vendor.pk}")
            option = next((o for o in part.options if o.method.pk == method_id), None)
            if (
                option
                and option.is_pickup
                and not cleaned.get(f"point_{part.vendor.pk}")
            ):
                self.add_error(
                    f"point_{part.vendor.pk}",
                    _("Choose a pickup point; enter your city to list its points."),
                )
        return cleaned


class PaymentMethodForm(forms.Form):
    """How the shopper pays: one of the ways the market offers (its providers)."""

    method = forms.ChoiceField(
        label=_("How would you like to pay?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how to pay."),
            "invalid_choice": _("This way to pay is not offered here. Choose another."),
        },
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = providers
        self.fields["method"].choices = [(each.code, each.name) for each in providers]
