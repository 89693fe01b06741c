from django import forms
from django.utils.translation import gettext_lazy as _


class TrackingLookupForm(forms.Form):
    """A guest's order number and the email address they ordered with."""

    number = forms.CharField(label=_("Order number"), max_length=128)
    email = forms.EmailField(label=_("Email address"))
