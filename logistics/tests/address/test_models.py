"""The address models display an address in its country's format."""

import zlib

import pytest
from django.utils import translation
from oscar.apps.address.abstract_models import AbstractAddress
from oscar.core.loading import get_model

BillingAddress = get_model("order", "BillingAddress")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("model", [UserAddress, ShippingAddress, BillingAddress])
def test_every_address_model_lists_a_korean_address_in_korean_order(
    model, country, address_fields
):
    # given
    address = model(country=country("KR"), **address_fields["KR"])

    # when
    fields = address.active_address_fields()

    # then
    assert fields == [
        "04524",
        "서울특별시 중구 세종대로 110",
        "서울시청 3층",
        "김민지",
        "South Korea",
    ]
    assert address.name == "김민지"


def test_summary_joins_the_lines_in_the_countrys_order(country, address_fields):
    # given
    address = ShippingAddress(country=country("RU"), **address_fields["RU"])

    # when
    summary = str(address)

    # then
    assert summary == (
        "Анна Иванова, ул. Ленина, д. 4, кв. 12, Красногорск,"
        " Московская область, 143401, Russia"
    )


def test_address_of_a_country_without_a_format_keeps_oscars_order(
    country, address_fields
):
    # given
    address = ShippingAddress(title="Dr", country=country("DE"), **address_fields["DE"])

    # when
    fields = address.active_address_fields()

    # then
    assert fields == AbstractAddress.active_address_fields(address)
    assert fields == ["Dr Anna Schmidt", "Hauptstraße 5", "Berlin", "10115", "Germany"]


def test_display_leaves_the_address_books_duplicate_hash_as_oscar_makes_it(
    customer, country, address_fields
):
    # given: the hash saved with each address finds a duplicate at checkout
    address = UserAddress(user=customer, country=country("KR"), **address_fields["KR"])

    # when
    address.save()

    # then: Oscar's fields and salutation (given name first), not the display
    oscars = "민지 김, 세종대로 110, 서울시청 3층, 중구, 서울특별시, 04524, South Korea"
    assert int(address.hash) == zlib.crc32(oscars.upper().encode()) & 0xFFFFFFFF


def test_patronymic_tells_two_addresses_in_the_book_apart(
    customer, country, address_fields
):
    # given: an address saved without the patronymic
    fields = {"user": customer, "country": country("RU"), **address_fields["RU"]}
    without = UserAddress.objects.create(**fields)

    # when: the same address with it
    with_patronymic = UserAddress.objects.create(**fields, patronymic="Сергеевна")

    # then: two addresses, and the first keeps the hash Oscar gives it
    assert with_patronymic.hash != without.hash
    oscars = ", ".join(without.get_address_field_values(AbstractAddress.hash_fields))
    assert int(without.hash) == zlib.crc32(oscars.upper().encode()) & 0xFFFFFFFF
    assert "Сергеевна" in with_patronymic.search_text
