"""Offers: Oscar's, each valid in the markets staff choose and funded by the
platform or by one vendor.

A voucher is valid where its offers are, so vouchers need no fork. Amounts of
an offer (a fixed discount, a value threshold, a cap) are in the currency of
its markets, which `ConditionalOffer.clean_markets` keeps to one.

Oscar's forking pattern: the classes defined here replace Oscar's concrete
models; everything else comes from the star import at the bottom.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.apps.offer.abstract_models import (
    AbstractBenefit,
    AbstractCondition,
    AbstractConditionalOffer,
)
from oscar.apps.offer.results import ZERO_DISCOUNT

from catalog.templatetags.money import currency

if TYPE_CHECKING:
    from catalog.models import Market


# Benefits and conditions whose `value` is an amount of money.
AMOUNT_BENEFITS = {
    AbstractBenefit.FIXED,
    AbstractBenefit.FIXED_UNIT,
    AbstractBenefit.FIXED_PRICE,
    AbstractBenefit.SHIPPING_ABSOLUTE,
    AbstractBenefit.SHIPPING_FIXED_PRICE,
}
SHIPPING_BENEFITS = {
    AbstractBenefit.SHIPPING_ABSOLUTE,
    AbstractBenefit.SHIPPING_FIXED_PRICE,
    AbstractBenefit.SHIPPING_PERCENTAGE,
}


class ConditionalOffer(AbstractConditionalOffer):
    markets = models.ManyToManyField(
        "catalogue.Market",
        related_name="offers",
        verbose_name=_("Markets"),
        help_text=_(
            "The offer applies only to baskets in these markets. Fixed amounts "
            "are in their currency."
        ),
    )
    funded_by = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_offers",
        verbose_name=_("Funded by"),
        help_text=_(
            "Empty: the platform pays for the discount. A vendor: the vendor pays "
            "for it, and it applies only to that vendor's products."
        ),
    )

    @staticmethod
    def clean_markets(
        *,
        markets: Iterable["Market"],
        condition: "Condition | None",
        benefit: "Benefit | None",
        max_discount: object = None,
        funded_by: object = None,
    ) -> None:
        """Refuse markets and funding an offer's amounts and benefit cannot have.

        Raises ValidationError with a translated message and a stable code.
        """
        markets = list(markets)
        if not markets:
            raise ValidationError(
                _("Choose at least one market the offer applies in."), code="no_market"
            )
        has_amount = (
            bool(max_discount)
            or (benefit is not None and benefit.type in AMOUNT_BENEFITS)
            or (condition is not None and condition.type == condition.VALUE)
        )
        if has_amount and len({market.currency for market in markets}) > 1:
            raise ValidationError(
                _(
                    "This offer has amounts of money, so its markets must share one "
                    "currency. Make one offer per currency."
                ),
                code="mixed_currencies",
            )
        if funded_by and benefit is not None and benefit.type in SHIPPING_BENEFITS:
            raise ValidationError(
                _(
                    "A vendor can fund discounts on its own products only. The "
                    "platform funds shipping discounts."
                ),
                code="vendor_shipping",
            )

    # Oscar asks the condition and benefit proxies, which do not know their
    # offer; each proxy is told the funding vendor before it is asked.
    def _scoped(self, part):
        proxy = part.proxy()
        proxy.funding_vendor_id = self.funded_by_id
        return proxy

    def is_condition_satisfied(self, basket) -> bool:
        return self._scoped(self.condition).is_satisfied(self, basket)

    def is_condition_partially_satisfied(self, basket) -> bool:
        return self._scoped(self.condition).is_partially_satisfied(self, basket)

    def get_upsell_message(self, basket) -> str | None:
        condition = self._scoped(self.condition)
        if condition.type != condition.VALUE:
            return condition.get_upsell_message(self, basket)
        # Oscar prints this amount with its own money format and the English
        # currency code ("Spend RUB1.99 more"); the storefront's is used here.
        delta = condition.value - condition._get_value_of_matches(self, basket)
        if delta <= 0:
            return None
        return gettext("Spend %(value)s more from %(range)s") % {
            "value": currency(delta, basket.currency),
            "range": condition.range,
        }

    def apply_benefit(self, basket):
        if not self.is_condition_satisfied(basket):
            return ZERO_DISCOUNT
        return self._scoped(self.benefit).apply(
            basket, self._scoped(self.condition), self
        )


class FundingVendorMixin:
    """Keep an offer funded by a vendor to that vendor's basket lines."""

    funding_vendor_id: int | None = None

    def is_funders_line(self, line) -> bool:
        return (
            self.funding_vendor_id is None
            or line.stockrecord.partner_id == self.funding_vendor_id
        )


class Condition(FundingVendorMixin, AbstractCondition):
    def can_apply_condition(self, line) -> bool:
        return super().can_apply_condition(line) and self.is_funders_line(line)


class Benefit(FundingVendorMixin, AbstractBenefit):
    def can_apply_benefit(self, line) -> bool:
        return bool(super().can_apply_benefit(line)) and self.is_funders_line(line)


from oscar.apps.offer.models import *
