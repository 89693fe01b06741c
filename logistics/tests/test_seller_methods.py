# ruff: noqa: RUF001  (Russian text is meant)
"""A vendor keeps its shipping methods in the seller dashboard: carrier and
service, zone, weight bands, free threshold and days; only its own."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import ProductClassFactory, create_product

from logistics.seller.services import shipping_method_save
from vendors.services import vendor_upload_create, vendor_upload_process
from vendors.tests.test_bulk import (
    csv_bytes,
    honey,  # noqa: F401 (a fixture)
    honey_row,
    upload_and_process,
)
from vendors.tests.test_seller_products import without_photo

Carrier = get_model("shipping", "Carrier")
Country = get_model("address", "Country")
Delivery = get_model("shipping", "Delivery")
Market = get_model("catalogue", "Market")
ShippingMethod = get_model("shipping", "ShippingMethod")
ShippingRate = get_model("shipping", "ShippingRate")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The seller's pages are asked for in English, and their errors read so."""
    with translation.override("en"):
        yield


def url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(f"seller_shipping_methods:{name}", kwargs=kwargs)


def method_data(
    *,
    market: str = "RU",
    carrier: str = "cdek",
    countries=("RU",),
    bands=(("1", "300"), ("5", "550")),
    existing=(),
    **fields,
) -> dict:
    """What the form posts: the method, then its band rows, existing ones first
    as (pk, weight, charge, delete)."""
    data = {
        "market": market,
        "carrier": Carrier.objects.get(code=carrier).pk,
        "service": "Курьер",
        "kind": "door",
        "description": "",
        "countries": list(countries),
        "regions": "",
        "handling_days": "1",
        "transit_days_min": "2",
        "transit_days_max": "4",
        "free_over": "",
        "is_active": "on",
        "rates-INITIAL_FORMS": str(len(existing)),
        "rates-MIN_NUM_FORMS": "0",
        "rates-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    rows = [*existing, *((None, weight, charge, False) for weight, charge in bands)]
    for index, (pk, weight, charge, delete) in enumerate(rows):
        if pk:
            data[f"rates-{index}-id"] = pk
        data[f"rates-{index}-max_weight"] = weight
        data[f"rates-{index}-charge"] = charge
        if delete:
            data[f"rates-{index}-DELETE"] = "on"
    data["rates-TOTAL_FORMS"] = str(len(rows))
    return data


@pytest.fixture
def seller(client, make_seller):
    member = make_seller("Самовары Тулы", email="tula@example.com")
    client.force_login(member.user)
    return member.partner


@pytest.fixture
def method(seller):
    """A door-to-door CDEK method of the vendor in Russia with two bands."""
    return shipping_method_save(
        vendor=seller,
        method=ShippingMethod(
            market=Market.objects.get(pk="RU"),
            carrier=Carrier.objects.get(code="cdek"),
            service="Посылка",
        ),
        countries=Country.objects.filter(pk="RU"),
        rates=[(Decimal(1), Decimal(300)), (Decimal(5), Decimal(550))],
    )


def test_the_vendor_creates_a_method_with_its_bands_and_sees_it_listed(client, seller):
    # given
    data = method_data(
        bands=(("10", "900"), ("0.5", "250"), ("", "")),
        regions="Москва\nМосковская область",
        free_over="5000",
        description="Звоним за час",
    )

    # when
    response = client.post(url("create"), data, follow=True)

    # then
    method = ShippingMethod.objects.get(partner=seller)
    assert response.redirect_chain[-1][0] == url("list")
    assert method.market_id == "RU"
    assert method.carrier.code == "cdek"
    assert list(method.countries.values_list("pk", flat=True)) == ["RU"]
    assert method.regions == ["Москва", "Московская область"]
    assert method.free_over == Decimal(5000)
    assert list(method.rates.values_list("max_weight", "charge")) == [
        (Decimal("0.500"), Decimal("250.00")),
        (Decimal("10.000"), Decimal("900.00")),
    ]
    page = response.content.decode()
    assert "CDEK: Курьер" in page
    assert "Звоним за час" in page


def test_the_create_page_offers_the_asked_markets_destinations(client, seller):
    # when
    page = client.get(url("create"), {"market": "LV"}).content.decode()

    # then: Latvia's market ships to the Baltic states, not to Russia
    assert 'name="countries" value="LT"' in page
    assert 'name="countries" value="EE"' in page
    assert 'name="countries" value="RU"' not in page


def test_a_country_outside_the_market_is_refused_by_name_and_entries_kept(
    client, seller
):
    # given: Korea's market, with Russia ticked
    data = method_data(market="KR", countries=("KR", "RU"), service="택배")

    # when
    with translation.override("en"):
        response = client.post(url("create"), data)

    # then
    assert response.status_code == 200
    errors = response.context["form"].errors["countries"]
    assert (
        errors
        == ["South Korea does not ship to Russia; choose among its destinations."]
        or "does not ship to" in errors[0]
    )
    assert 'value="택배"' in response.content.decode()
    assert not ShippingMethod.objects.exists()


def test_a_won_amount_with_a_fraction_is_refused(client, seller):
    # given: a charge and a threshold in KRW with decimals
    data = method_data(
        market="KR",
        countries=("KR",),
        bands=(("1", "3000.50"),),
        free_over="50000.5",
    )

    # when
    with translation.override("en"):
        response = client.post(url("create"), data)

    # then
    message = "Prices in KRW are in whole units, without a fraction."
    assert response.context["form"].errors["free_over"] == [message]
    assert response.context["rate_formset"].forms[0].errors["charge"] == [message]
    assert not ShippingMethod.objects.exists()


def test_two_bands_ending_at_the_same_weight_are_refused(client, seller):
    data = method_data(bands=(("1", "300"), ("1.000", "400")))

    with translation.override("en"):
        response = client.post(url("create"), data)

    forms = response.context["rate_formset"].forms
    assert forms[1].errors["max_weight"] == [
        "Another band already ends at this weight."
    ]
    assert not ShippingMethod.objects.exists()


def test_a_method_without_a_band_is_refused(client, seller):
    data = method_data(bands=(("", ""),))

    with translation.override("en"):
        response = client.post(url("create"), data)

    assert response.context["rate_formset"].non_form_errors() == [
        "Give at least one weight band with its charge."
    ]
    assert not ShippingMethod.objects.exists()


def test_a_transit_window_that_ends_before_it_starts_is_refused(client, seller):
    data = method_data(transit_days_min="5", transit_days_max="2")

    with translation.override("en"):
        response = client.post(url("create"), data)

    assert response.context["form"].errors["transit_days_max"] == [
        "The longest transit cannot be shorter than the shortest."
    ]
    assert not ShippingMethod.objects.exists()


def test_regions_are_stripped_and_repeats_dropped(client, seller):
    data = method_data(regions="  Москва \r\n\r\nмосква\nТульская область\n")

    client.post(url("create"), data)

    assert ShippingMethod.objects.get().regions == ["Москва", "Тульская область"]


def test_editing_keeps_a_kept_weights_band_and_deletes_a_removed_one(
    client, seller, method
):
    # given: bands up to 1 kg and 5 kg
    light, heavy = method.rates.order_by("max_weight")
    data = method_data(
        existing=(
            (light.pk, "1", "350", False),
            (heavy.pk, "5", "550", True),
        ),
        bands=(("20", "1500"),),
    )

    # when
    client.post(url("edit", pk=method.pk), data)

    # then: 1 kg is the same row with the new charge, 5 kg is gone
    assert list(method.rates.values_list("pk", "max_weight", "charge")) == [
        (light.pk, Decimal("1.000"), Decimal("350.00")),
        (method.rates.get(max_weight=20).pk, Decimal("20.000"), Decimal("1500.00")),
    ]


def test_a_method_is_deactivated_and_activated_again(client, seller, method):
    client.post(url("activate", pk=method.pk), {"is_active": "0"})
    method.refresh_from_db()
    assert method.is_active is False

    client.post(url("activate", pk=method.pk), {"is_active": "1"})
    method.refresh_from_db()
    assert method.is_active is True


def test_an_unused_method_is_deleted_with_its_bands(client, seller, method):
    # when
    confirm = client.get(url("delete", pk=method.pk))
    client.post(url("delete", pk=method.pk))

    # then
    assert confirm.status_code == 200
    assert not ShippingMethod.objects.filter(pk=method.pk).exists()
    assert not ShippingRate.objects.filter(method_id=method.pk).exists()


def test_a_method_an_order_was_delivered_with_is_kept(
    client, seller, method, place_order
):
    # given: an order part of the vendor delivered with the method
    product = create_product(
        title="Самовар", price="4990.00", partner_name=seller.name, num_in_stock=3
    )
    part = place_order([(product, 1)]).parts.get()
    Delivery.objects.create(
        part=part,
        method=method,
        carrier=method.carrier,
        service=method.service,
        kind=method.kind,
        earliest="2026-03-02",
        latest="2026-03-04",
    )

    # when
    with translation.override("en"):
        response = client.post(url("delete", pk=method.pk), follow=True)

    # then
    assert ShippingMethod.objects.filter(pk=method.pk).exists()
    assert "deactivate it instead" in response.content.decode()


def test_another_vendors_method_is_not_found_and_not_changed(
    client, make_seller, method
):
    # given: the owner of another vendor
    other = make_seller("Чай Б", email="tea@example.com")
    client.force_login(other.user)
    before = list(ShippingMethod.objects.values())

    # when
    responses = [
        client.get(url("edit", pk=method.pk)),
        client.post(url("edit", pk=method.pk), method_data(service="Чужой")),
        client.post(url("activate", pk=method.pk), {"is_active": "0"}),
        client.get(url("delete", pk=method.pk)),
        client.post(url("delete", pk=method.pk)),
    ]
    listing = client.get(url("list")).content.decode()

    # then
    assert [response.status_code for response in responses] == [404] * 5
    assert list(ShippingMethod.objects.values()) == before
    assert "Посылка" not in listing


def save_methods(vendor, count: int) -> None:
    for number in range(count):
        shipping_method_save(
            vendor=vendor,
            method=ShippingMethod(
                market=Market.objects.get(pk=("RU", "LV")[number % 2]),
                carrier=Carrier.objects.get(code="cdek"),
                service=f"Служба {number}",
            ),
            countries=Country.objects.filter(pk__in=("RU", "LV", "LT")),
            rates=[(Decimal(weight), Decimal(100 * weight)) for weight in (1, 2, 5)],
        )


def test_the_methods_list_costs_the_same_queries_however_many_methods(client, seller):
    # given: one method, then seven more with their bands; a first visit
    # warms what every page reads once (session, site, caches)
    save_methods(seller, 1)
    client.get(url("list"))
    with CaptureQueriesContext(connection) as one:
        client.get(url("list"))
    save_methods(seller, 7)

    # when
    with CaptureQueriesContext(connection) as eight:
        response = client.get(url("list"))

    # then
    assert response.content.decode().count("Служба") == 8
    assert len(eight) == len(one)


@pytest.mark.parametrize(("weight", "saved"), [("1.25", Decimal("1.250")), ("", None)])
def test_a_vendor_gives_its_product_a_weight_or_none(
    client, seller, category, weight, saved
):
    # given
    ProductClassFactory(name="Товары")
    data = without_photo(category, weight=weight)

    # when
    with translation.override("en"):
        client.post(reverse("vendors:seller-product-create"), data)

    # then
    assert Product.objects.get(vendor_product__partner=seller).weight == saved


@pytest.mark.parametrize("weight", ["0", "-1", "heavy"])
def test_a_weight_that_is_not_above_zero_is_refused(client, seller, category, weight):
    ProductClassFactory(name="Товары")
    data = without_photo(category, weight=weight)

    with translation.override("en"):
        response = client.post(reverse("vendors:seller-product-create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["weight"]
    assert not Product.objects.filter(vendor_product__partner=seller).exists()


@pytest.mark.usefixtures("honey")
def test_a_catalogue_file_sets_and_clears_product_weights(make_seller):
    # given: a file weighing a new product, written the Russian way
    member = make_seller("Медовая заимка", email="honey@example.com")
    upload_and_process(member, csv_bytes([honey_row(weight="0,75")]))
    product = Product.objects.get(vendor_product__partner=member.partner)
    assert product.weight == Decimal("0.750")

    # when: a second file leaves its weight empty
    upload_and_process(member, csv_bytes([honey_row(weight="")]))

    # then
    product.refresh_from_db()
    assert product.weight is None


@pytest.mark.usefixtures("honey")
def test_a_bad_weight_is_reported_on_its_row_and_the_other_rows_still_checked(
    make_seller,
):
    # given
    member = make_seller("Медовая заимка", email="honey@example.com")
    content = csv_bytes(
        [
            honey_row("OK-1", weight="1.5"),
            honey_row("ZERO-2", weight="0"),
            honey_row("WORD-3", weight="тяжёлый"),
            honey_row("GRAMS-4", weight="0.0005"),
        ]
    )

    # when: uploaded from the English pages
    upload = vendor_upload_create(
        vendor=member.partner,
        user=member.user,
        file=SimpleUploadedFile("catalogue.csv", content),
        language="en",
    )
    upload = vendor_upload_process(upload_id=upload.pk)

    # then: rows 3 to 5 (row 1 is the header) each with their reason
    reported = {error["row"]: error for error in upload.errors}
    assert set(reported) == {3, 4, 5}
    assert all(error["column"] == "weight" for error in reported.values())
    assert reported[3]["message"] == "The weight must be more than zero."
    assert "is not a weight" in reported[4]["message"]
    assert "3 decimal places" in reported[5]["message"]


def test_the_list_warns_of_a_market_the_vendor_sells_in_without_a_method(
    client, seller, method
):
    # given: an active method in Russia; the samovar offered in Russia and Korea
    product = create_product(
        title="Самовар", price="4990.00", partner_name=seller.name, num_in_stock=3
    )
    StockRecord.objects.create(
        product=product,
        partner=seller,
        partner_sku="SAM-KR",
        market_id="KR",
        price_currency="KRW",
        price=120000,
        num_in_stock=3,
    )

    # when
    with translation.override("en"):
        page = client.get(url("list")).content.decode()

    # then
    assert "You offer products in South Korea but have no active" in page
    assert "You offer products in Russia" not in page
    assert f"{url('create')}?market=KR" in page
