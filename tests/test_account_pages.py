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
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils import timezone, translation
from oscar.apps.shipping.methods import Free
from oscar.core.loading import get_class, get_model
from oscar.test.factories import (
    ProductAlertFactory,
    UserAddressFactory,
    UserFactory,
    WishListFactory,
    create_offer,
    create_product,
)

from conftest import TRANSACTIONAL, csp_violations
from tests.signin import TwoFactorClient

Basket = get_model("basket", "Basket")
Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
Country = get_model("address", "Country")
Email = get_model("communication", "Email")
Market = get_model("catalogue", "Market")
Notification = get_model("communication", "Notification")
Order = get_model("order", "Order")
ProductReview = get_model("reviews", "ProductReview")
Range = get_model("offer", "Range")
WishList = get_model("wishlists", "WishList")
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
        title="Самовар угольный",
        price="4990.00",
        partner_name="Тульские мастера",
        num_in_stock=5,
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
    client = TwoFactorClient()
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
            "security": reverse("customer:security"),
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


def sweep(
    page, shop_server, screenshots, language, width, *, anonymous, signed_in, user
):
    """Open each page, first signed out then as the user; return what fell short.

    Screenshots of every page go to the test run's folder.
    """
    problems = {}
    for urls in (anonymous, signed_in):
        if urls is signed_in:
            page.context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": signed_in_cookie(user),
                        "url": shop_server,
                    }
                ]
            )
        for name, url in urls.items():
            response = page.goto(shop_server + url)
            if found := check_page(page, response):
                problems[name] = found
            page.screenshot(
                path=screenshots / f"account-{name}-{language}-{width}.png",
                full_page=True,
            )
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
    blocked = csp_violations(page)
    # when
    problems = sweep(
        page,
        shop_server,
        screenshots,
        language,
        width,
        anonymous=anonymous_urls(language),
        signed_in=account_urls(language, shopper),
        user=shopper,
    )

    # then
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


# ---- The last of Oscar's pages: order status, emails, notifications,
# reviews, offers, shared wish lists, flat pages --------------------------


def place_order(*, user=None, guest_email: str = "") -> "Order":
    product = create_product(
        title="Пуховый платок",
        price="3500.00",
        partner_name="Оренбургские мастера",
        num_in_stock=5,
    )
    market = Market.objects.get(pk="RU")
    basket = Basket.objects.create(owner=user, market=market)
    basket.strategy = Selector().strategy(market=market)
    basket.add_product(product, 1)
    shipping = Free().calculate(basket)
    return OrderCreator().place_order(
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, shipping),
        shipping_method=Free(),
        shipping_charge=shipping,
        user=user,
        guest_email=guest_email,
    )


@pytest.fixture
def guest_order(region_data):
    """An order placed without an account."""
    return place_order(guest_email="guest.buyer@example.com")


@pytest.fixture
def shopper_messages(shopper):
    """Two emails and three notifications of the shopper: unread, read, archived."""
    Email.objects.create(
        user=shopper,
        email=shopper.email,
        subject="Подтверждение заказа: Самовар угольный",
        body_text="Здравствуйте!\n\n"
        "Мы получили ваш заказ.\n"
        "Статус: http://127.0.0.1/ru/accounts/orders/",
    )
    Email.objects.create(
        user=shopper, email=shopper.email, subject="Пароль изменён", body_text="Готово."
    )
    product = shopper.wishlists.get().lines.get().product
    url = product.get_absolute_url()
    Notification.objects.create(
        recipient=shopper,
        subject=f"{product.get_title()} снова в наличии",
        body=f'<a href="{url}">{product.get_title()}</a> снова в наличии',
    )
    Notification.objects.create(
        recipient=shopper,
        subject="Ваш отзыв опубликован",
        date_read=timezone.now(),
    )
    Notification.objects.create(
        recipient=shopper,
        subject="Старое уведомление",
        body="Уже прочитано.",
        location=Notification.ARCHIVE,
        date_read=timezone.now(),
    )
    return shopper


@pytest.fixture
def site_offer(region_data):
    """A site offer on a public range of two products, 10 % off three items."""
    product_range = Range.objects.create(
        name="Книги недели", slug="knigi-nedeli", is_public=True
    )
    for index in range(2):
        product_range.add_product(
            create_product(
                title=f"Книга недели {index}",
                price="990.00",
                partner_name="Дом Книги",
            )
        )
    offer = create_offer(
        name="Скидка 10 % на три книги недели",
        product_range=product_range,
        condition=Condition.objects.create(
            range=product_range, type=Condition.COUNT, value=3
        ),
        benefit=Benefit.objects.create(
            range=product_range, type=Benefit.PERCENTAGE, value=10
        ),
    )
    # A percentage: valid in markets of any currency.
    offer.markets.set(["RU", "KR"])
    return offer


def flat_page(language: str) -> "FlatPage":
    page = FlatPage.objects.create(
        url=f"/{language}/about/",
        title="Наш магазин" if language == "ru" else "상점 소개",
        content="<p>Bazaar — площадка независимых продавцов.</p>",
    )
    page.sites.add(Site.objects.get_current())
    return page


def last_oscar_urls(language: str, *, order, offer, product) -> dict[str, str]:
    """Pages anyone may open: order status, a review form, offers, a flat page."""
    with translation.override(language):
        review_kwargs = {"product_slug": product.slug, "product_pk": product.pk}
        return {
            "anon-order-form": reverse(
                "customer:anon-order-form",
                kwargs={
                    "order_number": order.number,
                    "hash": order.verification_hash(),
                },
            ),
            "review-form": reverse("catalogue:reviews-add", kwargs=review_kwargs),
            "offers": reverse("offer:list"),
            "offer": reverse("offer:detail", kwargs={"slug": offer.slug}),
            "range": reverse(
                "catalogue:range", kwargs={"slug": offer.condition.range.slug}
            ),
            "flatpage": f"/{language}/about/",
        }


def messages_urls(language: str, user) -> dict[str, str]:
    """The signed-in shopper's emails, notifications and shared wish list."""
    with translation.override(language):
        return {
            "emails": reverse("customer:email-list"),
            "email": reverse(
                "customer:email-detail", kwargs={"email_id": user.emails.first().pk}
            ),
            "notifications": reverse("customer:notifications-inbox"),
            "notifications-archive": reverse("customer:notifications-archive"),
            "notification": reverse(
                "customer:notifications-detail",
                kwargs={"pk": user.notifications.filter(body__gt="").first().pk},
            ),
            "shared-wishlist": reverse(
                "wishlists:detail", kwargs={"key": user.wishlists.get().key}
            ),
        }


@pytest.mark.parametrize("language", ["ru", "ko"])
@pytest.mark.parametrize("width", WIDTHS)
def test_last_oscar_pages_are_accessible_and_fit_the_screen(
    request,
    shop_server,
    browser,
    screenshots,
    shopper_messages,
    guest_order,
    site_offer,
    language,
    width,
):
    # given: a visitor, who later signs in as the shopper
    flat_page(language)
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900}, locale=language
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    blocked = csp_violations(page)
    anonymous = last_oscar_urls(
        language,
        order=guest_order,
        offer=site_offer,
        product=site_offer.products().first(),
    )
    # when
    problems = sweep(
        page,
        shop_server,
        screenshots,
        language,
        width,
        anonymous=anonymous,
        signed_in=messages_urls(language, shopper_messages),
        user=shopper_messages,
    )

    # then
    assert problems == {}
    assert blocked == []


@pytest.mark.parametrize(
    ("language", "not_found", "heading", "part"),
    [
        ("ru", "Заказ не найден", "Заказ №%s", "Продавец: Оренбургские мастера"),
        ("ko", "주문을 찾을 수 없습니다", "주문 #%s", "판매자: Оренбургские мастера"),
    ],
)
def test_guest_finds_their_order_by_its_number_and_email(
    client, guest_order, language, not_found, heading, part
):
    # given: the status link of the order confirmation, number and hash
    with translation.override(language):
        form_url = reverse(
            "customer:anon-order-form",
            kwargs={
                "order_number": guest_order.number,
                "hash": guest_order.verification_hash(),
            },
        )
        order_url = reverse(
            "customer:anon-order",
            kwargs={
                "order_number": guest_order.number,
                "hash": guest_order.verification_hash(),
            },
        )

    # when
    wrong = client.post(form_url, {"email": "someone.else@example.com"})
    right = client.post(form_url, {"email": "guest.buyer@example.com"}, follow=True)

    # then
    assert wrong.status_code == 200
    assert f'<div class="alert alert-danger" role="alert">{not_found}</div>' in (
        wrong.content.decode()
    )
    assert right.redirect_chain == [(order_url, 302)]
    assert heading % guest_order.number in right.content.decode()
    # each seller's part with its status
    assert part in right.content.decode()


def test_shopper_reads_an_email_of_their_history(client, shopper_messages):
    # given
    client.force_login(shopper_messages)
    with translation.override("ru"):
        list_url = reverse("customer:email-list")
    email = shopper_messages.emails.get(subject__startswith="Подтверждение")

    # when
    listed = client.get(list_url).content.decode()
    detail = client.get(
        re.search(r'href="([^"]+)">Подтверждение заказа', listed).group(1)
    )

    # then
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "<p>Здравствуйте!</p>" in html
    assert '<a href="http://127.0.0.1/ru/accounts/orders/"' in html
    assert email.subject in html


def test_shopper_reads_archives_and_deletes_notifications(
    request, shop_server, browser, shopper_messages
):
    # given: a browser that runs no script, signed in as the shopper
    context = browser.new_context(java_script_enabled=False, locale="ru")
    request.addfinalizer(context.close)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": signed_in_cookie(shopper_messages),
                "url": shop_server,
            }
        ]
    )
    page = context.new_page()
    with translation.override("ru"):
        page.goto(shop_server + reverse("customer:notifications-inbox"))
    unread = shopper_messages.notifications.get(date_read__isnull=True)
    nav_before = page.locator(".account-nav > ul").inner_text()

    # when: they open the unread one, archive it from its card, then delete
    # the other through the check boxes and the form under the list
    card = page.locator(".account-notification", has_text="снова в наличии")
    card.get_by_role("link", name="Просмотр").click()
    body = page.locator(".account-message__body").inner_text()
    page.get_by_role("link", name="Вернуться к уведомлениям").click()
    nav_after = page.locator(".account-nav > ul").inner_text()
    card = page.locator(".account-notification", has_text="снова в наличии")
    card.get_by_role("button", name="В архив").click()  # noqa: RUF001
    archived_message = page.locator("#messages").inner_text()
    page.get_by_label("Ваш отзыв опубликован").check()
    page.locator("#notifications_form").get_by_role("button", name="Удалить").click()
    inbox_after = page.locator(".account-cards, main p").all_inner_texts()

    # then
    unread.refresh_from_db()
    assert "Уведомления 1" in nav_before
    assert "Уведомления 1" not in nav_after
    assert body == f"{unread.subject}"
    assert unread.is_read
    assert unread.location == Notification.ARCHIVE
    assert archived_message == "1 уведомление перемещено в архив"
    assert not shopper_messages.notifications.filter(
        subject="Ваш отзыв опубликован"
    ).exists()
    assert inbox_after == ["Уведомлений нет."]


def test_visitor_writes_a_review_of_a_product(client, region_data):
    # given
    product = create_product(title="Самовар электрический", price="6990.00")
    with translation.override("ru"):
        url = reverse(
            "catalogue:reviews-add",
            kwargs={"product_slug": product.slug, "product_pk": product.pk},
        )
    form = client.get(url).content.decode()

    # when
    response = client.post(
        url,
        {
            "title": "Кипит быстро",
            "score": "5",
            "body": "Вскипает за три минуты, не шумит.",
            "name": "Ольга",
            "email": "olga@example.com",
        },
        follow=True,
    )

    # then
    assert '<label class="form-label" for="id_name">Имя' in form
    assert 'autocomplete="email"' in form
    assert response.redirect_chain[-1][0] == product.get_absolute_url()
    review = ProductReview.objects.get(product=product)
    assert (review.title, review.score, review.name) == ("Кипит быстро", 5, "Ольга")
    assert "Благодарим Вас за отзыв" in response.content.decode()  # noqa: RUF001


def test_offer_pages_show_the_offer_and_its_products(client, site_offer):
    # given
    with translation.override("ru"):
        offers_url = reverse("offer:list")
        offer_url = reverse("offer:detail", kwargs={"slug": site_offer.slug})
        range_url = reverse("catalogue:range", kwargs={"slug": "knigi-nedeli"})

    # when
    offers = client.get(offers_url).content.decode()
    offer = client.get(offer_url).content.decode()
    product_range = client.get(range_url).content.decode()

    # then
    assert site_offer.name in offers
    assert "Что нужно сделать" in offer
    for html in (offers, offer, product_range):
        assert html.count('class="product-card"') == 2
        assert "Книга недели 0" in html


def test_visitor_sees_a_shared_wish_list_without_its_owner(client, shopper):
    # given
    wishlist = shopper.wishlists.get()
    wishlist.visibility = WishList.PUBLIC
    wishlist.save()
    with translation.override("ru"):
        url = reverse("wishlists:detail", kwargs={"key": wishlist.key})

    # when
    response = client.get(url)

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Подарки на день рождения</h1>" in html
    assert "Высокопревосходительственный самовар" in html
    assert shopper.username not in html


def test_flat_page_shows_staff_a_link_to_edit_it(client, region_data):
    # given
    page = flat_page("ru")
    staff = UserFactory(is_staff=True)

    # when
    visitor_sees = client.get("/ru/about/").content.decode()
    client.force_login(staff)
    staff_sees = client.get("/ru/about/").content.decode()

    # then
    edit = reverse("dashboard:page-update", kwargs={"pk": page.pk})
    assert "<h1>Наш магазин</h1>" in visitor_sees
    assert "площадка независимых продавцов" in visitor_sees
    assert edit not in visitor_sees
    assert edit in staff_sees
