"""Shoppers buy with cash on delivery in a real Chromium, in ru and in ko."""

import pytest
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory, create_product

from conftest import TRANSACTIONAL

Order = get_model("order", "Order")
ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = TRANSACTIONAL


@pytest.fixture
def samovar(category):
    product = create_product(
        title="Самовар",
        price="4990.00",
        num_in_stock=5,
        partner_name="Тульские мастера",
    )
    product.title_ko = "사모바르"
    product.title_en = "Samovar"
    product.save()
    ProductCategory.objects.create(product=product, category=category)
    return product


def _phone_page(request, browser, language):
    """Open a phone-sized page; return it with the list of CSP violations."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale=language)
    request.addfinalizer(page.close)
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page, blocked


def _ship_to_moscow_and_pay_on_delivery(page):
    page.fill("#id_first_name", "Минджи")
    page.fill("#id_last_name", "Ким")
    page.fill("#id_line1", "Тверская, 1")
    page.fill("#id_line4", "Москва")
    page.fill("#id_postcode", "125009")
    page.select_option("#id_country", "RU")
    page.click("#new_shipping_address button[type=submit]")
    page.click("#view_preview")
    page.click("#place_order_form button[type=submit]")


@pytest.mark.parametrize(
    ("language", "query", "title", "price"),
    [
        ("ru", "самовар", "Самовар", "4\xa0990\xa0₽"),
        ("ko", "사모바르", "사모바르", "RUB4,990"),
    ],
)
def test_guest_buys_with_cash_on_delivery(
    request, shop_server, browser, screenshots, samovar, language, query, title, price
):
    page, blocked = _phone_page(request, browser, language)
    base = f"{shop_server}/{language}"

    # given: the shopper opens the shop and searches
    page.goto(f"{base}/")
    page.click("button[data-target='#navbarSupportedContent']")  # the phone's menu
    page.fill("input[name=q]", query)
    page.press("input[name=q]", "Enter")

    # when: they open the product, add it to the basket and check out as a guest
    page.click(f".product_pod h3 a[title='{title}']")
    assert page.locator("h1").inner_text() == title
    assert price in page.locator(".product_main").inner_text()
    assert "Тульские мастера" in page.locator("#product-vendor").inner_text()
    page.screenshot(path=screenshots / f"product-{language}.png", full_page=True)
    page.click("#add_to_basket_form button[type=submit]")
    page.goto(f"{base}/basket/")
    page.click(f"a[href='/{language}/checkout/']")
    page.fill("#id_username", "shopper@example.com")
    page.check("input[name=options][value=anonymous]")
    page.click("form.card button[type=submit]")
    _ship_to_moscow_and_pay_on_delivery(page)

    # then: the confirmation shows the order number, paid by cash on delivery
    order = Order.objects.get(guest_email="shopper@example.com")
    assert page.url.endswith("/checkout/thank-you/")
    assert order.number in page.locator("p.lead strong").inner_text()
    assert order.sources.get().source_type.code == "cash-on-delivery"
    assert order.total_incl_tax == samovar.stockrecords.get().price
    page.screenshot(path=screenshots / f"confirmation-{language}.png", full_page=True)
    assert blocked == []


def test_registered_customer_buys_and_finds_the_order_in_history(
    request, shop_server, browser, screenshots, samovar
):
    # given: a customer with an account, signed in on the Korean storefront
    UserFactory(email="minji@example.com", password="correct-horse-battery")
    page, blocked = _phone_page(request, browser, "ko")
    base = f"{shop_server}/ko"
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login-username", "minji@example.com")
    page.fill("#id_login-password", "correct-horse-battery")
    page.click("button[name=login_submit]")

    # when: they buy the samovar, choosing the country from a Korean list
    with translation.override("ko"):
        page.goto(shop_server + samovar.get_absolute_url())
    page.click("#add_to_basket_form button[type=submit]")
    page.goto(f"{base}/checkout/")
    assert page.locator("#id_country option[value=RU]").inner_text() == "러시아"
    _ship_to_moscow_and_pay_on_delivery(page)
    number = page.locator("p.lead strong").inner_text()

    # then: the order is theirs and listed in their order history
    order = Order.objects.get(number=number)
    assert order.user.email == "minji@example.com"
    page.goto(f"{base}/accounts/orders/")
    page.click(f"a[href='/ko/accounts/orders/{number}/']")
    assert number in page.locator("h1").inner_text()
    assert "접수 대기" in page.locator("body").inner_text()  # "Pending"
    assert "사모바르" in page.locator("table").first.inner_text()
    page.screenshot(path=screenshots / "order-history-ko.png", full_page=True)
    assert blocked == []
