"""Catalogue reads for the storefront."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from modeltranslation.utils import build_localized_fieldname
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Market = get_model("catalogue", "Market")
ProductCategory = get_model("catalogue", "ProductCategory")
Option = get_model("catalogue", "Option")
# Read here only to filter products by their offers in a market.
StockRecord = get_model("partner", "StockRecord")
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
    query: str = "",
    sort: str = "",
) -> QuerySet:
    """Return the products on sale in the market, joined for a product grid.

    The query matches the title in any language or the exact UPC. Products
    come with their class, images, the market's stock records, categories
    and option flags already loaded, so rendering a page of them costs the
    same few queries whatever its size.
    """
    # Exists and a subquery rather than joins: no GROUP BY and no duplicate
    # rows, which keeps both the page query and the paginator's count cheap.
    offers = StockRecord._default_manager.filter(product=OuterRef("pk"), market=market)
    # Oscar's base_queryset() also prefetches options for the product page;
    # a grid needs only the market's offers, the images and the categories
    # (for the VAT rate), besides the option flags it annotates.
    products = (
        Product._default_manager.browsable()
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
            "children",
            Prefetch(
                "stockrecords",
                queryset=StockRecord._default_manager.filter(market=market),
            ),
            "images",
            "categories",
        )
        .filter(Exists(offers))
    )
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


def category_get(*, pk: int) -> "Category":
    """Return the category with this primary key (raises Category.DoesNotExist)."""
    return Category._default_manager.get(pk=pk)


def market_list() -> list["Market"]:
    """Return the active markets in display order."""
    return list(Market._default_manager.filter(is_active=True))


def category_vat_rates(*, market: "Market") -> dict[str, Decimal]:
    """Map the tree path of each category with its own rate in the market to it."""
    return dict(
        CategoryVatRate._default_manager.filter(market=market).values_list(
            "category__path", "rate"
        )
    )


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
) -> list["Product"]:
    """Return other products on sale in the market from the product's first category."""
    category = product.get_categories().first()
    if category is None:
        return []
    related = product_list(market=market, category=category).exclude(pk=product.pk)
    return list(related[:limit])


def category_top_list() -> QuerySet:
    """Return the public top-level categories, in tree order, for the home page."""
    return Category._default_manager.filter(depth=1).for_menu().order_by("path")
