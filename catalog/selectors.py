"""Catalogue reads for the storefront."""

from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from modeltranslation.utils import build_localized_fieldname
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Market = get_model("catalogue", "Market")
ProductCategory = get_model("catalogue", "ProductCategory")
Option = get_model("catalogue", "Option")
# Read here only to filter products by their offers in a market.
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")
CategoryVatRate = get_model("catalogue", "CategoryVatRate")

SORT_ORDERS = {
    "newest": ("-date_created", "-pk"),
    "price-asc": ("min_price", "pk"),
    "price-desc": ("-min_price", "-pk"),
    "title-asc": ("title", "pk"),
    "title-desc": ("-title", "-pk"),
}


def product_list(
    *,
    market: "Market",
    category: "Category | None" = None,
    vendor: "Partner | None" = None,
    query: str = "",
    sort: str = "",
) -> QuerySet:
    """Return the products on sale in the market, in the order asked for.

    Narrowed to a category (and its subcategories) or a vendor's offers
    when given. The query matches the title in any language or the exact UPC. The
    products come bare: a page shows them through product_grid_list(), which
    loads what their cards show only when the grid is not cached already.
    """
    # Exists and a subquery rather than joins: no GROUP BY and no duplicate
    # rows, which keeps both the page query and the paginator's count cheap.
    offers = StockRecord._default_manager.on_sale(market=market).filter(
        product=OuterRef("pk")
    )
    if vendor is not None:
        offers = offers.filter(partner=vendor)
    products = Product._default_manager.browsable().filter(Exists(offers))
    if category is not None:
        products = products.filter(
            Exists(
                ProductCategory._default_manager.filter(
                    product=OuterRef("pk"),
                    category__in=category.get_descendants_and_self(),
                )
            )
        )
    if sort.startswith("price"):
        products = products.annotate(
            min_price=Subquery(offers.order_by("price").values("price")[:1])
        )
    query = query.strip()
    if query:
        matches = Q(upc__iexact=query)
        for code, _name in settings.LANGUAGES:
            matches |= Q(
                **{f"{build_localized_fieldname('title', code)}__icontains": query}
            )
        products = products.filter(matches)
    return products.order_by(*SORT_ORDERS.get(sort, ("-date_created", "-pk")))


def product_popular_list(*, market: "Market", limit: int = 8) -> QuerySet:
    """Return the market's products shoppers buy and look at most, best first."""
    return (
        product_list(market=market)
        .filter(Q(stats__num_purchases__gt=0) | Q(stats__num_views__gt=0))
        .order_by("-stats__num_purchases", "-stats__num_views", "-pk")[:limit]
    )


def vendor_list(*, market: "Market", limit: int = 12) -> QuerySet:
    """Return the vendors with most products on sale in the market, with that count."""
    # The products product_list() shows: public and not a variant.
    on_sale = Q(
        stockrecords__market=market,
        stockrecords__product__is_public=True,
        stockrecords__product__parent__isnull=True,
    )
    return (
        Partner._default_manager.selling()
        .annotate(num_products=Count("stockrecords", filter=on_sale))
        .filter(num_products__gt=0)
        .order_by("-num_products", "name")[:limit]
    )


def vendor_get(*, pk: int) -> "Partner":
    """Return the selling vendor with this primary key (raises Partner.DoesNotExist)."""
    return Partner._default_manager.selling().get(pk=pk)


def offer_version_list(*, product_ids: list[int], market: "Market") -> list[tuple]:
    """Return what a product card shows of each offer of these products in the market.

    One row per offer, variants' offers included: product, offer, price,
    stock, allocation and last change. A grid cached under these rows never
    shows a price or stock level that is no longer true.
    """
    return list(
        StockRecord._default_manager.on_sale(market=market)
        .filter(Q(product__in=product_ids) | Q(product__parent__in=product_ids))
        .order_by("pk")
        .values_list(
            "product_id",
            "pk",
            "price",
            "num_in_stock",
            "num_allocated",
            "date_updated",
        )
    )


def product_grid_list(*, product_ids: list[int], market: "Market") -> list["Product"]:
    """Return these products, in this order, with all their cards show loaded.

    Their class, option flags, images, categories (for the VAT rate),
    variants and only the market's stock records: a grid of any size costs
    the same few queries.
    """
    products = (
        Product._default_manager.filter(pk__in=product_ids)
        .select_related("product_class")
        .annotate(
            has_product_class_options=Exists(
                Option._default_manager.filter(productclass=OuterRef("product_class"))
            ),
            has_product_options=Exists(
                Option._default_manager.filter(product=OuterRef("pk"))
            ),
        )
        .prefetch_related(
            Prefetch(
                "children",
                queryset=Product._default_manager.prefetch_related(
                    Prefetch(
                        "stockrecords",
                        queryset=StockRecord._default_manager.on_sale(market=market),
                    )
                ),
            ),
            Prefetch(
                "stockrecords",
                queryset=StockRecord._default_manager.on_sale(market=market),
            ),
            "images",
            "categories",
        )
    )
    by_pk = {product.pk: product for product in products}
    return [by_pk[pk] for pk in product_ids if pk in by_pk]


def product_detail_queryset(*, market: "Market") -> QuerySet:
    """Return the products for a product page, with what every page shows loaded.

    The class and option flags, the parent (a variant is filed and titled
    under it), the categories (breadcrumbs, VAT rate, related products) and
    the market's offers with their vendor.
    """
    return (
        Product._default_manager.select_related(
            "product_class", "parent__product_class"
        )
        .annotate(
            has_product_class_options=Exists(
                Option._default_manager.filter(productclass=OuterRef("product_class"))
            ),
            has_product_options=Exists(
                Option._default_manager.filter(product=OuterRef("pk"))
            ),
        )
        .prefetch_browsable_categories()
        .prefetch_related(
            "categories",
            Prefetch(
                "stockrecords",
                queryset=StockRecord._default_manager.on_sale(market=market),
            ),
        )
    )


def product_on_sale_anywhere(*, product: "Product") -> bool:
    """Return whether a selling vendor offers the product (or a variant) anywhere."""
    return StockRecord._default_manager.filter(
        Q(product=product) | Q(product__parent=product),
        partner__in=Partner._default_manager.selling(),
    ).exists()


def category_get(*, pk: int) -> "Category":
    """Return the category with this primary key (raises Category.DoesNotExist)."""
    return Category._default_manager.get(pk=pk)


# Markets and VAT rates are read on every page and change a few times a
# year: they are kept in the shared cache, and catalog.receivers drops them
# whenever a market, a rate or a category is saved or deleted. The timeout
# only bounds changes made behind the ORM's back (raw SQL).
REFERENCE_DATA_TIMEOUT = 15 * 60
MARKETS_CACHE_KEY = "catalog:markets"
VAT_RATES_CACHE_KEY = "catalog:vat-rates"


def market_list() -> list["Market"]:
    """Return the active markets in display order."""
    markets = cache.get(MARKETS_CACHE_KEY)
    if markets is None:
        markets = list(Market._default_manager.filter(is_active=True))
        cache.set(MARKETS_CACHE_KEY, markets, REFERENCE_DATA_TIMEOUT)
    return markets


def category_vat_rates(*, market: "Market") -> dict[str, Decimal]:
    """Map the tree path of each category with its own rate in the market to it."""
    rates = cache.get(VAT_RATES_CACHE_KEY)
    if rates is None:
        # A few rows for all markets together: one key to read and to drop.
        rates = {}
        for market_code, path, rate in CategoryVatRate._default_manager.values_list(
            "market_id", "category__path", "rate"
        ):
            rates.setdefault(market_code, {})[path] = rate
        cache.set(VAT_RATES_CACHE_KEY, rates, REFERENCE_DATA_TIMEOUT)
    return rates.get(market.pk, {})


def reference_data_cache_clear() -> None:
    """Drop the cached markets and VAT rates (see market_list)."""
    cache.delete_many([MARKETS_CACHE_KEY, VAT_RATES_CACHE_KEY])


def product_vat_rate(
    *, product: "Product", market: "Market", rates: dict[str, Decimal]
) -> Decimal:
    """Return the VAT rate of the product in the market.

    A category's rate covers its subcategories; the deepest category with a
    rate wins, and among a product's several categories the lowest rate. A
    product in no such category has the market's standard rate. `rates` comes
    from category_vat_rates(); the product's categories should be prefetched.
    """
    candidates = []
    for category in product.categories.all():
        # Treebeard paths: a category's ancestors' paths are prefixes of its own.
        for end in range(len(category.path), 0, -Category.steplen):
            if category.path[:end] in rates:
                candidates.append(rates[category.path[:end]])
                break
    return min(candidates, default=market.vat_rate)


def product_related_list(
    *, product: "Product", market: "Market", limit: int = 4
) -> QuerySet:
    """Return other products on sale in the market from the product's first category."""
    category = next(iter(product.get_categories()), None)
    if category is None:
        return Product._default_manager.none()
    related = product_list(market=market, category=category).exclude(pk=product.pk)
    return related[:limit]


def category_top_list() -> QuerySet:
    """Return the public top-level categories, in tree order, for the home page."""
    return Category._default_manager.filter(depth=1).for_menu().order_by("path")
