"""A guest's card checkout in the Latvian market, driven through Django's test
client up to Stripe's page (the local Stripe of payments.fakes)."""

from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from catalog.middleware import MARKET_COOKIE

Order = get_model("order", "Order")

RIGA = {
    "first_name": "Jānis",
    "last_name": "Bērziņš",
    "line1": "Brīvības iela 1",
    "line4": "Rīga",
    "postcode": "LV-1050",
    "country": "LV",
}


def checkout_urls(language: str = "en") -> dict[str, str]:
    with translation.override(language):
        return {
            "gateway": reverse("checkout:index"),
            "address": reverse("checkout:shipping-address"),
            "preview": reverse("checkout:preview"),
            "pay": reverse("payments:order-pay"),
            "return": reverse("payments:return"),
            "thanks": reverse("checkout:thank-you"),
            "webhook": reverse("payments-webhooks:webhook", args=["stripe"]),
        }


def card_order_place(client, *, product, email: str = "janis@example.com"):
    """Buy one product by card as a guest in Latvia; return (order, response).

    The response is the placing's redirect, to Stripe's page unless Stripe
    could not be asked.
    """
    urls = checkout_urls()
    client.cookies[MARKET_COOKIE] = "LV"
    with translation.override("en"):
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(urls["gateway"], {"username": email, "options": "anonymous"})
    client.post(urls["address"], RIGA, follow=True)
    client.post(urls["preview"], {"method": "stripe"})
    response = client.post(urls["preview"], {"action": "place_order"})
    return Order.objects.get(guest_email=email), response


def webhook_post(client, server, event_id: str):
    """Deliver one of the local Stripe's events to the site, signed as Stripe signs."""
    payload, signature = server.signed_delivery(event_id)
    return client.post(
        checkout_urls()["webhook"],
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )
