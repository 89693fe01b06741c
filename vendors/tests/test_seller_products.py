# ruff: noqa: RUF001  (Russian text is meant)
"""Vendors create, edit and publish their own products, and only their own."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from oscar.test.factories import ProductClassFactory, create_product

from vendors.models import VendorRole, VendorStatus
from vendors.tests.conftest import png_bytes

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
VendorMember = get_model("partner", "VendorMember")
VendorProduct = get_model("partner", "VendorProduct")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def make_vendor(django_user_model):
    """make_vendor("Пасека") -> (vendor, owner), approved unless told otherwise."""

    def make(name: str, *, status: str = VendorStatus.APPROVED):
        vendor = Partner.objects.create(name=name, status=status)
        owner = django_user_model.objects.create_user(
            username=f"owner-{vendor.pk}",
            email=f"owner-{vendor.pk}@example.com",
            password="pw-owner-12345",
        )
        VendorMember.objects.create(partner=vendor, user=owner, role=VendorRole.OWNER)
        return vendor, owner

    return make


def own_product(vendor, title: str, *, sku: str = "", **kwargs) -> "Product":
    """The vendor's product, offered in Russia, its SKU on the offer too."""
    product = create_product(title=title, partner_name=vendor.name, **kwargs)
    sku = sku or f"SKU-{product.pk}"
    product.stockrecords.update(partner_sku=sku)
    VendorProduct.objects.create(product=product, partner=vendor, sku=sku)
    return product


def product_form_data(category, **overrides) -> dict:
    data = {
        "title_ru": "Самовар угольный",
        "title_ko": "숯 사모바르",
        "title_en": "Charcoal samovar",
        "description_ru": "Медный, 5 литров.",
        "description_ko": "구리, 5리터.",
        "description_en": "Copper, 5 litres.",
        "structure": "standalone",
        "category": category.pk,
        "sku": "SAM-5",
        "upc": "",
        "is_public": "on",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-0-caption": "Медный самовар на столе",
        "images-0-display_order": "0",
        "offer-RU-price": "12990",
        "offer-RU-num_in_stock": "4",
        "offer-KR-price": "350000",
        "offer-KR-num_in_stock": "2",
        "offer-KZ-price": "",
        "offer-KZ-num_in_stock": "",
        "offer-LV-price": "",
        "offer-LV-num_in_stock": "",
    }
    data.update(overrides)
    return data


def test_vendor_creates_a_product_in_three_languages_with_a_photo_and_markets(
    client, make_vendor, category
):
    # given
    ProductClassFactory(name="Товары")
    vendor, owner = make_vendor("Самовары Тулы")
    client.force_login(owner)
    photo = SimpleUploadedFile("samovar.png", png_bytes(), "image/png")

    # when
    response = client.post(
        "/ru/seller/products/new/",
        {**product_form_data(category), "images-0-original": photo},
    )

    # then: the vendor's product, sold in Russia and Korea, with its photo
    assert response.status_code == 302, response.context and [
        f.errors for f in [response.context["form"], *response.context["offer_forms"]]
    ]
    product = Product.objects.get(vendor_product__partner=vendor)
    assert (product.title_ru, product.title_ko, product.title_en) == (
        "Самовар угольный",
        "숯 사모바르",
        "Charcoal samovar",
    )
    assert list(product.categories.all()) == [category]
    offers = {
        record.market_id: (record.price, record.num_in_stock, record.partner_sku)
        for record in product.stockrecords.all()
    }
    assert offers == {"RU": (12990, 4, "SAM-5"), "KR": (350000, 2, "SAM-5")}
    assert product.stockrecords.get(market="KR").price_currency == "KRW"
    assert product.images.get().caption == "Медный самовар на столе"
    korean = client.get(product.get_absolute_url().replace("/ru/", "/ko/", 1))
    assert korean.status_code in (200, 301)


def test_price_with_more_decimals_than_the_currency_has_is_refused(
    client, make_vendor, category
):
    # given
    ProductClassFactory(name="Товары")
    _vendor, owner = make_vendor("Самовары Тулы")
    client.force_login(owner)

    # when: won have no minor unit
    response = client.post(
        "/ru/seller/products/new/",
        product_form_data(category, **{"offer-KR-price": "350000.50"}),
    )

    # then
    assert response.status_code == 200
    assert "Цены в KRW — в целых единицах, без дробной части." in (
        response.content.decode()
    )
    assert not Product.objects.exists()


def without_photo(category, **overrides) -> dict:
    """The product form's data with no new photo (and so no caption)."""
    return product_form_data(category, **{"images-0-caption": ""}, **overrides)


def no_prices() -> dict:
    return {
        f"offer-{code}-{field}": ""
        for code in ("RU", "KR", "KZ", "LV")
        for field in ("price", "num_in_stock")
    }


def test_sku_is_unique_among_the_vendors_products(client, make_vendor, category):
    # given: the vendor's kettle under SAM-5, offered nowhere
    ProductClassFactory(name="Товары")
    vendor, owner = make_vendor("Самовары Тулы")
    kettle = own_product(vendor, "Чайник", sku="SAM-5")
    kettle.stockrecords.all().delete()
    client.force_login(owner)

    # when: a new product, then the kettle itself, under the same SKU
    response = client.post("/ru/seller/products/new/", without_photo(category))
    kettle_saved = client.post(
        f"/ru/seller/products/{kettle.pk}/",
        without_photo(category, title_ru="Чайник"),
    )

    # then: the new one is refused; the kettle keeps its own SKU
    assert "Этот артикул уже есть у другого вашего товара." in (
        response.content.decode()
    )
    assert Product.objects.count() == 1
    assert kettle_saved.status_code == 302
    assert VendorProduct.objects.get(product=kettle).sku == "SAM-5"


def test_sku_on_an_offer_of_another_vendors_product_is_refused(
    client, make_vendor, category
):
    # given: the vendor offers another vendor's samovar under SAM-5
    ProductClassFactory(name="Товары")
    vendor, owner = make_vendor("Самовары Тулы")
    maker, _maker_owner = make_vendor("Тульский завод")
    samovar = own_product(maker, "Самовар заводской", sku="T-1")
    StockRecord.objects.create(
        product=samovar,
        partner=vendor,
        market_id="RU",
        partner_sku="SAM-5",
        price_currency="RUB",
        price=15990,
        num_in_stock=1,
    )
    client.force_login(owner)

    # when
    response = client.post("/ru/seller/products/new/", without_photo(category))

    # then
    assert response.status_code == 200
    assert "Этот артикул стоит на вашем предложении" in response.content.decode()
    assert not VendorProduct.objects.filter(partner=vendor).exists()


def test_two_vendors_may_use_the_same_sku(client, make_vendor, category):
    # given: another vendor's product under SAM-5
    ProductClassFactory(name="Товары")
    rival, _rival_owner = make_vendor("Самовары Калуги")
    own_product(rival, "Самовар калужский", sku="SAM-5")
    vendor, owner = make_vendor("Самовары Тулы")
    client.force_login(owner)

    # when
    response = client.post("/ru/seller/products/new/", without_photo(category))

    # then
    assert response.status_code == 302
    assert VendorProduct.objects.get(partner=vendor).sku == "SAM-5"
    assert VendorProduct.objects.get(partner=rival).sku == "SAM-5"


def test_a_product_saved_without_prices_keeps_its_sku(client, make_vendor, category):
    # given: the vendor's samovar, sold in Russia and Korea
    ProductClassFactory(name="Товары")
    vendor, owner = make_vendor("Самовары Тулы")
    client.force_login(owner)
    client.post("/ru/seller/products/new/", without_photo(category))
    product = Product.objects.get(vendor_product__partner=vendor)

    # when: every price is emptied, then the form is opened again
    saved = client.post(
        f"/ru/seller/products/{product.pk}/",
        {**without_photo(category), **no_prices()},
    )
    form = client.get(f"/ru/seller/products/{product.pk}/").context["form"]

    # then: off sale everywhere, still SAM-5
    assert saved.status_code == 302
    assert not product.stockrecords.exists()
    assert VendorProduct.objects.get(product=product).sku == "SAM-5"
    assert form["sku"].value() == "SAM-5"


def test_a_new_sku_is_copied_to_the_vendors_offers(client, make_vendor, category):
    # given: the vendor's samovar, sold in Russia and Korea under SAM-5
    ProductClassFactory(name="Товары")
    vendor, owner = make_vendor("Самовары Тулы")
    client.force_login(owner)
    client.post("/ru/seller/products/new/", without_photo(category))
    product = Product.objects.get(vendor_product__partner=vendor)

    # when
    client.post(
        f"/ru/seller/products/{product.pk}/",
        without_photo(category, sku="SAM-5-COPPER"),
    )

    # then: order lines copy the offers' SKU, so they carry the new one
    assert VendorProduct.objects.get(product=product).sku == "SAM-5-COPPER"
    assert set(product.stockrecords.values_list("partner_sku", flat=True)) == {
        "SAM-5-COPPER"
    }


def test_a_product_offered_nowhere_is_found_by_its_sku(client, make_vendor):
    # given: the vendor's kettle, off sale everywhere, and another vendor's
    # product under the same SKU
    vendor, owner = make_vendor("Самовары Тулы")
    kettle = own_product(vendor, "Чайник", sku="KETTLE-2")
    kettle.stockrecords.all().delete()
    rival, _rival_owner = make_vendor("Самовары Калуги")
    own_product(rival, "Чайник калужский", sku="KETTLE-2")
    client.force_login(owner)

    # when
    response = client.get("/ru/seller/", {"q": "kettle-2"})

    # then
    assert list(response.context["products"]) == [kettle]


def test_vendor_edits_only_its_own_products(client, make_vendor, category):
    # given: a product of vendor A; a user of vendor B
    vendor_a, _owner_a = make_vendor("Пасека")
    _vendor_b, owner_b = make_vendor("Чайная лавка")
    honey = own_product(vendor_a, "Мёд")
    client.force_login(owner_b)

    # when
    page = client.get(f"/ru/seller/products/{honey.pk}/")
    post = client.post(
        f"/ru/seller/products/{honey.pk}/",
        product_form_data(category, title_ru="Чужой мёд"),
    )
    publish = client.post(f"/ru/seller/products/{honey.pk}/publish/", {"publish": "0"})
    listing = client.get("/ru/seller/").content.decode()

    # then
    assert (page.status_code, post.status_code, publish.status_code) == (404, 404, 404)
    honey.refresh_from_db()
    assert honey.title_ru == "Мёд"
    assert honey.is_public
    assert "Мёд" not in listing


def test_vendor_unpublishes_and_publishes_its_product(client, make_vendor):
    # given
    vendor, owner = make_vendor("Пасека")
    honey = own_product(vendor, "Мёд")
    client.force_login(owner)

    # when
    client.post(f"/ru/seller/products/{honey.pk}/publish/", {"publish": "0"})
    hidden = client.get(honey.get_absolute_url()).status_code
    client.post(f"/ru/seller/products/{honey.pk}/publish/", {"publish": "1"})

    # then
    assert hidden == 404
    assert client.get(honey.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("status", "goes_to"),
    [
        (VendorStatus.SUBMITTED, "/ru/sell/application/"),
        (VendorStatus.SUSPENDED, "/ru/sell/application/"),
    ],
)
def test_only_users_of_an_approved_vendor_get_in(client, make_vendor, status, goes_to):
    # given
    _vendor, owner = make_vendor("Пасека", status=status)
    client.force_login(owner)

    # when
    response = client.get("/ru/seller/")

    # then
    assert response.status_code == 302
    assert response.url == goes_to


def test_user_acting_for_no_vendor_is_sent_to_apply(client, django_user_model):
    # given
    user = django_user_model.objects.create_user(
        username="ivan", email="ivan@example.com", password="pw-ivan-12345"
    )
    client.force_login(user)

    # when
    response = client.get("/ru/seller/")

    # then
    assert response.url == "/ru/sell/"


def test_product_list_queries_do_not_grow_with_products(client, make_vendor):
    # given
    vendor, owner = make_vendor("Пасека")
    client.force_login(owner)
    own_product(vendor, "Мёд 0")
    client.get("/ru/seller/")
    with CaptureQueriesContext(connection) as one:
        client.get("/ru/seller/")
    for index in range(1, 12):
        own_product(vendor, f"Мёд {index}")

    # when
    with CaptureQueriesContext(connection) as many:
        response = client.get("/ru/seller/")

    # then
    assert len(response.context["products"]) == 12
    assert len(many) == len(one)


def test_stock_below_the_units_sold_and_not_shipped_is_refused(
    client, make_vendor, category
):
    # given: 3 of the vendor's 4 samovars in Russia are sold, not shipped yet
    ProductClassFactory(name="Товары")
    vendor, owner = make_vendor("Самовары Тулы")
    product = own_product(vendor, "Самовар", num_in_stock=4)
    product.stockrecords.update(num_allocated=3)
    client.force_login(owner)

    # when
    response = client.post(
        f"/ru/seller/products/{product.pk}/",
        without_photo(category, **{"offer-RU-num_in_stock": "2"}),
    )

    # then
    assert response.status_code == 200
    assert "3 единицы проданы и ещё не отправлены" in response.content.decode()
    assert product.stockrecords.get().num_in_stock == 4
