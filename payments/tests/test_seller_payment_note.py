"""The seller's order page says how its part is paid, and what a courier
collects for it on delivery."""

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from tests.checkout import guest_checkout

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def test_a_cash_on_delivery_part_shows_what_the_courier_collects(
    client, make_products, make_seller
):
    # given: a guest's cash-on-delivery order of the seller's product
    product = make_products(1, price="1990.00")[0]
    member = make_seller(product.stockrecords.get().partner.name)
    number = guest_checkout(
        client, product=product, email="anna@example.com", language="ru"
    )
    part = Order.objects.get(number=number).parts.get()
    client.force_login(member.user)
    with translation.override("ru"):
        url = reverse("seller_orders:detail", kwargs={"number": number})

    # when
    page = client.get(url).content.decode()

    # then: the lines and the part's delivery (free here)
    assert part.shipping_incl_tax == 0
    assert "Оплата при получении: курьер получит 1\xa0990\xa0₽" in page
