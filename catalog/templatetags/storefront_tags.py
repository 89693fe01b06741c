"""Template tags of the storefront design."""

import hashlib

from django import forms, template
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.translation import get_language

from catalog.selectors import offer_version_list, product_grid_list

register = template.Library()

GRID_TIMEOUT = 300


@register.simple_tag(takes_context=True)
def product_grid(context, products, eager: int = 4) -> str:
    """Render products as a grid of cards, cached under everything the cards show.

    The key covers the products (and their last change), every offer of them
    in the shopper's market (price, stock, allocation, last change), the
    language and how many cards load their image at once (the first row on a
    phone). Cards hold nothing personal: their buttons submit the page's one
    add-to-basket form. On a hit the page pays two small queries; only a miss
    loads the images, categories, variants and options the cards need.
    """
    products = list(products)
    if not products:
        return ""
    request = context["request"]
    market = request.market
    product_ids = [product.pk for product in products]
    parts = [market.code, get_language(), str(eager)]
    parts += [f"{p.pk}:{p.date_updated.timestamp()}" for p in products]
    parts += [
        f"{product_id}:{pk}:{price}:{in_stock}:{allocated}:{updated.timestamp()}"
        for product_id, pk, price, in_stock, allocated, updated in offer_version_list(
            product_ids=product_ids, market=market
        )
    ]
    digest = hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()
    key = f"product_grid:{digest}"
    cache = caches["fragments"]
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "storefront/partials/product_grid.html",
            {
                "products": product_grid_list(product_ids=product_ids, market=market),
                "eager": eager,
                "request": request,
                "LANGUAGE_CODE": get_language(),
            },
        )
        cache.set(key, html, GRID_TIMEOUT)
    # render_to_string's SafeString keeps its class through the cache's pickle.
    return html


@register.filter
def bootstrap_widget(field) -> str:
    """Render a bound field's widget with the design's classes and its error state.

    Check boxes and radios get form-check-input, selects form-select, the
    rest form-control; a field with errors is marked invalid and points at
    its error messages (storefront/partials/form_field.html renders them).
    """
    widget = field.field.widget
    if getattr(widget, "input_type", None) in ("checkbox", "radio"):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    classes = widget.attrs.get("class", "").split()
    attrs = {"class": " ".join(classes + [css] * (css not in classes))}
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)
