from decimal import Decimal
from typing import ClassVar

from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog.pricing import minor_unit, minor_unit_validate

Carrier = get_model("shipping", "Carrier")
Country = get_model("address", "Country")
Market = get_model("catalogue", "Market")
Shipment = get_model("shipping", "Shipment")
ShippingMethod = get_model("shipping", "ShippingMethod")
ShippingRate = get_model("shipping", "ShippingRate")


class ShipmentForm(forms.Form):
    """The carrier and tracking number of a vendor's parcel."""

    carrier = forms.ModelChoiceField(
        label=_("Carrier"), queryset=Carrier._default_manager.filter(is_active=True)
    )
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=64)

    def clean(self):
        cleaned_data = super().clean()
        carrier = cleaned_data.get("carrier")
        number = cleaned_data.get("tracking_number")
        if carrier and number:
            try:
                cleaned_data["tracking_number"] = carrier.tracking_number_clean(number)
            except ValidationError as error:
                self.add_error("tracking_number", error)
                return cleaned_data
            if Shipment._default_manager.filter(
                carrier=carrier, tracking_number=cleaned_data["tracking_number"]
            ).exists():
                self.add_error(
                    "tracking_number",
                    _("This tracking number is already on another parcel."),
                )
        return cleaned_data


class RegionsField(SimpleArrayField):
    """Regions one per line: each line stripped, empty lines and repeats dropped.

    Repeats are found regardless of case, as checkout compares regions.
    """

    def __init__(self, **kwargs):
        super().__init__(
            forms.CharField(max_length=64),
            delimiter="\n",
            widget=forms.Textarea(attrs={"rows": 4}),
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            kept: dict[str, str] = {}
            for line in value.split("\n"):
                line = line.strip()
                if line:
                    kept.setdefault(line.casefold(), line)
            value = "\n".join(kept.values())
        return super().to_python(value)


class ShippingMethodForm(forms.ModelForm):
    """A vendor's shipping method: carrier, service, zone, days, free threshold.

    The zone's countries are those the market ships to; the checkboxes show
    the chosen market's, and a country of another market is refused by name.
    """

    regions = RegionsField(
        label=_("Regions"),
        required=False,
        help_text=_(
            "One per line, as addresses name them (for example Moscow); "
            "empty: the whole of each country."
        ),
    )

    class Meta:
        model = ShippingMethod
        fields = (
            "market",
            "carrier",
            "service",
            "kind",
            "description",
            "countries",
            "regions",
            "handling_days",
            "transit_days_min",
            "transit_days_max",
            "free_over",
            "is_active",
        )
        widgets: ClassVar = {
            "countries": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts: ClassVar = {
            "description": _("Shown to shoppers beside the method, as plain text."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].queryset = Market._default_manager.filter(
            is_active=True
        ).order_by("display_order", "code")
        carriers = Q(is_active=True)
        if self.instance.carrier_id:
            # A carrier staff retired stays choosable on the methods using it.
            carriers |= Q(pk=self.instance.carrier_id)
        self.fields["carrier"].queryset = Carrier._default_manager.filter(carriers)
        self.fields["countries"].queryset = Country._default_manager.all()
        self.market = self.chosen_market()
        if self.market is not None:
            self.fields["countries"].widget.choices = [
                (country.pk, str(country))
                for country in self.market.shipping_countries.order_by(
                    "-display_order", "printable_name"
                )
            ]
        self.currency = self.market.currency if self.market else None
        free_over = self.fields["free_over"]
        free_over.widget.attrs.update(min="0", inputmode="decimal")
        if self.currency:
            free_over.widget.attrs["step"] = str(minor_unit(self.currency))
            free_over.label = _("Free from, in %(currency)s with VAT") % {
                "currency": self.currency
            }

    def chosen_market(self):
        """The market the form is about: as posted, else as it starts."""
        if self.is_bound:
            code = self.data.get(self.add_prefix("market"))
        else:
            code = self.initial.get("market") or self.instance.market_id
        if not code:
            return None
        return self.fields["market"].queryset.filter(pk=code).first()

    def clean_free_over(self) -> Decimal | None:
        amount = self.cleaned_data.get("free_over")
        market = self.cleaned_data.get("market")
        minor_unit_validate(amount, market.currency if market else None)
        return amount

    def clean(self):
        cleaned_data = super().clean()
        market = cleaned_data.get("market")
        countries = cleaned_data.get("countries")
        if market is not None and countries:
            allowed = set(market.shipping_countries.values_list("pk", flat=True))
            outside = [
                str(country) for country in countries if country.pk not in allowed
            ]
            if outside:
                self.add_error(
                    "countries",
                    ValidationError(
                        _(
                            "%(market)s does not ship to %(countries)s; choose "
                            "among its destinations."
                        ),
                        code="country_outside_market",
                        params={"market": market.name, "countries": ", ".join(outside)},
                    ),
                )
        return cleaned_data


class ShippingRateForm(forms.ModelForm):
    """One weight band: parcels up to a weight cost a charge."""

    class Meta:
        model = ShippingRate
        fields = ("max_weight", "charge")

    def __init__(self, *args, currency: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["max_weight"].widget.attrs.update(
            step="0.001", min="0.001", inputmode="decimal"
        )
        self.fields["charge"].widget.attrs.update(min="0", inputmode="decimal")
        if currency:
            self.fields["charge"].widget.attrs["step"] = str(minor_unit(currency))
            self.fields["charge"].label = _("Charge, in %(currency)s with VAT") % {
                "currency": currency
            }

    def clean_charge(self) -> Decimal | None:
        charge = self.cleaned_data.get("charge")
        minor_unit_validate(charge, self.currency)
        return charge


class BaseShippingRateFormSet(forms.BaseInlineFormSet):
    """The bands of a method: at least one, no two ending at the same weight."""

    def clean(self) -> None:
        # Django's own duplicate check says "Please correct the duplicate
        # data" for the whole set; each duplicate row is named here instead.
        if any(self.errors):
            return
        seen: set[Decimal] = set()
        for form in self.kept_forms():
            weight = form.cleaned_data["max_weight"]
            if weight in seen:
                form.add_error(
                    "max_weight",
                    ValidationError(
                        _("Another band already ends at this weight."),
                        code="duplicate_weight",
                    ),
                )
            seen.add(weight)
        if not seen:
            raise ValidationError(
                _("Give at least one weight band with its charge."),
                code="no_band",
            )

    def kept_forms(self) -> list[ShippingRateForm]:
        """The filled rows not marked for deletion."""
        return [
            form
            for form in self.forms
            if (form.instance.pk or form.has_changed())
            and not self._should_delete_form(form)
            and form.cleaned_data.get("max_weight") is not None
        ]

    def rates(self) -> list[tuple[Decimal, Decimal]]:
        """(up to kg, charge) of the kept bands, lightest first."""
        return sorted(
            (form.cleaned_data["max_weight"], form.cleaned_data["charge"])
            for form in self.kept_forms()
        )


ShippingRateFormSet = forms.inlineformset_factory(
    ShippingMethod,
    ShippingRate,
    form=ShippingRateForm,
    formset=BaseShippingRateFormSet,
    extra=3,
    can_delete=True,
)
