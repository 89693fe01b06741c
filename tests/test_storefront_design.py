"""Pages in the storefront design, in Chromium: accessible, strict CSP, no overflow.

Each page is opened in ru and ko, on a phone (390 px) and a desktop
(1280 px); its screenshot goes to the kept test artifacts.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from conftest import TRANSACTIONAL, csp_violations, vendor_delivers

ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

pytestmark = TRANSACTIONAL

WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture
def shelf(category, sell_in):
    """A category with products in Russia and Korea, one with a long Russian title."""
    products = []
    for index in range(6):
        product = create_product(
            title=f"Высокопревосходительственный самовар номер {index}",
            price="4990.00",
            num_in_stock=5,
            partner_name="Тульские мастера",
        )
        product.title_ko = f"사모바르 {index}호"
        product.save()
        ProductCategory.objects.create(product=product, category=category)
        sell_in(product, "KR", "89000")
        products.append(product)
    return products


def page_urls(language: str, category, product) -> dict[str, str]:
    with translation.override(language):
        return {
            "home": reverse("home"),
            "catalogue": reverse("catalogue:index"),
            "category": category.get_absolute_url(),
            "search": reverse("search:search")
            + ("?q=самовар" if language == "ru" else "?q=사모바르"),
            "product": product.get_absolute_url(),
            "basket": reverse("basket:summary"),  # after adding the product
            "checkout": reverse("checkout:index"),
            "login": reverse("customer:login"),
            "not found": f"/{language}/no-such-page/",
        }


@pytest.mark.parametrize("language", ["ru", "ko"])
@pytest.mark.parametrize("width", WIDTHS)
def test_storefront_pages_are_accessible_and_fit_the_screen(
    request, shop_server, browser, screenshots, category, shelf, language, width
):
    page = browser.new_page(
        viewport={"width": WIDTHS[width], "height": 900}, locale=language
    )
    request.addfinalizer(page.close)
    blocked = csp_violations(page)
    problems = {}
    urls = page_urls(language, category, shelf[0])
    for name, url in urls.items():
        # when
        if name == "basket":
            page.click("#add_to_basket_form button[type=submit]")
        response = page.goto(shop_server + url)

        # then: a strict policy, no serious barrier, nothing wider than the screen
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in response.headers["content-security-policy"].split(";")
        )
        assert policy["script-src"] == "'self'", name
        assert policy["style-src"] == "'self'", name
        violations = [
            f"{violation['id']} ({violation['impact']})"
            for violation in Axe().run(page).response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        overflow = page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        if violations or overflow > 0:
            problems[name] = {"axe": violations, "overflow px": overflow}
        page.screenshot(
            path=screenshots / f"design-{name}-{language}-{width}.png", full_page=True
        )
    assert problems == {}
    assert blocked == []


def test_basket_groups_lines_by_vendor_and_removes_one_without_script(
    request, shop_server, browser, category, shelf, sell_in
):
    # given: a shopper whose browser runs no script, with products of two
    # vendors; the kimchi's vendor charges for delivery, the other is free
    kimchi = create_product(
        title="Кимчи", price="700.00", num_in_stock=5, partner_name="Seoul Foods"
    )
    record = kimchi.stockrecords.get()
    vendor_delivers(record.partner, record.market, charge="350")
    context = browser.new_context(java_script_enabled=False, locale="ru")
    request.addfinalizer(context.close)
    page = context.new_page()
    with translation.override("ru"):
        page.goto(shop_server + shelf[0].get_absolute_url())
    page.click("#add_to_basket_form button[type=submit]")
    page.goto(f"{shop_server}/ru/catalogue/")  # the kimchi from its card
    page.locator(".product-card", has_text="Кимчи").locator("button").click()
    page.goto(f"{shop_server}/ru/basket/")
    vendors = page.locator(".basket-vendor h2").all_inner_texts()
    deliveries = page.locator(".basket-vendor__delivery .delivery-option__charge")
    charges = deliveries.all_inner_texts()

    # when: they remove the kimchi
    page.locator(".basket-line", has_text="Кимчи").locator(
        "button[name$='-DELETE']"
    ).click()

    # then
    assert sorted(vendors) == ["Продавец: Seoul Foods", "Продавец: Тульские мастера"]
    # each seller's own delivery, in the vendors' order of the heading list
    assert sorted(charges) == ["350\xa0₽", "бесплатно"]
    assert page.locator(".basket-line").count() == 1
    assert "Кимчи" not in page.locator("#basket_formset").inner_text()
