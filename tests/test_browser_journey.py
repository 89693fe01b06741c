"""A guest buys with cash on delivery in a real Chromium, in ru and in ko."""

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_product

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
    page.fill("#id_first_name", "Минджи")
    page.fill("#id_last_name", "Ким")
    page.fill("#id_line1", "Тверская, 1")
    page.fill("#id_line4", "Москва")
    page.fill("#id_postcode", "125009")
    page.select_option("#id_country", "RU")
    page.click("#new_shipping_address button[type=submit]")
    page.click("#view_preview")
    page.click("#place_order_form button[type=submit]")

    # then: the confirmation shows the order number, paid by cash on delivery
    order = Order.objects.get(guest_email="shopper@example.com")
    assert page.url.endswith("/checkout/thank-you/")
    assert order.number in page.locator("p.lead strong").inner_text()
    assert order.sources.get().source_type.code == "cash-on-delivery"
    assert order.total_incl_tax == samovar.stockrecords.get().price
    page.screenshot(path=screenshots / f"confirmation-{language}.png", full_page=True)
    assert blocked == []
