import pytest
from django.utils import translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import UserFactory

from logistics.address import forms as address_forms

ShippingAddressForm = get_class("checkout.forms", "ShippingAddressForm")
UserAddressForm = get_class("address.forms", "UserAddressForm")
Country = get_model("address", "Country")
Market = get_model("catalogue", "Market")
UserAddress = get_model("address", "UserAddress")


@pytest.fixture(autouse=True)
def _english():
    """Labels and errors are compared in English unless a test picks a language."""
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_shipping_address_fields_name_their_autofill_purpose():
    # given: Latvia, which ships to three countries, so the form asks for one
    form = ShippingAddressForm(market=Market.objects.get(pk="LV"))

    # when
    html = form.as_p()

    # then
    assert 'autocomplete="shipping given-name"' in html
    assert 'autocomplete="shipping postal-code"' in html
    assert 'autocomplete="shipping country"' in html
    assert 'type="tel"' in html
    countries = {str(value) for value, _label in form.fields["country"].choices}
    assert countries == {"LV", "LT", "EE"}


NAMES = {"first_name": "Анна", "last_name": "Иванова"}
NAME_FIELDS = ("first_name", "patronymic", "last_name")


def _address_fields(form) -> list[str]:
    return [name for name in form.fields if name not in NAME_FIELDS]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("market", "fields"),
    [
        ("RU", ["postcode", "state", "line4", "line1", "line2", "phone_number"]),
        ("KZ", ["postcode", "state", "line4", "line1", "line2", "phone_number"]),
        ("KR", ["postcode", "state", "line4", "line1", "line2", "phone_number"]),
        ("LV", ["line1", "line4", "postcode", "country", "phone_number"]),
    ],
)
def test_shipping_address_fields_follow_the_countrys_order(market, fields):
    # given
    form = ShippingAddressForm(market=Market.objects.get(pk=market))

    # when
    order = _address_fields(form)

    # then: the country's lines first, then what every address has
    assert order == [*fields, "notes"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("market", "names"),
    [
        ("RU", ["first_name", "patronymic", "last_name"]),
        ("KZ", ["first_name", "patronymic", "last_name"]),
        ("KR", ["last_name", "first_name"]),
        ("LV", ["first_name", "last_name"]),
    ],
)
def test_names_come_in_the_countrys_order(market, names):
    # given: Korea writes the family name first (김민지); Russia and
    # Kazakhstan ask for a patronymic, which the Baltic states do not have
    form = ShippingAddressForm(market=Market.objects.get(pk=market))

    # when
    order = [name for name in form.fields if name in NAME_FIELDS]

    # then
    assert order == names
    assert list(form.fields)[: len(names)] == names


@pytest.mark.django_db
def test_patronymic_is_optional_and_says_so():
    # given: not everyone in Russia has a patronymic
    form = ShippingAddressForm(
        market=Market.objects.get(pk="RU"),
        data={**NAMES, "line1": "Тверская, 1", "line4": "Москва", "postcode": "125009"},
    )

    # when
    valid = form.is_valid()

    # then
    assert valid, form.errors
    field = form.fields["patronymic"]
    assert not field.required
    assert str(field.label) == "Patronymic, if any"
    assert field.widget.attrs["autocomplete"] == "shipping additional-name"


@pytest.mark.django_db
def test_patronymic_label_is_translated():
    # given
    with translation.override("ru"):
        form = ShippingAddressForm(market=Market.objects.get(pk="RU"))

        # when
        label = str(form.fields["patronymic"].label)

    # then
    assert label == "Отчество (если есть)"


@pytest.mark.django_db
def test_address_book_form_of_a_country_without_a_format_asks_no_patronymic():
    # given: Germany has no format of ours, so Oscar's fields stay
    user = UserFactory()
    address = UserAddress.objects.create(
        user=user,
        first_name="Anna",
        last_name="Schmidt",
        line1="Hauptstraße 5",
        line4="Berlin",
        postcode="10115",
        country=Country.objects.get_or_create(
            pk="DE", defaults={"printable_name": "Germany"}
        )[0],
    )

    # when
    form = UserAddressForm(user, instance=address)

    # then
    assert "patronymic" not in form.fields
    assert "line3" in form.fields


@pytest.mark.django_db
def test_korean_address_is_labelled_as_korea_writes_it():
    # given
    form = ShippingAddressForm(market=Market.objects.get(pk="KR"))

    # when
    labels = {name: str(field.label) for name, field in form.fields.items()}

    # then: no two lines share a label, and there is no third line
    assert labels["state"] == "Province or metropolitan city"
    assert labels["line4"] == "City, county or district"
    assert labels["line1"] == "Road name address"
    assert labels["line2"] == "Detailed address"
    assert "line3" not in labels
    assert len(set(labels.values())) == len(labels)


@pytest.mark.django_db
def test_korean_labels_are_translated_distinctly():
    # given
    form = ShippingAddressForm(market=Market.objects.get(pk="KR"))

    # when
    with translation.override("ko"):
        labels = [str(field.label) for field in form.fields.values()]

    # then
    assert len(set(labels)) == len(labels)


@pytest.mark.django_db
def test_russian_address_asks_region_city_then_street():
    # given
    form = ShippingAddressForm(market=Market.objects.get(pk="RU"))

    # when
    labels = {name: str(field.label) for name, field in form.fields.items()}

    # then
    assert labels["postcode"] == "Postcode"
    assert labels["state"] == "Region"
    assert labels["line4"] == "City or town"
    assert labels["line1"] == "Street and house"
    assert labels["line2"] == "Flat or office"
    assert form.fields["postcode"].required
    assert form.fields["postcode"].widget.attrs["inputmode"] == "numeric"
    assert form.fields["postcode"].help_text == "For example, 125009"


@pytest.mark.django_db
def test_latvian_postcode_is_text_with_its_prefix():
    # given
    form = ShippingAddressForm(market=Market.objects.get(pk="LV"))

    # when
    postcode = form.fields["postcode"]

    # then
    assert "inputmode" not in postcode.widget.attrs
    assert postcode.help_text == "For example, LV-1050"
    assert str(form.fields["line1"].label) == "Street and house, or house name"


def _bound(market: str, **address) -> "ShippingAddressForm":
    data = {**NAMES, "line1": "ул. Тверская, 1", "line4": "Москва", **address}
    return ShippingAddressForm(data, market=Market.objects.get(pk=market))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("market", "address", "postcode"),
    [
        ("RU", {"postcode": "125009"}, "125009"),
        ("RU", {"postcode": "125 009"}, "125009"),
        ("KZ", {"postcode": "050000"}, "050000"),
        ("KR", {"postcode": "04524"}, "04524"),
        ("LV", {"postcode": "LV-1050", "country": "LV"}, "LV-1050"),
        ("LV", {"postcode": "lv 1050", "country": "LV"}, "LV-1050"),
        ("LV", {"postcode": "1050", "country": "LV"}, "LV-1050"),
        ("LV", {"postcode": "01100", "country": "LT"}, "LT-01100"),
        ("LV", {"postcode": "10111", "country": "EE"}, "10111"),
    ],
)
def test_valid_postcode_is_accepted_as_the_post_writes_it(market, address, postcode):
    # given
    form = _bound(market, **address)

    # when
    valid = form.is_valid()

    # then
    assert valid, form.errors
    assert form.cleaned_data["postcode"] == postcode


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("market", "address", "example"),
    [
        ("RU", {"postcode": "12500"}, "125009"),
        ("RU", {"postcode": "1250090"}, "125009"),
        ("RU", {"postcode": "LV-1050"}, "125009"),
        ("KZ", {"postcode": "05000"}, "050000"),
        ("KR", {"postcode": "045240"}, "04524"),
        ("KR", {"postcode": "0452"}, "04524"),
        ("LV", {"postcode": "LV-105", "country": "LV"}, "LV-1050"),
        ("LV", {"postcode": "LT-1050", "country": "LV"}, "LV-1050"),
        ("LV", {"postcode": "1050", "country": "EE"}, "10111"),
    ],
)
def test_invalid_postcode_is_refused_with_the_countrys_example(
    market, address, example
):
    # given
    form = _bound(market, **address)

    # when
    valid = form.is_valid()

    # then
    assert not valid
    assert form.errors["postcode"] == [
        f"Enter a valid postcode, for example {example}."
    ]


@pytest.mark.django_db
def test_postcode_is_required_in_a_market_country():
    # given
    form = _bound("KR", postcode="")

    # when
    valid = form.is_valid()

    # then
    assert not valid
    assert "postcode" in form.errors


@pytest.mark.django_db
def test_postcode_error_is_translated_in_the_language_of_the_request(monkeypatch):
    # given: a catalogue that marks each message with the language it is in
    # (tests/test_translations.py checks the ru and ko catalogues themselves)
    monkeypatch.setattr(
        address_forms,
        "gettext",
        lambda message: f"[{translation.get_language()}] {message}",
    )
    form = _bound("RU", postcode="123")

    # when
    with translation.override("ko"):
        valid = form.is_valid()

    # then: translated when it is shown, not when the module was imported
    assert not valid
    assert form.errors["postcode"] == [
        "[ko] Enter a valid postcode, for example 125009."
    ]


@pytest.mark.django_db
def test_address_book_form_follows_the_addresss_country():
    # given: a saved Korean address being edited
    user = UserFactory()
    address = UserAddress.objects.create(
        user=user,
        first_name="민지",
        last_name="김",
        line1="세종대로 110",
        line4="서울특별시",
        postcode="04524",
        country=Country.objects.get(pk="KR"),
    )

    # when
    form = UserAddressForm(user, instance=address)

    # then
    assert _address_fields(form)[:5] == ["postcode", "state", "line4", "line1", "line2"]
    assert "line3" not in form.fields
    assert str(form.fields["line1"].label) == "Road name address"


@pytest.mark.django_db
def test_address_book_form_refuses_a_postcode_of_another_country():
    # given
    user = UserFactory()
    data = {**NAMES, "line1": "Brīvības iela 1", "line4": "Rīga", "country": "LV"}

    # when
    form = UserAddressForm(user, data={**data, "postcode": "125009"})

    # then
    assert not form.is_valid()
    assert form.errors["postcode"] == ["Enter a valid postcode, for example LV-1050."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("market", "address", "phone", "stored"),
    [
        ("RU", {"postcode": "125009"}, "8 (912) 345-67-89", "+79123456789"),
        ("KR", {"postcode": "04524"}, "010-1234-5678", "+821012345678"),
        ("LV", {"postcode": "LV-1050", "country": "LV"}, "2123 4567", "+37121234567"),
    ],
)
def test_phone_is_read_as_the_countrys_own_number(market, address, phone, stored):
    # given: a number written as people of the country write it at home
    data = {**NAMES, "line1": "Тверская, 1", "line4": "Москва", **address}

    # when
    form = ShippingAddressForm(
        market=Market.objects.get(pk=market), data={**data, "phone_number": phone}
    )

    # then
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["phone_number"]) == stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("market", "address", "phone", "country"),
    [
        ("RU", {"postcode": "125009"}, "010-1234-5678", "Россия"),  # a Korean mobile
        ("KR", {"postcode": "04524"}, "8 (912) 345-67-89", "Республика Корея"),
    ],
)
def test_phone_of_another_country_without_its_code_is_refused(
    market, address, phone, country
):
    # given
    data = {**NAMES, "line1": "Тверская, 1", "line4": "Москва", **address}

    # when
    with translation.override("ru"):
        form = ShippingAddressForm(
            market=Market.objects.get(pk=market), data={**data, "phone_number": phone}
        )
        valid = form.is_valid()

    # then: the error names the country the number was read in
    assert not valid
    assert form.errors["phone_number"] == [
        f"Неверный формат местного номера телефона: {country}."
    ]
