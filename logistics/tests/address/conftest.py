"""Addresses in the formats of Korea, Russia and Latvia, and of a country
without a format (Germany), saved in a customer's address book or on an order."""

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import CountryFactory, OrderFactory, UserFactory

Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")

ADDRESSES = {
    "KR": {
        "first_name": "민지",
        "last_name": "김",
        "state": "서울특별시",
        "line4": "중구",
        "line1": "세종대로 110",
        "line2": "서울시청 3층",
        "postcode": "04524",
    },
    "RU": {
        "first_name": "Анна",
        "last_name": "Иванова",
        "line1": "ул. Ленина, д. 4",
        "line2": "кв. 12",
        "line4": "Красногорск",
        "state": "Московская область",
        "postcode": "143401",
    },
    "LV": {
        "first_name": "Jānis",
        "last_name": "Bērziņš",
        "line1": "Brīvības iela 1",
        "line4": "Rīga",
        "postcode": "LV-1050",
    },
    "DE": {
        "first_name": "Anna",
        "last_name": "Schmidt",
        "line1": "Hauptstraße 5",
        "line4": "Berlin",
        "postcode": "10115",
    },
}


@pytest.fixture
def address_fields() -> dict[str, dict[str, str]]:
    """The fields of each address, by its country's code."""
    return ADDRESSES


@pytest.fixture
def customer():
    return UserFactory()


@pytest.fixture
def country(db):
    """Return a country by its code; Germany is made, as no market ships there."""

    def get(code: str) -> "Country":
        if code == "DE":
            return CountryFactory(
                iso_3166_1_a2="DE",
                printable_name_en="Germany",
                printable_name_ru="Германия",
                printable_name_ko="독일",
            )
        return Country.objects.get(pk=code)

    return get


@pytest.fixture
def saved_address(customer, country):
    """Save ADDRESSES[code] in the customer's address book."""

    def save(code: str) -> "UserAddress":
        return UserAddress.objects.create(
            user=customer, country=country(code), **ADDRESSES[code]
        )

    return save


@pytest.fixture
def order_shipped_to(customer, country):
    """Place an order of the customer's, shipped to ADDRESSES[code]."""

    def place(code: str):
        address = ShippingAddress.objects.create(
            country=country(code), **ADDRESSES[code]
        )
        return OrderFactory(user=customer, shipping_address=address, guest_email="")

    return place
