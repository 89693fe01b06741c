"""Basket models: Oscar's, with one basket per market and VAT rounded per line.

Oscar's forking pattern: the classes defined here replace Oscar's concrete
models; everything else comes from the star import at the bottom.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine

from catalog.models import default_market_code
from catalog.pricing import vat_part


class Basket(AbstractBasket):
    """A shopper's basket in one market, so it never mixes currencies.

    A shopper who changes market gets that market's basket; the other one
    stays open and comes back when they return (orders.basket.middleware).
    """

    market = models.ForeignKey(
        "catalogue.Market",
        on_delete=models.PROTECT,
        related_name="baskets",
        default=default_market_code,
        verbose_name=_("Market"),
    )

    @property
    def currency(self) -> str:
        return self.market.currency

    def add_product(self, product, quantity=1, options=None):
        if self.strategy.market.pk != self.market_id:
            raise ValueError(
                f"A basket of market {self.market_id} cannot take prices of "
                f"market {self.strategy.market.pk}"
            )
        return super().add_product(product, quantity, options)

    def all_lines(self):
        """Return Oscar's cached lines, also with each offer's vendor.

        The strategy asks the vendor whether it still sells.
        """
        if self.id is None:
            return self.lines.model.objects.none()
        if self._lines is None:
            # The strategy reads each product's class (stock tracking) and
            # categories (VAT rate): loaded here, not once per line.
            self._lines = (
                self.lines.select_related(
                    "product__product_class",
                    "product__parent__product_class",
                    "stockrecord__partner",
                )
                .prefetch_related(
                    "attributes",
                    "product__images",
                    "product__categories",
                    "product__parent__categories",
                )
                .order_by(self._meta.pk.name)
            )
        return self._lines

    def vat_by_rate(self) -> list[tuple[Decimal, Decimal]]:
        """Return (rate, VAT) pairs, highest rate first, summed over the lines."""
        totals: dict[Decimal, Decimal] = {}
        for line in self.all_lines():
            if line.line_tax is not None:
                rate = line.purchase_info.price.vat_rate
                totals[rate] = totals.get(rate, Decimal(0)) + line.line_tax
        return sorted(totals.items(), reverse=True)


class Line(AbstractLine):
    """A basket line whose VAT is split off its total once, by catalog.pricing."""

    @property
    def purchase_info(self):
        info = super().purchase_info
        # The order line copies tax_code; keep it the rate in force now,
        # not the one of the day the line was added.
        self.tax_code = info.price.tax_code
        return info

    def get_warning(self):
        # Oscar's warning for a line that can no longer be bought says
        # neither why nor in any of our languages.
        permitted, reason = self.purchase_info.availability.is_purchase_permitted(
            self.quantity
        )
        if not permitted:
            return _("“%(product)s” can no longer be bought: %(reason)s.") % {
                "product": self.product.get_title(),
                "reason": reason,
            }
        return super().get_warning()

    def _excl_vat(self, gross: Decimal | None) -> Decimal | None:
        """Return the gross amount less its VAT, split once (catalog.pricing)."""
        if gross is None:
            return None
        price = self.purchase_info.price
        return gross - vat_part(gross, price.vat_rate, price.currency)

    @property
    def line_price_excl_tax(self):
        return self._excl_vat(self.line_price_incl_tax)

    @property
    def line_price_excl_tax_incl_discounts(self):
        return self._excl_vat(self.line_price_incl_tax_incl_discounts)


from oscar.apps.basket.models import *
