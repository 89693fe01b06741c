"""The seller's payout request: which currency's balance to pay out."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class PayoutRequestForm(forms.Form):
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        validators=[
            RegexValidator(
                r"^[A-Z]{3}$",
                message=_("Choose a currency of your balance."),
                code="currency_invalid",
            )
        ],
        widget=forms.HiddenInput,
    )
