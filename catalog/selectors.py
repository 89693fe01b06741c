"""Catalogue reads for the storefront."""

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from modeltranslation.utils import build_localized_fieldname
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

SORT_ORDERS = {
    "newest": ("-date_created", "-pk"),
    "price-asc": ("min_price", "pk"),
    "price-desc": ("-min_price", "-pk"),
    "title-asc": ("title", "pk"),
    "title-desc": ("-title", "-pk"),
}


def product_list(
    *, category: "Category | None" = None, query: str = "", sort: str = ""
) -> QuerySet:
    """Return browsable products, joined for a product grid.

    The query matches the title in any language or the exact UPC. Products
    come with their class, images, stock records and options already loaded,
    so rendering a page of them costs the same few queries whatever its size.
    """
    products = (
        Product._default_manager.browsable()
        .base_queryset()
        .annotate(min_price=Min("stockrecords__price"))
    )
    if category is not None:
        products = products.filter(
            categories__in=category.get_descendants_and_self()
        ).distinct()
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
