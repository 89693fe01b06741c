"""Vendor models: Oscar's partner, with a stock record per vendor and market.

Oscar's forking pattern: the classes defined here replace Oscar's concrete
models; everything else comes from the star import at the bottom.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractStockRecord

from catalog.models import default_market_code


class StockRecord(AbstractStockRecord):
    """A vendor's offer of a product in one market: price and stock there.

    Stock is kept per market, because a vendor usually ships each market from
    its own warehouse. The price is the consumer price with VAT included, in
    the market's currency.
    """

    market = models.ForeignKey(
        "catalogue.Market",
        on_delete=models.PROTECT,
        related_name="stockrecords",
        default=default_market_code,
        verbose_name=_("Market"),
    )

    class Meta(AbstractStockRecord.Meta):
        unique_together = ()
        constraints = (
            models.UniqueConstraint(
                fields=("partner", "partner_sku", "market"),
                name="stockrecord_sku_unique_per_vendor_and_market",
            ),
            models.UniqueConstraint(
                fields=("product", "partner", "market"),
                name="stockrecord_one_per_product_vendor_and_market",
            ),
        )

    def clean(self) -> None:
        super().clean()
        if self.market_id and self.price_currency != self.market.currency:
            raise ValidationError(
                {
                    "price_currency": _("Prices in %(market)s are in %(currency)s.")
                    % {"market": self.market, "currency": self.market.currency}
                }
            )


from oscar.apps.partner.models import *
