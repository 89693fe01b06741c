"""A guest checkout with cash on delivery, driven through Django's test client."""

from django.urls import reverse
from django.utils import translation

MOSCOW = {
    "first_name": "Минджи",
    "last_name": "Ким",
    "line1": "Тверская, 1",
    "line4": "Москва",
    "postcode": "125009",
}
# The payment step's choice of cash on delivery, posted to the preview.
CASH_ON_DELIVERY = {"method": "cash-on-delivery"}
# The Russian and the Korean market each ship to their own country only, so
# their address forms ask for no country.
SEOUL = {
    "first_name": "민지",
    "last_name": "김",
    "line1": "세종대로 110",
    "line4": "서울특별시",
    "postcode": "04524",
}


def guest_checkout(
    client, *, product, email: str, language: str, address: dict = MOSCOW
) -> str:
    """Buy one product as a guest in the language; return the order number."""
    with translation.override(language):
        urls = {
            "add": reverse("basket:add", kwargs={"pk": product.pk}),
            "gateway": reverse("checkout:index"),
            "address": reverse("checkout:shipping-address"),
            "preview": reverse("checkout:preview"),
            "thanks": reverse("checkout:thank-you"),
        }
    client.post(urls["add"], {"quantity": 1})
    client.post(urls["gateway"], {"username": email, "options": "anonymous"})
    # Following the redirects visits the shipping-method and payment steps,
    # which record their choices in the checkout session.
    client.post(urls["address"], address, follow=True)
    client.post(urls["preview"], CASH_ON_DELIVERY)
    response = client.post(urls["preview"], {"action": "place_order"}, follow=True)
    assert response.redirect_chain[-1][0] == urls["thanks"], response.redirect_chain
    return response.context["order"].number
