"""Catalogue pages render what they promise, once."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory, create_product

from catalog.views import server_error

CategoryVatRate = get_model("catalogue", "CategoryVatRate")
ProductReview = get_model("reviews", "ProductReview")
ProductRecord = get_model("analytics", "ProductRecord")


@pytest.mark.django_db
def test_category_page_shows_its_description_once(client, category):
    # given
    category.description_ru = "<p>Книги малых издательств.</p>"
    category.save()
    with translation.override("ru"):
        url = category.get_absolute_url()

    # when
    html = client.get(url).content.decode()

    # then: once on the page, once in the meta description
    assert html.count("Книги малых издательств.") == 2
    assert '<meta name="description" content="Книги малых издательств.">' in html


@pytest.mark.django_db
def test_cached_grid_shows_a_new_price_and_stock_at_once(client, make_products):
    # given: a category page rendered once, so its grid and cards are cached
    product, *_ = make_products(3, price="1990.00")
    with translation.override("ru"):
        url = reverse("catalogue:index")
    assert "1\xa0990\xa0₽" in client.get(url).content.decode()

    # when: the vendor changes the price and the stock
    offer = product.stockrecords.get()
    offer.price = "2490.00"
    offer.num_in_stock = 0
    offer.save()

    # then
    html = client.get(url).content.decode()
    card = html[html.index(product.get_title()) :][:1500]
    assert "2\xa0490\xa0₽" in card
    assert "1\xa0990\xa0₽" not in card
    assert "stock--out" in card


@pytest.mark.django_db
def test_signed_in_shopper_adds_a_product_to_a_wish_list_from_its_page(
    client, make_products
):
    # given
    product, *_ = make_products(1)
    shopper = UserFactory()
    client.force_login(shopper)
    with translation.override("ru"):
        page = client.get(product.get_absolute_url()).content.decode()
        add_url = reverse(
            "customer:wishlists-add-product", kwargs={"product_pk": product.pk}
        )

    # when
    assert 'id="add_to_wishlist_form"' in page
    client.post(add_url)

    # then
    assert [line.product for line in shopper.wishlists.get().lines.all()] == [product]


@pytest.mark.django_db
def test_cached_product_page_shows_a_new_description_review_and_vat_rate_at_once(
    client, category, make_products
):
    # given: the product page rendered once, so its fragments and the
    # market's VAT rates are cached
    product, *_ = make_products(1, price="1100.00")
    with translation.override("ru"):
        url = product.get_absolute_url()
    first = client.get(url).content.decode()
    assert "Новое описание" not in first
    assert "22 %" in first

    # when: the vendor rewrites the description, a review is published and
    # the category gets Russia's reduced rate
    product.description_ru = "<p>Новое описание</p>"
    product.save()
    ProductReview.objects.create(
        product=product,
        title="Отличная книга",
        score=5,
        body="Читается на одном дыхании.",
        name="Ирина",
        email="irina@example.com",
        status=ProductReview.APPROVED,
    )
    CategoryVatRate.objects.create(category=category, market_id="RU", rate=10)

    # then
    html = client.get(url).content.decode()
    assert "Новое описание" in html
    assert "Отличная книга" in html
    assert "10 %" in html
    assert "100\xa0₽" in html  # 1100 x 10/110


@pytest.mark.django_db
def test_product_page_shows_the_vendor_and_what_delivery_costs(client, make_products):
    # given: its vendor delivers free by one CDEK courier (make_products)
    product, *_ = make_products(1)
    with translation.override("ru"):
        url = product.get_absolute_url()

    # when
    html = client.get(url).content.decode()

    # then
    vendor = product.stockrecords.get().partner
    assert (
        '<p class="vendor-box" id="product-vendor">Продавец: '
        f'<a href="{vendor.get_absolute_url()}">Дом Книги</a></p>'
    ) in html
    assert vendor.get_absolute_url().startswith("/ru/vendors/")
    delivery = html[html.index('id="product-delivery"') :].split("</p>")[0]
    assert "CDEK: Courier" in delivery
    assert "бесплатно" in delivery
    assert "прибудет" in delivery


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("ru", "Ошибка сервера"), ("ko", "서버 오류")]
)
def test_server_error_page_is_in_the_design_and_reads_no_database(
    rf, django_assert_num_queries, language, heading
):
    # given: a request whose view failed; the database may be what failed
    request = rf.get(f"/{language}/")

    # when
    with translation.override(language), django_assert_num_queries(0):
        response = server_error(request)

    # then
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert re.search(r'href="/static/catalog/css/storefront\.[0-9a-f]+\.css"', html)


@pytest.mark.django_db
def test_home_shows_popular_products_and_the_market_sellers_with_their_pages(
    client, category
):
    # given: two vendors in Russia; one product bought, one only viewed
    honey = create_product(
        title="Мёд липовый", price="700.00", num_in_stock=5, partner_name="Пасека"
    )
    comb = create_product(
        title="Мёд в сотах", price="900.00", num_in_stock=5, partner_name="Пасека"
    )
    tea = create_product(
        title="Иван-чай", price="300.00", num_in_stock=5, partner_name="Чайная лавка"
    )
    ProductRecord.objects.create(product=honey, num_views=3, num_purchases=0)
    ProductRecord.objects.create(product=tea, num_views=1, num_purchases=2)
    beekeeper = honey.stockrecords.get().partner

    # when
    home = client.get("/ru/").content.decode()
    sellers = home[home.index('id="vendors-title"') :]
    popular = home[home.index('id="popular-title"') : home.index('id="new-title"')]
    old_link = client.get(f"/ru/catalogue/?vendor={beekeeper.pk}")
    beekeeper_page = client.get(beekeeper.get_absolute_url())

    # then: the bought product first, the never-seen one not at all
    assert popular.index("Иван-чай") < popular.index("Мёд липовый")
    assert "Мёд в сотах" not in popular
    assert (
        f'<a class="vendor-tile" href="{beekeeper.get_absolute_url()}">'
        '<span class="vendor-tile__name">Пасека</span> '
        '<span class="vendor-tile__count">2 товара'
    ) in sellers
    assert 'Чайная лавка</span> <span class="vendor-tile__count">1 товар' in sellers
    # the old filter moves to the seller's page, which lists its goods only
    assert old_link.status_code == 301
    assert old_link.url == beekeeper.get_absolute_url()
    listing = beekeeper_page.content.decode()
    assert comb.get_title() in listing
    assert "Иван-чай" not in listing
    assert client.get("/ru/catalogue/?vendor=9999").status_code == 404
    assert client.get("/ru/catalogue/?vendor=abc").status_code == 404
