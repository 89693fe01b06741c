"""What delivery costs and when it arrives, for the product page."""

from django import template

from logistics.quotes import product_quote

register = template.Library()


@register.simple_tag(takes_context=True)
def product_delivery(context, product, session):
    """Return the cheapest way the product's seller delivers one unit to the
    shopper's market (logistics.quotes.Option), or None if it does not."""
    return product_quote(
        product=product,
        vendor_id=session.stockrecord.partner_id,
        market=context["request"].market,
        price=session.price.incl_tax,
    )
