"""Text that vendors, staff or shoppers write reaches every page inert.

Each field is stored with a script, an image whose error handler runs code
and a `javascript:` link; the page that shows it must hold none of them as
markup: no script of its own text, no `on…` attribute, no `javascript:`
address. Where the field is HTML by design (descriptions, flat pages,
notifications), the allowed formatting (`<b>`) is still there.
"""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse
from django.utils import translation
from oscar.apps.shipping.methods import Free
from oscar.core.loading import get_class, get_model
from oscar.test.factories import UserFactory, create_product

from orders.tasks import product_alerts_send_task
from tests.checkout import MOSCOW

Benefit = get_model("offer", "Benefit")
Category = get_model("catalogue", "Category")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Notification = get_model("communication", "Notification")
OrderAndItemCharges = get_model("shipping", "OrderAndItemCharges")
Product = get_model("catalogue", "Product")
ProductAlert = get_model("customer", "ProductAlert")
ProductCategory = get_model("catalogue", "ProductCategory")
Range = get_model("offer", "Range")
StockRecord = get_model("partner", "StockRecord")
Repository = get_class("shipping.repository", "Repository")

pytestmark = pytest.mark.django_db

ATTACK = (
    "<script>alert(1)</script>"
    "<img src=x onerror=alert(1)>"
    '<a href="javascript:alert(1)">click</a>'
)
FORMATTED = "<b>Только по будням</b>"


class ActiveContent(HTMLParser):
    """Collect whatever in a page could run: inline or foreign scripts,
    event handler attributes and `javascript:` addresses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not (dict(attrs).get("src") or "").startswith(
            "/static/"
        ):
            self.found.append(f"<script {attrs}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if value and "javascript:" in "".join(value.split()).lower():
                self.found.append(f"<{tag} {name}={value!r}>")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    parser.close()
    return parser.found


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def samovar(db):
    return create_product(
        title="Самовар",
        price="4990.00",
        num_in_stock=5,
        partner_name="Тульские мастера",
    )


@pytest.fixture
def vendors_courier(monkeypatch):
    """A courier whose name and description a vendor wrote, offered beside free
    shipping, as the checkout's repository would offer a stored method."""
    courier = OrderAndItemCharges.objects.create(
        code="courier",
        name=ATTACK,
        description=FORMATTED + ATTACK,
        price_per_order=Decimal(300),
    )
    monkeypatch.setattr(Repository, "methods", (Free(), courier))
    return courier


def test_shipping_method_text_is_inert_at_every_checkout_step(
    client, samovar, vendors_courier
):
    # given: a guest at the shipping method step
    with translation.override("ru"):
        urls = {
            "add": reverse("basket:add", kwargs={"pk": samovar.pk}),
            "gateway": reverse("checkout:index"),
            "address": reverse("checkout:shipping-address"),
            "method": reverse("checkout:shipping-method"),
            "preview": reverse("checkout:preview"),
        }
    client.post(urls["add"], {"quantity": 1})
    client.post(
        urls["gateway"], {"username": "guest@example.com", "options": "anonymous"}
    )
    client.post(urls["address"], MOSCOW)

    # when: they look at the methods, choose the vendor's, preview and order
    methods = page(client, urls["method"])
    client.post(urls["method"], {"method_code": "courier"})
    preview = page(client, urls["preview"])
    placed = client.post(urls["preview"], {"action": "place_order"}, follow=True)

    # then
    thank_you = placed.content.decode()
    assert placed.redirect_chain[-1][0].endswith("/checkout/thank-you/")
    for html in (methods, preview, thank_you):
        assert active_content(html) == []
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the name, as text
    for html in (methods, preview):
        assert FORMATTED in html  # the description, formatted


@pytest.fixture
def shopper(db):
    return UserFactory(email="anna@example.com")


def test_notification_subject_and_body_are_inert_but_keep_formatting(client, shopper):
    # given: a notification whose text quotes what someone else wrote
    notification = Notification.objects.create(
        recipient=shopper, subject=FORMATTED + ATTACK, body=FORMATTED + ATTACK
    )
    client.force_login(shopper)

    # when
    with translation.override("ru"):
        inbox = page(client, reverse("customer:notifications-inbox"))
        detail = page(
            client,
            reverse("customer:notifications-detail", kwargs={"pk": notification.pk}),
        )

    # then
    for html in (inbox, detail):
        assert active_content(html) == []
        assert FORMATTED in html


def test_offer_and_range_descriptions_are_inert_but_keep_formatting(client, samovar):
    # given: a Russian offer on a public range, both described by staff
    product_range = Range.objects.create(
        name="Самовары",
        slug="samovary",
        is_public=True,
        description_ru=FORMATTED + ATTACK,
    )
    product_range.add_product(samovar)
    offer = ConditionalOffer.objects.create(
        name="Скидка на самовары",
        offer_type=ConditionalOffer.SITE,
        description_ru=FORMATTED + ATTACK,
        condition=Condition.objects.create(
            range=product_range, type=Condition.COUNT, value=1
        ),
        benefit=Benefit.objects.create(
            range=product_range, type=Benefit.PERCENTAGE, value=10
        ),
    )
    offer.markets.set(["RU"])

    # when
    with translation.override("ru"):
        pages = [
            page(client, reverse("offer:list")),
            page(client, reverse("offer:detail", kwargs={"slug": offer.slug})),
            page(client, reverse("catalogue:range", kwargs={"slug": "samovary"})),
        ]

    # then
    for html in pages:
        assert active_content(html) == []
        assert FORMATTED in html


def test_flat_page_is_inert_but_keeps_formatting(client):
    # given
    flat_page = FlatPage.objects.create(
        url="/ru/about/", title="Наш магазин" + ATTACK, content=FORMATTED + ATTACK
    )
    flat_page.sites.add(Site.objects.get_current())

    # when
    html = page(client, "/ru/about/")

    # then
    assert active_content(html) == []
    assert FORMATTED in html  # the content, formatted
    assert (
        "Наш магазин&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )  # the title, as text


def test_descriptions_stored_around_the_sanitiser_are_inert(client, samovar):
    # given: descriptions written by an update, which skips the field's
    # sanitising on save
    category = Category.add_root(name="Самовары")
    ProductCategory.objects.create(product=samovar, category=category)
    dirty = {f"description_{code}": FORMATTED + ATTACK for code in ("ru", "en", "ko")}
    Product.objects.filter(pk=samovar.pk).update(**dirty)
    Category.objects.filter(pk=category.pk).update(**dirty)
    samovar.refresh_from_db()
    category.refresh_from_db()

    # when
    with translation.override("ru"):
        pages = [
            page(client, samovar.get_absolute_url()),
            page(client, category.get_absolute_url()),
        ]

    # then
    for html in pages:
        assert active_content(html) == []
        assert FORMATTED in html


def test_stock_alert_emails_show_the_product_title_as_text(client, samovar):
    # given: a sold-out product whose vendor titled it with markup
    Product.objects.filter(pk=samovar.pk).update(title_ru=ATTACK)
    samovar.refresh_from_db()
    samovar.stockrecords.update(num_in_stock=0)
    with translation.override("ru"):
        alert_url = reverse("customer:alert-create", kwargs={"pk": samovar.pk})
    mail.outbox.clear()

    # when: a guest asks for an alert, confirms it, and the product is back
    client.post(alert_url, {"email": "ivan@example.com"})
    ProductAlert.objects.get(product=samovar).confirm()
    StockRecord.objects.filter(product=samovar).update(num_in_stock=3)
    product_alerts_send_task()

    # then: the confirmation and the alert, each with its HTML version
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        (html, _mimetype) = message.alternatives[0]
        assert active_content(html) == []
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
