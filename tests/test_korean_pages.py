"""Korean pages show no Russian: the storefront, checkout and account under /ko/.

Django falls back to the default language (ru) for a message that has no
Korean translation, so a gap in the ko catalogues comes out in Russian. The
test reads what a shopper meets on each page in Chromium — its text, title,
placeholders, accessible labels, tooltips, alt texts and button values — and
looks for Cyrillic. Only text marked as another language is left out (the
language menu names each language in itself, lang="ru"); the data is seeded
with Korean and English names.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.apps.shipping.methods import Free
from oscar.core.loading import get_class, get_model
from oscar.test.factories import (
    ProductAlertFactory,
    UserAddressFactory,
    UserFactory,
    WishListFactory,
    create_product,
)

from conftest import TRANSACTIONAL
from tests.checkout import SEOUL

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Market = get_model("catalogue", "Market")
ProductCategory = get_model("catalogue", "ProductCategory")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")
ShippingAddress = get_model("order", "ShippingAddress")

pytestmark = TRANSACTIONAL

PASSWORD = "Hangang-Bridge-1990"
CYRILLIC = re.compile("[\u0400-\u04ff]")
# The page's interface text, with its menus open and without the elements
# marked as another language.
READ_TEXT = """() => {
    for (const menu of document.querySelectorAll("details")) {
        menu.open = true;
    }
    for (const other of document.querySelectorAll('body [lang]:not([lang|="ko"])')) {
        other.remove();
    }
    const texts = [document.title, document.body.innerText];
    for (const name of ["placeholder", "aria-label", "title", "alt"]) {
        for (const element of document.querySelectorAll(`[${name}]`)) {
            texts.push(element.getAttribute(name));
        }
    }
    const buttons = 'input[type="submit"], input[type="button"], input[type="reset"]';
    for (const button of document.querySelectorAll(buttons)) {
        texts.push(button.value);
    }
    return texts.join("\\n");
}"""


def russian_lines(page) -> list[str]:
    """Return the lines of the open page's interface text that hold Cyrillic."""
    text = page.evaluate(READ_TEXT)
    return [line.strip() for line in text.splitlines() if CYRILLIC.search(line)]


@pytest.fixture
def korean_shelf(category, sell_in):
    """A kettle on sale in Korea and a teapot sold out there, by a Korean vendor."""
    products = {}
    for name, korean, stock in (("Kettle", "주전자", 5), ("Teapot", "찻주전자", 0)):
        product = create_product(
            title=name, price="4990.00", num_in_stock=5, partner_name="Seoul Crafts"
        )
        product.title_ko = korean
        product.title_en = name
        product.save()
        ProductCategory.objects.create(product=product, category=category)
        sell_in(product, "KR", "89000", num_in_stock=stock)
        products[name.lower()] = product
    return products


@pytest.fixture
def korean_shopper(region_data, korean_shelf):
    """A shopper in Seoul with an address, an order, a wish list and an alert."""
    user = UserFactory(
        email="minji.kim@example.com",
        first_name="민지",
        last_name="김",
        password=PASSWORD,
    )
    UserAddressFactory(
        user=user,
        **SEOUL,
        country=Country.objects.get(pk="KR"),
        is_default_for_shipping=True,
    )
    market = Market.objects.get(pk="KR")
    basket = Basket.objects.create(owner=user, market=market)
    basket.strategy = Selector().strategy(market=market)
    basket.add_product(korean_shelf["kettle"], 1)
    shipping = Free().calculate(basket)
    # The order keeps its shipping method's name in the language it was
    # placed in, as under /ko/.
    with translation.override("ko"):
        OrderCreator().place_order(
            basket=basket,
            total=OrderTotalCalculator().calculate(basket, shipping),
            shipping_method=Free(),
            shipping_charge=shipping,
            user=user,
            shipping_address=ShippingAddress.objects.create(
                **SEOUL, country=Country.objects.get(pk="KR")
            ),
        )
    wishlist = WishListFactory(owner=user, name="생일 선물")
    wishlist.add(korean_shelf["teapot"])
    ProductAlertFactory(user=user, product=korean_shelf["teapot"])
    return user


def test_korean_pages_show_no_russian(
    request, shop_server, browser, category, korean_shelf, korean_shopper
):
    # given: a visitor of the Korean storefront, who later signs in
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko")
    request.addfinalizer(context.close)
    page = context.new_page()
    base = f"{shop_server}/ko"
    with translation.override("ko"):
        category_url = shop_server + category.get_absolute_url()
        kettle_url = shop_server + korean_shelf["kettle"].get_absolute_url()
        account = {
            name: shop_server + reverse(view, kwargs=kwargs)
            for name, view, kwargs in (
                ("profile", "customer:profile-view", {}),
                ("order history", "customer:order-list", {}),
                (
                    "order",
                    "customer:order",
                    {"order_number": korean_shopper.orders.get().number},
                ),
                ("address book", "customer:address-list", {}),
                ("wish lists", "customer:wishlists-list", {}),
                (
                    "wish list",
                    "customer:wishlists-detail",
                    {"key": korean_shopper.wishlists.get().key},
                ),
                ("alerts", "customer:alerts-list", {}),
                ("sign-in and security", "customer:security", {}),
                ("second factor set-up", "customer:two-factor-setup", {}),
            )
        }
        account["product"] = kettle_url
        account["sold-out product"] = (
            shop_server + korean_shelf["teapot"].get_absolute_url()
        )
    found = {}

    def read(name: str) -> None:
        if lines := russian_lines(page):
            found[name] = lines

    # when: they browse, fill a basket and check out as a guest up to the
    # preview, with a wrong address first
    for name, url in (
        ("home", f"{base}/"),
        ("category", category_url),
        ("search", f"{base}/search/?q=주전자"),
        ("product", kettle_url),
    ):
        page.goto(url)
        read(name)
    page.click("#add_to_basket_form button[type=submit]")
    page.goto(f"{base}/basket/")
    read("basket")
    page.click("a[href='/ko/checkout/']")
    read("checkout gateway")
    page.fill("#id_username", "guest@example.com")
    page.check("input[name=options][value=anonymous]")
    page.click("form.card button[type=submit]")
    read("shipping address")
    for field, value in {**SEOUL, "phone_number": "12"}.items():
        page.fill(f"#id_{field}", value)
    page.click("#new_shipping_address button[type=submit]")
    read("shipping address with errors")
    page.fill("#id_phone_number", "")
    page.click("#new_shipping_address button[type=submit]")
    read("payment")
    page.click("#view_preview")
    read("preview")

    # and when: they fail to sign in and to register, then sign in
    page.goto(f"{base}/accounts/login/")
    read("login and registration")
    page.fill("#id_login-username", korean_shopper.email)
    page.fill("#id_login-password", "wrong")
    page.click("button[name=login_submit]")
    read("login with errors")
    page.fill("#id_registration-email", "new@example.com")
    page.fill("#id_registration-password1", "1234")
    page.fill("#id_registration-password2", "1234")
    page.click("button[name=registration_submit]")
    read("registration with errors")
    page.fill("#id_login-username", korean_shopper.email)
    page.fill("#id_login-password", PASSWORD)
    page.click("button[name=login_submit]")
    for name, url in account.items():
        page.goto(url)
        read(name)

    # then
    assert found == {}
