"""The checkout steps in the storefront design, walked in a real Chromium.

A guest buys from two vendors in ru and ko, on a phone (390 px) and a
desktop (1280 px): every step is accessible (axe-core finds no serious or
critical violation), fits the screen, is served under the strict policy and
is in our markup, not Oscar's Bootstrap 4. The address form follows the
country's format in the browser too, with and without script.
"""

import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory, create_product

from conftest import TRANSACTIONAL, csp_violations, vendor_delivers
from tests.checkout import MOSCOW, SEOUL

Country = get_model("address", "Country")
Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")

pytestmark = TRANSACTIONAL

WIDTHS = {"phone": 390, "desktop": 1280}
ADDRESSES = {"ru": MOSCOW, "ko": SEOUL}
# The address fields in the order of the country's format, by their ids.
FIELD_ORDER = {
    "ru": ["postcode", "state", "line4", "line1", "line2"],
    "ko": ["postcode", "state", "line4", "line1", "line2"],
}
POSTCODE_EXAMPLES = {"ru": "125009", "ko": "04524"}
# Classes of Oscar's Bootstrap 4 checkout markup that ours no longer uses.
OSCAR_MARKUP = {"sub-header", "bg-light", "float-right", "btn-block", "form-group"}


def _oscar_classes(html: str) -> set[str]:
    """Return the classes of Oscar's checkout markup used in the page's main part."""
    main = html[html.find("<main") : html.find("</main>")]
    used = {
        name
        for classes in re.findall(r'class="([^"]*)"', main)
        for name in classes.split()
    }
    return used & OSCAR_MARKUP


@pytest.fixture
def two_vendors(sell_in):
    """A samovar of a Russian workshop and kimchi of a Korean shop, in RU and KR."""
    samovar = create_product(
        title="Самовар",
        price="4990.00",
        num_in_stock=5,
        partner_name="Тульские мастера",
    )
    kimchi = create_product(
        title="Кимчи", price="700.00", num_in_stock=5, partner_name="Seoul Foods"
    )
    for product, won in ((samovar, "89000"), (kimchi, "12000")):
        product.title_ko = "사모바르" if product == samovar else "김치"
        product.save()
        sell_in(product, "KR", won)
    return [samovar, kimchi]


@pytest.fixture
def two_shipping_methods(two_vendors):
    """The first vendor offers an express courier for 300 beside its free one,
    so the method step is shown; the second delivers free."""
    for record in two_vendors[0].stockrecords.all():
        vendor_delivers(record.partner, record.market, charge="300", service="Express")


def _open_page(request, browser, *, language, width=390, script=True):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale=language,
        java_script_enabled=script,
    )
    request.addfinalizer(context.close)
    page = context.new_page()
    blocked, documents = csp_violations(page), []
    page.on(
        "response",
        lambda response: (
            documents.append(response)
            if response.request.resource_type == "document"
            and response.frame == page.main_frame
            else None
        ),
    )
    return page, blocked, documents


def _fill_basket(page, shop_server, language, products):
    for product in products:
        with translation.override(language):
            page.goto(shop_server + product.get_absolute_url())
        page.click("#add_to_basket_form button[type=submit]")
    page.goto(f"{shop_server}/{language}/basket/")
    page.click(f"a[href='/{language}/checkout/']")
    page.fill("#id_username", "guest@example.com")
    page.check("input[name=options][value=anonymous]")
    page.click("form.card button[type=submit]")


def _audit(page, documents) -> dict:
    """Return what is wrong with the page shown: barriers, overflow, policy, markup."""
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in documents[-1].headers["content-security-policy"].split(";")
    )
    violations = [
        f"{violation['id']} ({violation['impact']}):"
        f" {[node['target'] for node in violation['nodes']]}"
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    problems = {
        "axe": violations,
        "overflow px": max(overflow, 0),
        "policy": [
            directive
            for directive in ("script-src", "style-src")
            if policy.get(directive) != "'self'"
        ],
        "inline": page.locator("main [style], main script:not([src])").count(),
        "oscar markup": _oscar_classes(page.content()),
    }
    return {key: value for key, value in problems.items() if value}


@pytest.mark.parametrize("language", ["ru", "ko"])
@pytest.mark.parametrize("width", WIDTHS)
def test_checkout_steps_are_accessible_and_fit_the_screen(
    request,
    shop_server,
    browser,
    screenshots,
    two_vendors,
    two_shipping_methods,
    language,
    width,
):
    # given: a guest with products of two vendors in the basket
    page, blocked, documents = _open_page(
        request, browser, language=language, width=WIDTHS[width]
    )
    _fill_basket(page, shop_server, language, two_vendors)
    problems, vendors = {}, {}

    def audit(step: str) -> None:
        found = _audit(page, documents)
        if found:
            problems[step] = found
        page.screenshot(
            path=screenshots / f"checkout-{step}-{language}-{width}.png",
            full_page=True,
        )

    # when: they walk every step, first with a postcode of the wrong country
    assert "/checkout/shipping-address/" in page.url
    fields = page.locator("#new_shipping_address [name]").evaluate_all(
        "inputs => inputs.map(input => input.name)"
    )
    audit("shipping-address")
    for field, value in ADDRESSES[language].items():
        page.fill(f"#id_{field}", value)
    page.fill("#id_postcode", "LV-1050")
    page.click("#new_shipping_address button[type=submit]")
    postcode_error = page.locator("#id_postcode_errors").inner_text()
    invalid = page.locator("#id_postcode").get_attribute("aria-invalid")
    audit("shipping-address-error")
    page.fill("#id_postcode", ADDRESSES[language]["postcode"])
    page.click("#new_shipping_address button[type=submit]")
    assert "/checkout/shipping-method/" in page.url
    audit("shipping-method")
    page.locator(".checkout-choices li", has_text="Express").locator("input").check()
    page.click("button[value=continue]")
    assert "/checkout/payment-details/" in page.url
    audit("payment")
    page.click("#view_preview")
    assert "/checkout/preview/" in page.url
    vendors["preview"] = page.locator(".basket-vendor h3").all_inner_texts()
    audit("preview")
    page.click("#place_order_form button[type=submit]")
    assert page.url.endswith("/checkout/thank-you/")
    vendors["thank-you"] = page.locator(".basket-vendor h3").all_inner_texts()
    number = page.locator("p.lead strong").inner_text()
    audit("thank-you")

    # then: the fields in the country's order, the postcode refused with its
    # example, every step sound, the lines grouped by vendor
    address_fields = [name for name in fields if name in FIELD_ORDER[language]]
    assert address_fields == FIELD_ORDER[language]
    assert "line3" not in fields
    assert POSTCODE_EXAMPLES[language] in postcode_error
    assert invalid == "true"
    assert problems == {}
    assert blocked == []
    seller = "Продавец" if language == "ru" else "판매자"
    assert len(vendors["preview"]) == 2
    assert all(seller in heading for heading in vendors["preview"])
    assert sorted(vendors["thank-you"]) == sorted(vendors["preview"])
    order = Order.objects.get(number=number)
    assert order.shipping_incl_tax == Decimal(300)
    assert order.lines.count() == 2


def test_latvian_address_is_asked_and_stored_in_latvias_format_without_script(
    request, shop_server, browser, sell_in, two_vendors
):
    # given: a shopper whose browser runs no script, in the Latvian shop
    sell_in(two_vendors[0], "LV", "59.00")
    page, blocked, _documents = _open_page(
        request, browser, language="ru", script=False
    )
    page.goto(f"{shop_server}/ru/")
    page.click("#settings-menu summary")
    page.select_option("#id_market", "LV")
    page.click("#market_selector button[type=submit]")
    _fill_basket(page, shop_server, "ru", two_vendors[:1])
    fields = page.locator("#new_shipping_address [name]").evaluate_all(
        "inputs => inputs.map(input => input.name)"
    )

    # when: they type the postcode's digits alone
    page.fill("#id_first_name", "Anna")
    page.fill("#id_last_name", "Bērziņa")
    page.fill("#id_line1", "Brīvības iela 1-5")
    page.fill("#id_line4", "Rīga")
    page.fill("#id_postcode", "1050")
    page.select_option("#id_country", "LV")
    page.click("#new_shipping_address button[type=submit]")
    page.click("#view_preview")
    page.click("#place_order_form button[type=submit]")

    # then: street, city, postcode, country; the postcode as Latvia writes it
    address = [name for name in fields if name in ("line1", "line4", "postcode")]
    assert address == ["line1", "line4", "postcode"]
    assert fields.index("postcode") < fields.index("country")
    assert page.url.endswith("/checkout/thank-you/")
    order = Order.objects.get(guest_email="guest@example.com")
    assert order.shipping_address.postcode == "LV-1050"
    assert order.shipping_address.country_id == "LV"
    assert blocked == []


def test_signed_in_customer_ships_to_edits_and_deletes_a_saved_address(
    client, region_data, two_vendors
):
    # given: a customer with a saved Russian address and a basket
    user = UserFactory()
    saved = UserAddress.objects.create(
        user=user,
        first_name="Анна",
        last_name="Иванова",
        line1="ул. Тверская, 1",
        line4="Москва",
        postcode="125009",
        country=Country.objects.get(pk="RU"),
    )
    client.force_login(user)
    with translation.override("ru"):
        urls = {
            "add": reverse("basket:add", kwargs={"pk": two_vendors[0].pk}),
            "address": reverse("checkout:shipping-address"),
            "edit": reverse("checkout:user-address-update", kwargs={"pk": saved.pk}),
            "delete": reverse("checkout:user-address-delete", kwargs={"pk": saved.pk}),
        }
    client.post(urls["add"], {"quantity": 1})

    # when: they open the step, edit the address with a bad postcode, ship to
    # it, and delete it
    step = client.get(urls["address"]).content.decode()
    edit = client.get(urls["edit"]).content.decode()
    refused = client.post(
        urls["edit"],
        {"first_name": "Анна", "last_name": "Иванова", "line1": "ул. Тверская, 1"}
        | {"line4": "Москва", "postcode": "1250", "country": "RU"},
    )
    shipped = client.post(
        urls["address"], {"action": "ship_to", "address_id": saved.pk}
    )
    delete = client.get(urls["delete"]).content.decode()
    client.post(urls["delete"])

    # then
    assert f'id="select_shipping_address_{saved.pk}"' in step
    assert "ул. Тверская, 1" in step
    assert 'id="new_shipping_address"' in step
    assert edit.index('name="postcode"') < edit.index('name="line1"')
    assert 'name="line3"' not in edit
    assert refused.status_code == 200
    assert "125009" in refused.context["form"].errors["postcode"][0]
    assert shipped.status_code == 302
    assert f'id="delete_address_{saved.pk}"' in delete
    for html in (step, edit, delete):
        assert _oscar_classes(html) == set()
    assert not UserAddress.objects.filter(pk=saved.pk).exists()
