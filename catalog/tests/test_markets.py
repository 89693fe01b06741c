"""Each market sells in its own currency, with its own VAT, legal details and basket."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import create_product

Market = get_model("catalogue", "Market")
ProductCategory = get_model("catalogue", "ProductCategory")
CategoryVatRate = get_model("catalogue", "CategoryVatRate")

pytestmark = pytest.mark.django_db


def page_text(client, url: str, *, market: str, language: str) -> str:
    client.cookies["market"] = market
    response = client.get(url, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def tea(category, sell_in):
    """Tea on sale in all four markets."""
    product = create_product(title="Чай", price="1990.00", num_in_stock=10)
    ProductCategory.objects.create(product=product, category=category)
    sell_in(product, "KZ", "12990.00")
    sell_in(product, "KR", "12000")
    sell_in(product, "LV", "19.90")
    return product


@pytest.mark.parametrize(
    ("market", "language", "price", "vat"),
    [
        # VAT = price x rate / (100 + rate), to the currency's minor unit
        ("RU", "ru", "1\xa0990\xa0₽", "358,85\xa0₽"),  # 1990 x 22/122
        ("KZ", "ru", "12\xa0990\xa0₸", "1\xa0791,72\xa0₸"),  # 12990 x 16/116
        ("KR", "ko", "₩12,000", "₩1,091"),  # 12000 x 10/110
        ("LV", "ru", "19,90\xa0€", "3,45\xa0€"),  # 19.90 x 21/121
    ],
)
def test_product_shows_the_markets_currency_vat_and_format(
    client, tea, market, language, price, vat
):
    # given
    with translation.override(language):
        url = tea.get_absolute_url()

    # when
    html = page_text(client, url, market=market, language=language)

    # then
    assert price in html
    assert vat in html


def test_product_not_sold_in_a_market_is_not_listed_there(client, category, sell_in):
    # given: a book sold in Russia only, tea in Russia and Korea
    create_product(title="Книга", price="500.00", num_in_stock=1)
    tea = create_product(title="Чай", price="300.00", num_in_stock=1)
    sell_in(tea, "KR", "5000")
    with translation.override("ko"):
        url = reverse("catalogue:index")

    # when
    korean = page_text(client, url, market="KR", language="ko")
    russian = page_text(client, url, market="RU", language="ko")

    # then
    assert "Чай" in korean
    assert "Книга" not in korean
    assert "Книга" in russian


def test_category_rate_applies_to_subcategories_in_its_market_only(
    client, category, sell_in
):
    # given: children's books at Russia's reduced 10 %
    children = category.add_child(name="Детские книги")
    CategoryVatRate.objects.create(category=category, market_id="RU", rate=10)
    book = create_product(title="Сказки", price="1100.00", num_in_stock=1)
    ProductCategory.objects.create(product=book, category=children)
    sell_in(book, "KZ", "5800.00")
    with translation.override("ru"):
        url = book.get_absolute_url()

    # when
    russia = page_text(client, url, market="RU", language="ru")
    kazakhstan = page_text(client, url, market="KZ", language="ru")

    # then
    assert "100\xa0₽" in russia  # 1100 x 10/110
    assert "800\xa0₸" in kazakhstan  # 5800 x 16/116, the standard rate


@pytest.mark.parametrize(
    ("path", "accept_language", "cookie", "market"),
    [
        ("/ru/", "ru-RU,ru;q=0.9", "", "RU"),
        ("/ru/", "ru-KZ,ru;q=0.9", "", "KZ"),
        ("/ru/", "lv,ru;q=0.8", "", "LV"),
        ("/ko/", "ru-RU", "", "KR"),
        ("/en/", "", "", "RU"),
        ("/ru/", "ru-KZ", "LV", "LV"),  # the shopper's choice wins
    ],
)
def test_market_comes_from_choice_then_language_and_browser(
    client, path, accept_language, cookie, market
):
    # given
    if cookie:
        client.cookies["market"] = cookie

    # when
    response = client.get(path, headers={"accept-language": accept_language})

    # then
    assert response.wsgi_request.market.pk == market
    assert "Cookie" in response["Vary"]


def test_switching_to_korea_remembers_it_and_moves_to_korean(client):
    # when
    response = client.post(
        reverse("market-switch"), {"market": "KR", "next": "/ru/catalogue/"}
    )

    # then
    assert response.status_code == 302
    assert response["Location"] == "/ko/catalogue/"
    assert response.cookies["market"].value == "KR"


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"market": "XX", "next": "/ru/catalogue/"}, "/ru/catalogue/"),
        ({"market": "KZ", "next": "https://evil.example/"}, "/"),
    ],
)
def test_switching_refuses_unknown_markets_and_foreign_pages(client, data, location):
    response = client.post(reverse("market-switch"), data)

    assert response["Location"] == location
    assert ("market" in response.cookies) == (data["market"] == "KZ")


def test_a_basket_in_another_currency_is_kept_aside_and_restored(client, tea):
    # given: a shopper with tea in the Russian basket
    with translation.override("ru"):
        add_url = reverse("basket:add", kwargs={"pk": tea.pk})
        basket_url = reverse("basket:summary")
    client.cookies["market"] = "RU"
    client.post(add_url, {"quantity": 2})

    # when: they shop in Korea, then come back to Russia
    client.cookies["market"] = "KR"
    korean = client.get(basket_url).context["basket"]
    client.post(add_url, {"quantity": 1})
    korean_after = client.get(basket_url).context["basket"]
    client.cookies["market"] = "RU"
    russian = client.get(basket_url).context["basket"]

    # then: each market has its own basket in its own currency
    assert korean.num_items == 0
    assert (korean_after.currency, korean_after.num_items) == ("KRW", 1)
    assert (russian.currency, russian.num_items) == ("RUB", 2)
    assert russian.total_incl_tax == Decimal("3980.00")


def test_korean_footer_shows_the_legal_details_korean_law_wants(client):
    # given
    Market.objects.filter(pk="KR").update(
        legal_name_ko="(주)바자르코리아",
        registration_number="123-45-67890",
        mail_order_number="제2026-서울중구-0001호",
    )

    # when
    html = page_text(client, "/ko/", market="KR", language="ko")

    # then
    assert "사업자등록번호" in html
    assert "123-45-67890" in html
    assert "통신판매업 신고번호" in html
    assert "통신판매의 당사자가 아닙니다" in html  # not a party to the sales


def test_russian_footer_shows_the_operators_ogrn(client):
    Market.objects.filter(pk="RU").update(registration_number="1267700000017")

    html = page_text(client, "/ru/", market="RU", language="ru")

    assert "ОГРН" in html
    assert "1267700000017" in html
    assert "не является стороной сделок" not in html


def count_queries(client, url: str) -> int:
    client.get(url, follow=True)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, follow=True)
    return len(queries)


def test_category_page_queries_do_not_grow_with_markets(
    client, category, make_products, sell_in
):
    # given: products on sale in one market
    products = make_products(4)
    with translation.override("ru"):
        url = category.get_absolute_url()
    client.cookies["market"] = "RU"
    few = count_queries(client, url)

    # when: they go on sale in every other market too
    for product in products:
        for market in ("KZ", "KR", "LV"):
            sell_in(product, market, "100")

    # then
    assert count_queries(client, url) == few


def test_market_refuses_unknown_currency_and_foreign_default_language():
    market = Market(
        code="UZ",
        name="Uzbekistan",
        currency="XYZ",
        languages=["ru", "en"],
        default_language="ko",
        vat_rate=Decimal(12),
    )

    with pytest.raises(ValidationError) as error:
        market.full_clean()

    assert set(error.value.message_dict) == {"currency", "default_language"}


def test_seller_details_follow_the_markets_law():
    # given: a seller with a Russian registration and no VAT number or email
    class Seller:
        legal_name = "ИП Кузнецов И. П."
        registration_number = "1157100000010"
        legal_address = "Тула, ул. Советская, 1"

    # when
    with translation.override("ru"):
        russia = [
            (str(label), value)
            for label, value in Market(code="RU").seller_details(Seller)
        ]
    latvia = [value for _label, value in Market(code="LV").seller_details(Seller)]

    # then: Russia names the OGRN; Latvia also wants a VAT number and email
    assert russia == [
        ("Продавец", "ИП Кузнецов И. П."),
        ("ОГРН или ОГРНИП", "1157100000010"),
        ("Адрес", "Тула, ул. Советская, 1"),
    ]
    assert latvia == [
        "ИП Кузнецов И. П.",
        "Тула, ул. Советская, 1",
        "1157100000010",
        "",
        "",
    ]
