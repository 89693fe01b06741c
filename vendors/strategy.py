"""Oscar's strategy, per market: the market's stock record, its VAT-inclusive price.

Oscar asks Selector.strategy() for every request (basket middleware) and
whenever prices are needed outside one; the request's market comes from
catalog.middleware.MarketMiddleware.
"""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import availability, strategy
from oscar.apps.partner.prices import TaxInclusiveFixedPrice
from oscar.core.loading import get_model

from catalog.pricing import vat_part
from catalog.selectors import category_vat_rates, product_vat_rate

Market = get_model("catalogue", "Market")


class VatIncludedPrice(TaxInclusiveFixedPrice):
    """A unit price with VAT included, carrying the VAT rate it was split by.

    The rate travels to the order line as its tax code, so the order can
    show its VAT per rate.
    """

    def __init__(self, *, currency: str, incl_tax: Decimal, vat_rate: Decimal):
        tax = vat_part(incl_tax, vat_rate, currency)
        super().__init__(currency=currency, excl_tax=incl_tax - tax, tax=tax)
        self.vat_rate = vat_rate
        self.tax_code = str(vat_rate)


class VendorNotSelling(availability.Unavailable):
    """The offer's vendor is not approved, or is suspended: nothing can be bought."""

    code = "vendor_not_selling"
    message = _("Its seller is not selling at the moment")

    def is_purchase_permitted(self, quantity):
        return False, _("its seller is not selling at the moment")


class Selector:
    def strategy(
        self, request=None, user=None, market: "Market | None" = None, **kwargs
    ):
        if market is None:
            market = getattr(request, "market", None)
        if market is None:
            market = Market._default_manager.get(pk=settings.MARKETPLACE_DEFAULT_MARKET)
        return MarketStrategy(request, market=market)


class MarketStrategy(strategy.StockRequired, strategy.Structured):
    """Sell the market's stock record of a product, at its VAT-inclusive price."""

    def __init__(self, request=None, *, market: "Market"):
        super().__init__(request)
        self.market = market
        self._vat_rates: dict[str, Decimal] | None = None

    def select_stockrecord(self, product):
        # Iterating all() uses the stock records a list view prefetched
        # (only selling vendors' ones, with their vendor: StockRecord.on_sale).
        for stockrecord in product.stockrecords.all():
            if (
                stockrecord.market_id == self.market.code
                and stockrecord.partner.is_selling
            ):
                return stockrecord
        return None

    def fetch_for_line(self, line, stockrecord=None):
        # Judge the offer the line was added with (Oscar would pick the
        # product's offer again, and so miss that its vendor stopped selling).
        return self.fetch_for_product(line.product, stockrecord or line.stockrecord)

    def availability_policy(self, product, stockrecord):
        # A basket line keeps the stock record it was added with; its vendor
        # may have been suspended since.
        if stockrecord and not stockrecord.partner.is_selling:
            return VendorNotSelling()
        return super().availability_policy(product, stockrecord)

    def vat_rate(self, product) -> Decimal:
        if self._vat_rates is None:
            self._vat_rates = category_vat_rates(market=self.market)
        # A variant is filed under its parent's categories.
        filed = product.parent if product.is_child else product
        return product_vat_rate(
            product=filed, market=self.market, rates=self._vat_rates
        )

    def pricing_policy(self, product, stockrecord):
        if not stockrecord or stockrecord.price is None:
            return strategy.UnavailablePrice()
        return VatIncludedPrice(
            currency=stockrecord.price_currency,
            incl_tax=stockrecord.price,
            vat_rate=self.vat_rate(product),
        )

    def parent_pricing_policy(self, product, children_stock):
        stockrecords = [record for _child, record in children_stock if record]
        if not stockrecords:
            return strategy.UnavailablePrice()
        cheapest = min(stockrecords, key=lambda record: record.price)
        return VatIncludedPrice(
            currency=cheapest.price_currency,
            incl_tax=cheapest.price,
            vat_rate=self.vat_rate(product),
        )
