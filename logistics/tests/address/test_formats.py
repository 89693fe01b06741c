from itertools import chain

import pytest
from oscar.core.loading import get_model

from logistics.address.formats import ADDRESS_FORMATS, ADDRESS_LINES

ShippingAddress = get_model("order", "ShippingAddress")


@pytest.mark.parametrize("code", sorted(ADDRESS_FORMATS))
def test_every_format_displays_every_address_field(code):
    # given
    address_format = ADDRESS_FORMATS[code]

    # when
    placed = list(chain.from_iterable(address_format.display))

    # then: each field once, so none the form left out is lost
    assert sorted(placed) == sorted(["name", *ADDRESS_LINES])


@pytest.mark.parametrize(
    ("first_name", "last_name", "name"),
    [("민지", "김", "김민지"), ("Minji", "Kim", "Kim Minji"), ("", "김", "김")],
)
def test_korean_name_is_family_name_first_and_unspaced_in_hangul(
    first_name, last_name, name
):
    # given
    address = ShippingAddress(first_name=first_name, last_name=last_name)

    # when
    displayed = ADDRESS_FORMATS["KR"].display_name(address)

    # then
    assert displayed == name


@pytest.mark.parametrize(
    ("code", "fields", "lines"),
    [
        (
            "KR",
            {"line4": "서울특별시", "line1": "세종대로 110", "postcode": "04524"},
            ["04524", "서울특별시 세종대로 110", "김민지"],
        ),
        (
            "KZ",
            {"line4": "Алматы", "line1": "ул. Абая, д. 1", "line2": "кв. 5"}
            | {"postcode": "050000"},
            ["050000", "Алматы", "ул. Абая, д. 1, кв. 5", "민지 김"],
        ),
        (
            "LT",
            {"line1": "Gedimino pr. 1", "line4": "Vilnius", "postcode": "LT-01100"},
            ["민지 김", "Gedimino pr. 1", "LT-01100 Vilnius"],
        ),
        (
            "EE",
            {"line1": "Narva mnt 5", "line4": "Tallinn", "postcode": "10117"},
            ["민지 김", "Narva mnt 5", "10117 Tallinn"],
        ),
    ],
)
def test_display_leaves_out_empty_fields_and_joins_a_lines_parts(code, fields, lines):
    # given
    address = ShippingAddress(first_name="민지", last_name="김", **fields)

    # when
    displayed = ADDRESS_FORMATS[code].display_lines(address)

    # then
    assert displayed == lines


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("RU", "Анна Сергеевна Иванова"),
        ("KZ", "Анна Сергеевна Иванова"),
        # A format that asks for no patronymic shows none it may still hold.
        ("LV", "Анна Иванова"),
    ],
)
def test_patronymic_is_written_between_the_given_and_the_family_name(code, name):
    # given
    address = ShippingAddress(
        first_name="Анна", patronymic="Сергеевна", last_name="Иванова"
    )

    # when
    displayed = ADDRESS_FORMATS[code].display_name(address)

    # then
    assert displayed == name
