"""Template tags of the storefront design."""

import hashlib

from django import template

register = template.Library()


@register.simple_tag
def grid_version(products) -> str:
    """Return a key that changes whenever anything a product grid shows changes.

    It covers each product and its first offer in the products' stock records
    (a grid's products carry only the shopper's market's offers): price,
    stock, allocation and last change. A grid cached under it never shows a
    price or stock level that is no longer true.
    """
    parts = []
    for product in products:
        offers = product.stockrecords.all()
        offer = offers[0] if offers else None
        parts.append(
            f"{product.pk}:{product.date_updated.timestamp()}:"
            + (
                f"{offer.pk}:{offer.price}:{offer.num_in_stock}:"
                f"{offer.num_allocated}:{offer.date_updated.timestamp()}"
                if offer
                else "-"
            )
        )
    return hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()
