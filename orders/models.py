"""Order models: Oscar's, placed in a market, with translated statuses and
addresses shown in their country's format.

Oscar's forking pattern: the classes defined here replace Oscar's concrete
models; everything else comes from the star import at the bottom.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.apps.address.abstract_models import (
    AbstractBillingAddress,
    AbstractShippingAddress,
)
from oscar.apps.order.abstract_models import AbstractOrder, AbstractOrderLineDiscount
from oscar.core.loading import get_class

from catalog.models import default_market_code

# Through Oscar's loader: the order app builds on the address app (Oscar's,
# forked in logistics.address), as it does in Oscar.
FormattedAddressMixin = get_class("address.formats", "FormattedAddressMixin")


class OrderStatus(models.TextChoices):
    """The statuses of OSCAR_ORDER_STATUS_PIPELINE, with their translated labels.

    Oscar stores the status as its English name; the label is what people read.
    """

    PENDING = "Pending", pgettext_lazy("order status", "Pending")
    BEING_PROCESSED = (
        "Being processed",
        pgettext_lazy("order status", "Being processed"),
    )
    COMPLETE = "Complete", pgettext_lazy("order status", "Complete")
    CANCELLED = "Cancelled", pgettext_lazy("order status", "Cancelled")


class Order(AbstractOrder):
    market = models.ForeignKey(
        "catalogue.Market",
        on_delete=models.PROTECT,
        related_name="orders",
        default=default_market_code,
        verbose_name=_("Market"),
    )

    @property
    def status_label(self) -> str:
        """The status in the active language (the raw name if it is unknown)."""
        try:
            return OrderStatus(self.status).label
        except ValueError:
            return self.status

    def vat_by_rate(self) -> list[tuple[Decimal, Decimal]]:
        """Return (rate, VAT) pairs of the lines, highest rate first.

        Each line's tax code is the VAT rate its price was split by
        (vendors.strategy.VatIncludedPrice); lines without one are left out.
        """
        totals: dict[Decimal, Decimal] = {}
        for line in self.lines.all():
            if line.tax_code:
                rate = Decimal(line.tax_code)
                vat = line.line_price_incl_tax - line.line_price_excl_tax
                totals[rate] = totals.get(rate, Decimal(0)) + vat
        return sorted(totals.items(), reverse=True)


class OrderLineDiscount(AbstractOrderLineDiscount):
    """A line's share of one offer's discount, and who pays for it.

    Kept at the moment of the order, so the vendor's credit does not change
    when the offer changes later: a vendor is credited the price before the
    discounts the platform funds and after those it funds itself.
    """

    funded_by = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_line_discounts",
        verbose_name=_("Funded by"),
        help_text=_("Empty: the platform."),
    )

    @property
    def is_platform_funded(self) -> bool:
        return self.funded_by_id is None


class ShippingAddress(FormattedAddressMixin, AbstractShippingAddress):
    pass


class BillingAddress(FormattedAddressMixin, AbstractBillingAddress):
    pass


from oscar.apps.order.models import *
