"""What delivery costs, for the storefront's pages."""

from django import template
from oscar.core.loading import get_class

Repository = get_class("shipping.repository", "Repository")

register = template.Library()


@register.simple_tag(takes_context=True)
def delivery_charge(context):
    """Return the charge of the default shipping method for the shopper's basket.

    The price object of the method the checkout would offer first (Oscar's
    shipping repository), so a page shows what the shopper will pay; until
    shipping rules exist, delivery is free.
    """
    request = context["request"]
    method = Repository().get_default_shipping_method(
        basket=request.basket, request=request
    )
    return method.calculate(request.basket)
