"""The address book, the checkout's saved addresses, the order page and the
invoice show an address's lines in its country's order, through the models'
active_address_fields()."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from catalog.middleware import MARKET_COOKIE
from tests.checkout import CASH_ON_DELIVERY, MOSCOW

pytestmark = pytest.mark.django_db

# The lines each address of conftest.ADDRESSES is shown in, country last.
DISPLAYED = {
    "KR": [
        "04524",
        "서울특별시 중구 세종대로 110",
        "서울시청 3층",
        "김민지",
        "South Korea",
    ],
    "RU": [
        "Анна Иванова",
        "ул. Ленина, д. 4, кв. 12",
        "Красногорск",
        "Московская область",
        "143401",
        "Russia",
    ],
    "LV": ["Jānis Bērziņš", "Brīvības iela 1", "Rīga, LV-1050", "Latvia"],
    # No format: Oscar's order, the name first and the postcode on its own.
    "DE": ["Anna Schmidt", "Hauptstraße 5", "Berlin", "10115", "Germany"],
}


def _text_lines(html: str) -> list[str]:
    """Return the page's text, one element or <br> line a list item."""
    text = re.sub(r"<[^>]*>", "\n", html)
    return [line.strip() for line in unescape(text).splitlines() if line.strip()]


def _shows_in_a_row(html: str, lines: list[str]) -> bool:
    page = _text_lines(html)
    return any(page[start : start + len(lines)] == lines for start in range(len(page)))


@pytest.mark.parametrize("code", DISPLAYED)
def test_address_book_shows_an_address_in_its_countrys_order(
    client, customer, saved_address, code
):
    # given
    saved_address(code)
    client.force_login(customer)
    with translation.override("en"):
        url = reverse("customer:address-list")

    # when
    response = client.get(url)

    # then
    assert response.status_code == 200
    assert _shows_in_a_row(response.content.decode(), DISPLAYED[code])


@pytest.mark.parametrize("code", ["KR", "RU", "LV"])
def test_checkout_offers_a_saved_address_in_its_countrys_order(
    client, customer, saved_address, make_products, sell_in, code
):
    # given: a basket in the market of the address's country
    saved_address(code)
    product = make_products(1)[0]
    if code != "RU":  # the products' first market
        sell_in(product, code, "100.00")
    client.force_login(customer)
    client.cookies[MARKET_COOKIE] = code
    with translation.override("en"):
        add = reverse("basket:add", kwargs={"pk": product.pk})
        url = reverse("checkout:shipping-address")
    client.post(add, {"quantity": 1})

    # when
    response = client.get(url)

    # then
    assert response.status_code == 200
    assert _shows_in_a_row(response.content.decode(), DISPLAYED[code])


@pytest.mark.parametrize("code", DISPLAYED)
@pytest.mark.parametrize("page", ["customer:order", "customer:order-invoice"])
def test_order_pages_show_the_shipping_address_in_its_countrys_order(
    client, customer, order_shipped_to, code, page
):
    # given
    order = order_shipped_to(code)
    client.force_login(customer)
    with translation.override("en"):
        url = reverse(page, kwargs={"order_number": order.number})

    # when
    response = client.get(url)

    # then
    assert response.status_code == 200
    assert _shows_in_a_row(response.content.decode(), DISPLAYED[code])


def test_patronymic_given_at_checkout_reaches_the_order_and_the_address_book(
    client, customer, make_products
):
    # given: a signed-in shopper in the Russian market
    product = make_products(1)[0]
    client.force_login(customer)
    with translation.override("ru"):
        add = reverse("basket:add", kwargs={"pk": product.pk})
        address = reverse("checkout:shipping-address")
        preview = reverse("checkout:preview")
    client.post(add, {"quantity": 1})
    form = client.get(address).content.decode()
    assert 'name="patronymic"' in form
    assert "Отчество (если есть)" in form
    names = {"first_name": "Анна", "patronymic": "Сергеевна", "last_name": "Иванова"}
    client.post(address, {**MOSCOW, **names}, follow=True)
    client.post(preview, CASH_ON_DELIVERY)

    # when
    response = client.post(preview, {"action": "place_order"}, follow=True)

    # then
    order = response.context["order"]
    assert order.shipping_address.patronymic == "Сергеевна"
    assert _shows_in_a_row(
        response.content.decode(), ["Анна Сергеевна Иванова", "Тверская, 1", "Москва"]
    )
    assert customer.addresses.get().patronymic == "Сергеевна"
