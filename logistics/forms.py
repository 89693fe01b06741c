from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Carrier = get_model("shipping", "Carrier")
Shipment = get_model("shipping", "Shipment")


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
