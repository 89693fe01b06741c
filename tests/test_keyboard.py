"""A shopper with only a keyboard finds a product, buys it and reaches the checkout.

Every element the Tab key reaches on the way shows where the focus is (the
design's focus outline); every step is taken with Tab and Enter alone.
"""

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from conftest import TRANSACTIONAL

ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = TRANSACTIONAL

MAX_TABS = 120

# What the focused element looks like: its visible outline or focus ring.
FOCUS_STATE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        element: element.outerHTML.slice(0, 120),
        outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        ringed: style.boxShadow !== "none",
        shown: box.width > 0 && box.height > 0,
    };
}"""


def tab_to(page, selector: str, unseen: list) -> None:
    """Press Tab until the element matching selector has the focus.

    Each element focused on the way whose focus cannot be seen goes to unseen.
    """
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if not (state["shown"] and (state["outlined"] or state["ringed"])):
            unseen.append(state["element"])
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


@pytest.mark.parametrize("language", ["ru", "ko"])
def test_keyboard_alone_finds_buys_and_reaches_checkout(
    request, shop_server, browser, category, sell_in, language
):
    # given
    samovar = create_product(
        title="Самовар тульский", price="4990.00", num_in_stock=5, partner_name="Тула"
    )
    samovar.title_ko = "툴라 사모바르"
    samovar.save()
    ProductCategory.objects.create(product=samovar, category=category)
    sell_in(samovar, "KR", "89000")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale=language)
    request.addfinalizer(page.close)
    page.goto(f"{shop_server}/{language}/")
    unseen: list[str] = []

    # when: search, add the first result, open the basket, go to the checkout
    tab_to(page, "a.skip-link", unseen)
    tab_to(page, "#site-search-q", unseen)
    page.keyboard.type("Самовар" if language == "ru" else "사모바르")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, ".product-card__buy", unseen)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "a.site-basket", unseen)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    basket_lines = page.locator(".basket-line").count()
    tab_to(page, "a[href$='/checkout/']", unseen)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # then
    assert "/checkout/" in page.url
    assert basket_lines == 1
    assert unseen == []
