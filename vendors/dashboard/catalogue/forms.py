"""Oscar's catalogue dashboard forms; a stock record is priced in one market."""

from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.apps.dashboard.catalogue.forms import *  # noqa: F403


class StockRecordForm(oscar_forms.StockRecordForm):
    """Oscar's stock record form with the market; the currency is the market's."""

    class Meta(oscar_forms.StockRecordForm.Meta):
        fields = (
            "partner",
            "market",
            "partner_sku",
            "price",
            "num_in_stock",
            "low_stock_threshold",
        )

    def clean(self):
        cleaned_data = super().clean()
        market = cleaned_data.get("market")
        if market is not None:
            self.instance.price_currency = market.currency
        return cleaned_data
