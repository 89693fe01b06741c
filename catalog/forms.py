from django import forms
from django.utils.translation import gettext_lazy as _


class MarketForm(forms.Form):
    """The country selector: one of the active markets."""

    market = forms.ChoiceField(label=_("Country"))

    def __init__(self, *args, markets: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].choices = [(market.pk, market.name) for market in markets]
