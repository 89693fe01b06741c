"""Shoppers buy with cash on delivery in a real Chromium, in ru and in ko."""

from decimal import Decimal

import pytest
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory, create_product

from conftest import TRANSACTIONAL, csp_violations
from tests.checkout import MOSCOW, SEOUL

Order = get_model("order", "Order")
ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = TRANSACTIONAL


@pytest.fixture
def samovar(category, sell_in):
    """A samovar on sale in Russia for 4 990 ₽ and in Korea for ₩89,000."""
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
    sell_in(product, "KR", "89000")
    return product


def _phone_page(request, browser, language):
    """Open a phone-sized page; return it with the list of CSP violations."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale=language)
    request.addfinalizer(page.close)
    blocked = csp_violations(page)
    return page, blocked


def _ship_and_pay_on_delivery(page, address):
    """Fill the shipping address (the market's form may ask no country) and order."""
    for field, value in address.items():
        page.fill(f"#id_{field}", value)
    page.click("#new_shipping_address button[type=submit]")
    page.click("#view_preview")
    page.click("#place_order_form button[type=submit]")


def _check_out_as_guest(page, language, email):
    page.goto(page.url.split(f"/{language}/")[0] + f"/{language}/basket/")
    page.click(f"a[href='/{language}/checkout/']")
    page.fill("#id_username", email)
    page.check("input[name=options][value=anonymous]")
    page.click("form.card button[type=submit]")


@pytest.mark.parametrize(
    ("language", "query", "title", "price", "market", "address"),
    [
        ("ru", "самовар", "Самовар", "4\xa0990\xa0₽", "RU", MOSCOW),
        ("ko", "사모바르", "사모바르", "₩89,000", "KR", SEOUL),
    ],
)
def test_guest_buys_with_cash_on_delivery(
    request,
    shop_server,
    browser,
    screenshots,
    samovar,
    language,
    query,
    title,
    price,
    market,
    address,
):
    page, blocked = _phone_page(request, browser, language)
    base = f"{shop_server}/{language}"

    # given: the shopper opens the shop and searches
    page.goto(f"{base}/")
    page.fill("input[name=q]", query)
    page.press("input[name=q]", "Enter")

    # when: they open the product, add it to the basket and check out as a guest
    page.click(f".product-card__title a:text-is('{title}')")
    assert page.locator("h1").inner_text() == title
    assert price in page.locator(".product_main").inner_text()
    assert "Тульские мастера" in page.locator("#product-vendor").inner_text()
    page.screenshot(path=screenshots / f"product-{language}.png", full_page=True)
    page.click("#add_to_basket_form button[type=submit]")
    _check_out_as_guest(page, language, "shopper@example.com")
    _ship_and_pay_on_delivery(page, address)

    # then: the confirmation shows the order number, paid by cash on delivery
    order = Order.objects.get(guest_email="shopper@example.com")
    assert page.url.endswith("/checkout/thank-you/")
    assert order.number in page.locator("p.lead strong").inner_text()
    assert order.sources.get().source_type.code == "cash-on-delivery"
    assert order.total_incl_tax == samovar.stockrecords.get(market=market).price
    page.screenshot(path=screenshots / f"confirmation-{language}.png", full_page=True)
    assert blocked == []


def test_shopper_switches_from_russia_to_korea_and_pays_in_won(
    request, shop_server, browser, screenshots, samovar
):
    # given: a shopper in the Russian shop, looking at the samovar in roubles
    page, blocked = _phone_page(request, browser, "ru")
    with translation.override("ru"):
        page.goto(shop_server + samovar.get_absolute_url())
    assert "4\xa0990\xa0₽" in page.locator(".product_main").inner_text()

    # when: they pick Korea in the country selector of the settings menu
    page.click("#settings-menu summary")
    page.select_option("#id_market", "KR")
    page.click("#market_selector button[type=submit]")

    # then: the same product, now in Korean and in won without decimals
    assert "/ko/" in page.url
    assert page.locator("h1").inner_text() == "사모바르"
    assert "₩89,000" in page.locator(".product_main").inner_text()
    assert "대한민국" in page.locator("#current_market").inner_text()
    page.screenshot(path=screenshots / "product-after-switch-ko.png", full_page=True)

    # and when: they buy it with cash on delivery
    page.click("#add_to_basket_form button[type=submit]")
    _check_out_as_guest(page, "ko", "switcher@example.com")
    _ship_and_pay_on_delivery(page, SEOUL)

    # then: the order is in won, with VAT at Korea's 10 % (89,000 x 10/110)
    order = Order.objects.get(guest_email="switcher@example.com")
    assert order.currency == "KRW"
    assert order.total_incl_tax == Decimal(89000)
    assert order.vat_by_rate() == [(Decimal(10), Decimal(8091))]
    totals = page.locator("body").inner_text()
    assert "부가세 10% 포함" in totals
    assert "₩8,091" in totals
    page.screenshot(path=screenshots / "confirmation-vat-ko.png", full_page=True)
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

    # when: they buy the samovar
    with translation.override("ko"):
        page.goto(shop_server + samovar.get_absolute_url())
    page.click("#add_to_basket_form button[type=submit]")
    page.goto(f"{base}/checkout/")
    _ship_and_pay_on_delivery(page, SEOUL)
    number = page.locator("p.lead strong").inner_text()

    # then: the order is theirs and listed in their order history, in Korean
    order = Order.objects.get(number=number)
    assert order.user.email == "minji@example.com"
    page.goto(f"{base}/accounts/orders/")
    page.click(f"a[href='/ko/accounts/orders/{number}/']")
    assert number in page.locator("h1").inner_text()
    body = page.locator("body").inner_text()
    assert "접수 대기" in body  # the status "Pending"
    assert "대한민국" in body  # the shipping country
    assert "사모바르" in page.locator("table").first.inner_text()
    page.screenshot(path=screenshots / "order-history-ko.png", full_page=True)

    # and: its invoice shows the VAT of Korea's 10 % (89,000 x 10/110)
    page.click("#order_invoice")
    invoice = page.locator("main").inner_text()
    assert "부가세 10% 포함" in invoice
    assert "₩8,091" in invoice
    page.screenshot(path=screenshots / "invoice-ko.png", full_page=True)
    assert blocked == []
