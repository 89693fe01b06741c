"""Text that vendors, staff or shoppers write reaches every page inert.

Each field is stored with a script, an image whose error handler runs code
and a `javascript:` link; the page that shows it must hold none of them as
markup: no script of its own text, no `on…` attribute, no `javascript:`
address. Where the field is HTML by design (descriptions, flat pages,
notifications), the allowed formatting (`<b>`) is still there.
"""

from html.parser import HTMLParser

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory, create_product

from conftest import vendor_delivers
from orders.tasks import product_alerts_send_task
from tests.checkout import CASH_ON_DELIVERY, MOSCOW

Benefit = get_model("offer", "Benefit")
ShippingMethod = get_model("shipping", "ShippingMethod")
Carrier = get_model("shipping", "Carrier")
Category = get_model("catalogue", "Category")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Notification = get_model("communication", "Notification")
Product = get_model("catalogue", "Product")
ProductAlert = get_model("customer", "ProductAlert")
ProductCategory = get_model("catalogue", "ProductCategory")
Range = get_model("offer", "Range")
StockRecord = get_model("partner", "StockRecord")

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
def vendors_courier(samovar):
    """The vendor's courier, whose service and description it wrote itself,
    beside its free post, so the shopper chooses at the method step."""
    record = samovar.stockrecords.get()
    vendor_delivers(record.partner, record.market, service="Post")
    courier = vendor_delivers(
        record.partner, record.market, charge="300", service="<script>alert(1)</script>"
    )
    courier.description = "Только по будням\n" + ATTACK
    courier.save()
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

    # when: they look at the methods, choose the vendor's courier, preview and order
    methods = page(client, urls["method"])
    client.post(
        urls["method"],
        {
            f"method_{vendors_courier.partner_id}": vendors_courier.pk,
            "action": "continue",
        },
    )
    client.post(urls["preview"], CASH_ON_DELIVERY)
    preview = page(client, urls["preview"])
    placed = client.post(urls["preview"], {"action": "place_order"}, follow=True)

    # then: the service is text wherever it is shown, the description keeps
    # its line break and nothing else
    thank_you = placed.content.decode()
    assert placed.redirect_chain[-1][0].endswith("/checkout/thank-you/")
    for html in (methods, preview):
        assert active_content(html) == []
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the service, as text
    assert active_content(thank_you) == []
    assert "Только по будням<br>" in methods  # the description, line by line


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


# A service and a region hold at most 64 characters: the script and the image.
SHORT_ATTACK = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def test_shipping_method_text_a_vendor_writes_is_inert_on_its_pages(
    client, make_seller
):
    # given: a vendor writing markup into its method's service, description
    # and regions, once with a band and once without (the form comes back)
    member = make_seller("Тульские мастера", email="tula@example.com")
    client.force_login(member.user)
    with translation.override("ru"):
        urls = {
            name: reverse(f"seller_shipping_methods:{name}")
            for name in ("list", "create")
        }
    data = {
        "market": "RU",
        "carrier": Carrier.objects.get(code="cdek").pk,
        "service": SHORT_ATTACK,
        "kind": "door",
        "description": "Звоним\n" + ATTACK,
        "countries": ["RU"],
        "regions": SHORT_ATTACK + "\nTula",
        "handling_days": "1",
        "transit_days_min": "1",
        "transit_days_max": "3",
        "free_over": "",
        "is_active": "on",
        "rates-TOTAL_FORMS": "1",
        "rates-INITIAL_FORMS": "0",
        "rates-MIN_NUM_FORMS": "0",
        "rates-MAX_NUM_FORMS": "1000",
        "rates-0-max_weight": "",
        "rates-0-charge": "",
    }

    # when
    refused = client.post(urls["create"], data)
    data.update({"rates-0-max_weight": "1", "rates-0-charge": "300"})
    client.post(urls["create"], data)
    method = ShippingMethod.objects.get(partner=member.partner)
    pages = [
        refused.content.decode(),
        page(client, urls["list"]),
        page(client, reverse("seller_shipping_methods:edit", args=[method.pk])),
        page(client, reverse("seller_shipping_methods:delete", args=[method.pk])),
    ]

    # then: stored as written, shown as text; the list keeps the line break
    assert method.service == SHORT_ATTACK
    assert method.regions == [SHORT_ATTACK, "Tula"]
    assert refused.status_code == 200
    for html in pages:
        assert active_content(html) == []
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Звоним<br>&lt;script&gt;" in pages[1]
