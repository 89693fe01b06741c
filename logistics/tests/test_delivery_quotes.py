"""Each vendor's part of a basket is quoted from its own shipping methods: weight
bands, free-shipping threshold, zone and window; the checkout shows them per
vendor, lets the shopper choose (a pickup point by city, without script),
stops before payment when a vendor cannot deliver, and the order records
what was quoted."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from conftest import vendor_delivers
from logistics.quotes import Destination, basket_quote
from tests.checkout import CASH_ON_DELIVERY, MOSCOW

Basket = get_model("basket", "Basket")
Carrier = get_model("shipping", "Carrier")
Delivery = get_model("shipping", "Delivery")
Market = get_model("catalogue", "Market")
Order = get_model("order", "Order")
PickupPoint = get_model("shipping", "PickupPoint")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db


def product_of(vendor: str, *, price: str, weight: str | None = None, title="Товар"):
    product = create_product(
        title=title, price=price, num_in_stock=10, partner_name=vendor
    )
    if weight is not None:
        product.weight = Decimal(weight)
        product.save()
    return product


def method_of(product, *, service="Курьер", bands=(("1", "390"), ("5", "590"))):
    """Give the product's vendor a door method in Russia with these weight bands."""
    record = product.stockrecords.get()
    method = vendor_delivers(record.partner, record.market, service=service)
    method.rates.all().delete()
    for kg, charge in bands:
        method.rates.create(max_weight=Decimal(kg), charge=Decimal(charge))
    method.handling_days, method.transit_days_min, method.transit_days_max = 1, 2, 4
    method.save()
    return method


def basket_with(*items):
    market = Market.objects.get(pk="RU")
    basket = Basket.objects.create(market=market)
    basket.strategy = Selector().strategy(market=market)
    for product, quantity in items:
        basket.add_product(product, quantity=quantity)
    return basket


MOSCOW_DESTINATION = Destination(country_id="RU", region="Москва")


def test_a_part_pays_the_band_its_weight_fits_and_arrives_in_the_methods_window():
    # given: a 0.8 kg samovar; two of them weigh 1.6 kg
    samovar = product_of("Тульские мастера", price="4990.00", weight="0.8")
    method_of(samovar)

    # when
    one = basket_quote(basket_with((samovar, 1)), destination=MOSCOW_DESTINATION)
    two = basket_quote(basket_with((samovar, 2)), destination=MOSCOW_DESTINATION)

    # then
    today = timezone.localdate()
    assert one[0].chosen.charge == Decimal(390)
    assert two[0].chosen.charge == Decimal(590)
    assert (one[0].chosen.earliest, one[0].chosen.latest) == (
        today + timedelta(days=3),
        today + timedelta(days=5),
    )


def test_a_part_ships_free_from_the_threshold_and_not_at_all_when_too_heavy():
    # given: free from 9000; the heaviest band is 5 kg
    samovar = product_of("Тульские мастера", price="4990.00", weight="2")
    method = method_of(samovar)
    method.free_over = Decimal(9000)
    method.save()

    # when
    below = basket_quote(basket_with((samovar, 1)), destination=MOSCOW_DESTINATION)
    free = basket_quote(basket_with((samovar, 2)), destination=MOSCOW_DESTINATION)
    heavy = basket_quote(basket_with((samovar, 3)), destination=MOSCOW_DESTINATION)

    # then
    assert below[0].chosen.charge == Decimal(590)
    assert free[0].chosen.charge == Decimal(0)
    assert heavy[0].can_ship is False
    assert heavy[0].chosen is None


def test_a_method_limited_to_regions_delivers_there_only():
    # given: a courier for Moscow and Saint Petersburg only
    samovar = product_of("Тульские мастера", price="4990.00")
    method = method_of(samovar)
    method.regions = ["Москва", "Санкт-Петербург"]
    method.save()
    basket = basket_with((samovar, 1))

    # when
    moscow = basket_quote(basket, destination=Destination("RU", "москва"))
    kazan = basket_quote(basket, destination=Destination("RU", "Татарстан"))
    kazakhstan = basket_quote(basket, destination=Destination("KZ"))

    # then
    assert moscow[0].can_ship
    assert not kazan[0].can_ship
    assert not kazakhstan[0].can_ship


def test_inactive_methods_and_other_vendors_methods_are_not_offered():
    # given: the first vendor's only method is inactive
    samovar = product_of("Тульские мастера", price="4990.00")
    kimchi = product_of("Seoul Foods", price="700.00")
    method_of(samovar).__class__.objects.filter(
        partner__name="Тульские мастера"
    ).update(is_active=False)
    method_of(kimchi)

    # when
    parts = basket_quote(
        basket_with((samovar, 1), (kimchi, 1)), destination=MOSCOW_DESTINATION
    )

    # then
    by_vendor = {part.vendor.name: part for part in parts}
    assert not by_vendor["Тульские мастера"].can_ship
    assert [o.method.partner.name for o in by_vendor["Seoul Foods"].options] == [
        "Seoul Foods"
    ]


@pytest.fixture
def urls():
    with translation.override("ru"):
        return {
            "gateway": reverse("checkout:index"),
            "address": reverse("checkout:shipping-address"),
            "method": reverse("checkout:shipping-method"),
            "preview": reverse("checkout:preview"),
            "basket": reverse("basket:summary"),
        }


def guest_at_the_method_step(client, urls, products):
    for product in products:
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(
        urls["gateway"], {"username": "anna@example.com", "options": "anonymous"}
    )
    client.post(urls["address"], {**MOSCOW, "state": "Москва"})


def test_the_order_total_is_the_basket_plus_each_vendors_chosen_delivery(client, urls):
    # given: two vendors; the first delivers by courier or post, the second by courier
    samovar = product_of("Тульские мастера", price="4990.00", weight="0.8")
    kimchi = product_of("Seoul Foods", price="700.00", weight="0.5")
    method_of(samovar)
    post = method_of(samovar, service="Почта", bands=(("5", "250"),))
    courier = method_of(kimchi)
    guest_at_the_method_step(client, urls, [samovar, kimchi])

    # when: the shopper sees the step, picks the post for the samovar, and orders
    step = client.get(urls["method"])
    client.post(
        urls["method"],
        {
            f"method_{post.partner_id}": post.pk,
            f"method_{courier.partner_id}": courier.pk,
            "action": "continue",
        },
    )
    client.post(urls["preview"], CASH_ON_DELIVERY)
    preview = client.get(urls["preview"])
    placed = client.post(urls["preview"], {"action": "place_order"}, follow=True)

    # then: each part's charge and window were shown before paying, and the
    # order keeps them per part
    html = step.content.decode()
    assert step.status_code == 200
    assert re.search(r"390\s₽", html)
    assert re.search(r"250\s₽", html)
    assert "Почта" in preview.content.decode()
    order = placed.context["order"]
    parts = {part.vendor.name: part for part in order.parts.all()}
    assert parts["Тульские мастера"].shipping_incl_tax == Decimal(250)
    assert parts["Seoul Foods"].shipping_incl_tax == Decimal(390)
    # VAT 22 % of the charge is in it: 390 * 22 / 122 = 70.33
    assert parts["Seoul Foods"].shipping_excl_tax == Decimal("319.67")
    assert order.shipping_incl_tax == Decimal(640)
    assert order.total_incl_tax == Decimal("4990.00") + Decimal("700.00") + 640
    delivery = Delivery.objects.get(part=parts["Тульские мастера"])
    assert (delivery.service, delivery.carrier.code) == ("Почта", "cdek")
    assert delivery.latest == timezone.localdate() + timedelta(days=5)


def test_a_vendor_that_cannot_deliver_is_named_with_its_lines_before_payment(
    client, urls
):
    # given: the second vendor has no way to Russia
    samovar = product_of("Тульские мастера", price="4990.00")
    kimchi = product_of("Seoul Foods", price="700.00", title="Кимчи")
    method_of(samovar)
    guest_at_the_method_step(client, urls, [samovar, kimchi])

    # when
    step = client.get(urls["method"])
    preview = client.get(urls["preview"])
    basket = client.get(urls["basket"])

    # then: the step names the vendor and its line and offers no way on
    html = step.content.decode()
    assert "Seoul Foods не доставляет в страну «Россия»" in html
    assert "Кимчи" in html
    assert 'value="continue"' not in html
    assert preview.status_code == 302
    assert preview.url == urls["method"]
    assert "Кимчи" in basket.content.decode()
    assert basket.context["vendor_parts"][1][0].can_ship is False


def test_a_pickup_point_is_chosen_from_the_citys_list_without_script(client, urls):
    # given: a vendor delivering to CDEK pickup points, two in Moscow, one elsewhere
    samovar = product_of("Тульские мастера", price="4990.00")
    method = method_of(samovar, service="ПВЗ")
    method.kind = "pickup_point"
    method.save()
    cdek = Carrier.objects.get(code="cdek")
    points = [
        PickupPoint.objects.create(
            carrier=cdek,
            code=code,
            country_id="RU",
            city=city,
            name=name,
            address=address,
            opening_hours="10:00-21:00",
        )
        for code, city, name, address in (
            ("MSK1", "Москва", "ПВЗ Тверская", "Тверская, 7"),
            ("MSK2", "Москва", "ПВЗ Арбат", "Арбат, 10"),
            ("SPB1", "Санкт-Петербург", "ПВЗ Невский", "Невский, 20"),
        )
    ]
    guest_at_the_method_step(client, urls, [samovar])
    field = f"method_{method.partner_id}"

    # when: the step lists the address's city's points; continuing without a
    # point is refused; the shopper picks one
    step = client.get(urls["method"]).content.decode()
    refused = client.post(urls["method"], {field: method.pk, "action": "continue"})
    client.post(
        urls["method"],
        {
            field: method.pk,
            f"point_{method.partner_id}": points[1].pk,
            "city": "Москва",
            "action": "continue",
        },
    )
    client.post(urls["preview"], CASH_ON_DELIVERY)
    placed = client.post(urls["preview"], {"action": "place_order"}, follow=True)

    # then
    assert "ПВЗ Тверская" in step
    assert "ПВЗ Арбат" in step
    assert "ПВЗ Невский" not in step
    assert refused.status_code == 200
    assert "Выберите пункт выдачи" in refused.content.decode()
    delivery = Delivery.objects.get(part__order=placed.context["order"])
    assert delivery.pickup_point == points[1]
    assert delivery.pickup_point_address.startswith("ПВЗ Арбат, Арбат, 10")


def test_the_product_page_shows_the_cheapest_delivery_or_that_there_is_none(client):
    # given
    samovar = product_of("Тульские мастера", price="4990.00", weight="0.8")
    kimchi = product_of("Seoul Foods", price="700.00")
    method_of(samovar)
    with translation.override("ru"):
        samovar_url, kimchi_url = samovar.get_absolute_url(), kimchi.get_absolute_url()

    # when
    delivered = client.get(samovar_url).content.decode()
    undelivered = client.get(kimchi_url).content.decode()

    # then
    assert re.search(r"390\s₽", delivered)
    assert "Курьер" in delivered
    assert "не доставляет" in undelivered
