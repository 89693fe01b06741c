"""A guest checkout with cash on delivery, driven through Django's test client."""

from django.urls import reverse
from django.utils import translation


def guest_checkout(client, *, product, email: str, language: str) -> str:
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
    client.post(
        urls["address"],
        {
            "first_name": "Минджи",
            "last_name": "Ким",
            "line1": "Тверская, 1",
            "line4": "Москва",
            "postcode": "125009",
            "country": "RU",
        },
        follow=True,
    )
    response = client.post(urls["preview"], {"action": "place_order"}, follow=True)
    assert response.redirect_chain[-1][0] == urls["thanks"], response.redirect_chain
    return response.context["order"].number
