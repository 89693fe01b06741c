"""Oscar's shipping methods, and the one our checkout uses: each vendor ships
its own part by the method the shopper chose for it."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import methods
from oscar.apps.shipping.methods import *  # noqa: F403
from oscar.apps.shipping.methods import Base
from oscar.core import prices

from catalog.pricing import vat_part
from logistics.quotes import PartQuote


class VendorsDelivery(Base):
    """Delivery of a basket as its vendors quote it, one part each.

    The charge is the sum of the parts' chosen options, VAT included at the
    market's standard rate. Oscar's checkout stores the code; the parts are
    quoted afresh from the session's choices on every request
    (logistics.repository).
    """

    code = "vendors"
    name = _("Delivery by each seller")

    def __init__(self, parts: list[PartQuote]):
        self.parts = parts

    @property
    def is_ready(self) -> bool:
        """Whether every part can be ordered as chosen."""
        return all(part.is_ready for part in self.parts)

    def part_of(self, vendor_id: int) -> PartQuote | None:
        return next((p for p in self.parts if p.vendor.pk == vendor_id), None)

    def calculate(self, basket) -> prices.Price:
        gross = tax = Decimal(0)
        for part in self.parts:
            if part.chosen is not None:
                gross += part.chosen.charge
                tax += vat_part(
                    part.chosen.charge, basket.market.vat_rate, basket.currency
                )
        return prices.Price(currency=basket.currency, excl_tax=gross - tax, tax=tax)


class _VendorsDeliveryOfferMixin:
    """A shipping offer's wrapper keeps the vendors' parts of the method it wraps."""

    @property
    def parts(self) -> list[PartQuote]:
        return getattr(self.method, "parts", [])

    @property
    def is_ready(self) -> bool:
        return getattr(self.method, "is_ready", True)

    def part_of(self, vendor_id: int) -> PartQuote | None:
        return self.method.part_of(vendor_id)


class TaxInclusiveOfferDiscount(
    _VendorsDeliveryOfferMixin, methods.TaxInclusiveOfferDiscount
):
    pass


class TaxExclusiveOfferDiscount(
    _VendorsDeliveryOfferMixin, methods.TaxExclusiveOfferDiscount
):
    pass
