"""The shopper's account pages, login and password reset in the storefront design.

In Chromium, in ru and ko, on a phone (390 px) and a desktop (1280 px): no
serious axe violation, nothing wider than the screen, the strict policy;
screenshots go to the kept test artifacts. A shopper registers, signs in and
renames themselves through the real forms, without script.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
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

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Market = get_model("catalogue", "Market")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")
User = get_user_model()

pytestmark = TRANSACTIONAL

WIDTHS = {"phone": 390, "desktop": 1280}
PASSWORD = "Samovar-Tula-1990"


@pytest.fixture
def shopper(region_data):
    """A shopper with an address, an order, a wish list and a product alert."""
    user = UserFactory(
        email="anna.ivanova@example.com",
        first_name="Анна",
        last_name="Иванова-Римская",
        password=PASSWORD,
    )
    UserAddressFactory(
        user=user,
        first_name="Анна",
        last_name="Иванова",
        line1="ул. Большая Садовая, д. 10, кв. 50",
        line4="Москва",
        postcode="123001",
        country=Country.objects.get(pk="RU"),
        is_default_for_shipping=True,
    )
    samovar = create_product(
        title="Самовар угольный", price="4990.00", partner_name="Тульские мастера"
    )
    market = Market.objects.get(pk="RU")
    basket = Basket.objects.create(owner=user, market=market)
    basket.strategy = Selector().strategy(market=market)
    basket.add_product(samovar, 2)
    shipping = Free().calculate(basket)
    OrderCreator().place_order(
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, shipping),
        shipping_method=Free(),
        shipping_charge=shipping,
        user=user,
    )
    product = create_product(
        title="Высокопревосходительственный самовар", price="4990.00", num_in_stock=0
    )
    wishlist = WishListFactory(owner=user, name="Подарки на день рождения")
    wishlist.add(product)
    ProductAlertFactory(user=user, product=product)
    return user


def signed_in_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def anonymous_urls(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "login": reverse("customer:login"),
            "register": reverse("customer:register"),
            "password-reset": reverse("password-reset"),
            "password-reset-done": reverse("password-reset-done"),
            "password-reset-confirm": reverse(
                "password-reset-confirm", kwargs={"uidb64": "MQ", "token": "bad"}
            ),
            "password-reset-complete": reverse("password-reset-complete"),
        }


def account_urls(language: str, user) -> dict[str, str]:
    with translation.override(language):
        return {
            "profile": reverse("customer:profile-view"),
            "profile-edit": reverse("customer:profile-update"),
            "change-password": reverse("customer:change-password"),
            "profile-delete": reverse("customer:profile-delete"),
            "addresses": reverse("customer:address-list"),
            "address-add": reverse("customer:address-create"),
            "orders": reverse("customer:order-list"),
            "order": reverse(
                "customer:order", kwargs={"order_number": user.orders.get().number}
            ),
            "wishlists": reverse("customer:wishlists-list"),
            "wishlist": reverse(
                "customer:wishlists-detail", kwargs={"key": user.wishlists.get().key}
            ),
            "alerts": reverse("customer:alerts-list"),
        }


def check_page(page, response) -> dict:
    """Return what is wrong with the open page: its policy, axe, overflow."""
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["content-security-policy"].split(";")
    )
    violations = [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    problems = {}
    if response.status != 200:
        problems["status"] = response.status
    if policy.get("script-src") != "'self'" or policy.get("style-src") != "'self'":
        problems["policy"] = policy
    if violations:
        problems["axe"] = violations
    if overflow > 0:
        problems["overflow px"] = overflow
    return problems


@pytest.mark.parametrize("language", ["ru", "ko"])
@pytest.mark.parametrize("width", WIDTHS)
def test_account_pages_are_accessible_and_fit_the_screen(
    request, shop_server, browser, screenshots, shopper, language, width
):
    # given: a visitor, who later signs in as the shopper
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900}, locale=language
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    problems = {}

    for signed_in, urls in (
        (False, anonymous_urls(language)),
        (True, account_urls(language, shopper)),
    ):
        if signed_in:
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": signed_in_cookie(shopper),
                        "url": shop_server,
                    }
                ]
            )
        for name, url in urls.items():
            # when
            response = page.goto(shop_server + url)

            # then
            if found := check_page(page, response):
                problems[name] = found
            page.screenshot(
                path=screenshots / f"account-{name}-{language}-{width}.png",
                full_page=True,
            )

    assert problems == {}
    assert blocked == []


def test_account_menu_folds_on_a_phone_and_lists_on_a_desktop(
    request, shop_server, browser, shopper
):
    # given
    context = browser.new_context(java_script_enabled=False, locale="ru")
    request.addfinalizer(context.close)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": signed_in_cookie(shopper),
                "url": shop_server,
            }
        ]
    )
    page = context.new_page()
    with translation.override("ru"):
        url = shop_server + reverse("customer:address-list")

    # when: on a phone, the shopper opens the menu and goes to their orders
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(url)
    desktop_list_hidden = not page.locator(".account-nav > ul").is_visible()
    menu_closed = not page.locator(".account-nav__menu a").first.is_visible()
    page.locator(".account-nav__menu summary").click()
    page.locator(".account-nav__menu a", has_text="История заказов").click()
    orders_heading = page.locator("h1").inner_text()

    # then
    assert desktop_list_hidden
    assert menu_closed
    assert orders_heading == "История заказов"
    current = page.locator('.account-nav a[aria-current="page"]').all_text_contents()
    assert current == ["История заказов", "История заказов"]
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator(".account-nav > ul").is_visible()
    assert not page.locator(".account-nav__menu").is_visible()


def test_account_forms_name_their_autofill_purposes(client, region_data):
    # given
    user = UserFactory(email="anna@example.com", password=PASSWORD)
    with translation.override("ru"):
        login = reverse("customer:login")
        profile = reverse("customer:profile-update")
        password = reverse("customer:change-password")
        address = reverse("customer:address-create")
        reset = reverse("password-reset")

    # when
    anonymous = client.get(login).content.decode() + client.get(reset).content.decode()
    client.force_login(user)
    signed_in = "".join(
        client.get(url).content.decode() for url in (profile, password, address)
    )

    # then
    def purposes(html: str, form_id: str) -> list[str]:
        form = re.search(rf'<form id="{form_id}".*?</form>', html, re.S).group(0)
        return re.findall(r'autocomplete="([^"]+)"', form)

    assert purposes(anonymous, "login_form") == ["username", "current-password"]
    assert purposes(anonymous, "register_form") == [
        "username",
        "new-password",
        "new-password",
    ]
    assert purposes(anonymous, "password_reset_form") == ["email"]
    assert 'type="email"' in anonymous
    assert purposes(signed_in, "profile_form") == [
        "given-name",
        "family-name",
        "email",
        "current-password",
    ]
    assert purposes(signed_in, "change_password_form") == [
        "current-password",
        "new-password",
        "new-password",
    ]
    assert "postal-code" in purposes(signed_in, "address_form")
    assert re.search(r'<input type="tel" name="phone_number"', signed_in)


def test_shopper_registers_signs_in_and_changes_their_name(
    request, shop_server, browser, region_data
):
    # given: a browser that runs no script
    context = browser.new_context(java_script_enabled=False, locale="ru")
    request.addfinalizer(context.close)
    page = context.new_page()
    with translation.override("ru"):
        login_url = shop_server + reverse("customer:login")
        logout_url = shop_server + reverse("customer:logout")
        profile_url = shop_server + reverse("customer:profile-view")

    # when: they register, sign out, sign in again and rename themselves
    page.goto(login_url)
    register = page.locator("#register_form")
    register.get_by_label("Адрес электронной почты").fill("olga@example.com")
    register.locator('input[name="registration-password1"]').fill(PASSWORD)
    register.locator('input[name="registration-password2"]').fill(PASSWORD)
    register.locator('button[name="registration_submit"]').click()
    registered = User.objects.filter(email="olga@example.com").exists()
    page.goto(logout_url)
    page.goto(login_url)
    login = page.locator("#login_form")
    login.get_by_label("Адрес электронной почты").fill("olga@example.com")
    login.get_by_label("Пароль").fill(PASSWORD)
    login.locator('button[name="login_submit"]').click()
    page.goto(profile_url)
    page.get_by_role("link", name="Редактировать профиль").click()
    page.locator("#profile_form").get_by_label("Имя", exact=True).fill("Ольга")
    page.locator("#profile_form").get_by_label("Фамилия").fill("Петрова")
    page.locator('#profile_form button[type="submit"]').click()

    # then
    assert registered
    assert page.url == profile_url
    assert "Ольга Петрова" in page.locator(".account-facts").inner_text()
    user = User.objects.get(email="olga@example.com")
    assert (user.first_name, user.last_name) == ("Ольга", "Петрова")
