"""A customer's invoice shows the seller, the VAT rate of each line and VAT per rate."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import UserFactory, create_product

Basket = get_model("basket", "Basket")
Market = get_model("catalogue", "Market")
Selector = get_class("partner.strategy", "Selector")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Free = get_class("shipping.methods", "Free")

pytestmark = pytest.mark.django_db


@pytest.fixture
def korean_order(sell_in):
    """Two jars of kimchi, bought in Korea by a registered customer."""
    customer = UserFactory(email="minji@example.com")
    kimchi = create_product(
        title="Кимчи", price="500.00", partner_name="Seoul Foods", num_in_stock=10
    )
    sell_in(kimchi, "KR", "12000")
    market = Market.objects.get(pk="KR")
    Market.objects.filter(pk="KR").update(
        legal_name_ko="(주)바자르코리아", registration_number="123-45-67890"
    )
    basket = Basket.objects.create(owner=customer, market=market)
    basket.strategy = Selector().strategy(market=market)
    basket.add_product(kimchi, 2)
    shipping = Free().calculate(basket)
    return OrderCreator().place_order(
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, shipping),
        shipping_method=Free(),
        shipping_charge=shipping,
        user=customer,
    )


def test_order_records_the_market_of_its_basket(korean_order):
    assert korean_order.market_id == "KR"
    assert korean_order.currency == "KRW"


def test_invoice_shows_seller_vat_rate_and_vat(client, korean_order):
    # given
    client.force_login(korean_order.user)
    with translation.override("ko"):
        url = reverse(
            "customer:order-invoice", kwargs={"order_number": korean_order.number}
        )

    # when
    response = client.get(url)

    # then: 24,000 in all, of which VAT 24,000 x 10/110 = 2,182 (rounded half up)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Seoul Foods" in html
    assert "10 %" in html
    assert "부가세 10% 포함" in html
    assert "₩2,182" in html
    assert "₩24,000" in html
    assert "123-45-67890" in html
    assert korean_order.vat_by_rate() == [(Decimal(10), Decimal(2182))]


def test_another_customers_invoice_is_not_found(client, korean_order):
    client.force_login(UserFactory(email="someone@example.com"))
    with translation.override("ko"):
        url = reverse(
            "customer:order-invoice", kwargs={"order_number": korean_order.number}
        )

    assert client.get(url).status_code == 404
