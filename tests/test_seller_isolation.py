# ruff: noqa: RUF001  (Russian text is meant)
"""A vendor never sees or touches another vendor's data, on any seller URL.

The URLs come from the seller dashboard's URL configuration, so a new page
is walked as soon as it exists; a page whose URL takes an object must say
which object of vendor A it is tried with (OBJECT_KWARGS), or the first
test fails. Oscar's dashboard is walked too: it is closed to vendors.
"""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, URLPattern, URLResolver, reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order, create_product

from logistics.seller import method_urls as seller_shipping_method_urls
from logistics.seller import urls as seller_shipping_urls
from orders.returns import urls as seller_return_urls
from orders.seller import urls as seller_order_urls
from payments.ledger import urls as seller_ledger_urls
from payments.payouts import urls as seller_payout_urls
from vendors.models import VendorRole, VendorStatus
from vendors.seller import urls as seller_urls

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
VendorMember = get_model("partner", "VendorMember")
VendorProduct = get_model("partner", "VendorProduct")
VendorInvitation = get_model("partner", "VendorInvitation")
VendorUpload = get_model("partner", "VendorUpload")
Product = get_model("catalogue", "Product")
Market = get_model("catalogue", "Market")
Basket = get_model("basket", "Basket")
OrderLine = get_model("order", "Line")
OrderPart = get_model("order", "OrderPart")
ReturnLine = get_model("order", "ReturnLine")
ReturnRequest = get_model("order", "ReturnRequest")
Selector = get_class("partner.strategy", "Selector")
Carrier = get_model("shipping", "Carrier")
ShippingMethod = get_model("shipping", "ShippingMethod")
ShippingRate = get_model("shipping", "ShippingRate")

# What only vendor A's pages may show.
SECRETS = (
    "Самовар-секрет-А",
    "A-SECRET-SKU",
    "secret-invitee@example.com",
    "A-SECRET-SERVICE",
)


def routes(patterns, namespace: str) -> list[tuple[str, list[str]]]:
    """Every (namespaced URL name, [its kwargs]) of the patterns, includes too."""
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}"
            found.append((name, list(pattern.pattern.converters)))
    return found


# The seller dashboard: the vendors, orders and logistics apps' pages.
SELLER_ROUTES = [
    *routes(seller_urls.urlpatterns, "vendors"),
    *routes(seller_order_urls.urlpatterns, "seller_orders"),
    *routes(seller_return_urls.urlpatterns, "seller_returns"),
    *routes(seller_shipping_urls.urlpatterns, "seller_shipping"),
    *routes(seller_shipping_method_urls.urlpatterns, "seller_shipping_methods"),
    *routes(seller_ledger_urls.urlpatterns, "seller_ledger"),
    *routes(seller_payout_urls.urlpatterns, "seller_payouts"),
]


@pytest.fixture
def world(db, django_user_model, category):
    """Vendors A and B, each with an owner and a product; A with much more."""
    ru = Market.objects.get(pk="RU")

    def vendor(name: str, email: str):
        partner = Partner.objects.create(name=name, status=VendorStatus.APPROVED)
        owner = django_user_model.objects.create_user(
            username=email, email=email, password="pw-12345-owner"
        )
        owner.groups.add(Group.objects.get(name="Vendor users"))
        VendorMember.objects.create(partner=partner, user=owner, role=VendorRole.OWNER)
        return partner, owner

    a, a_owner = vendor("Самовары А", "a-owner@example.com")
    b, b_owner = vendor("Чай Б", "b-owner@example.com")
    a_staff = django_user_model.objects.create_user(
        username="a-staff", email="a-staff@example.com", password="pw-12345-staff"
    )
    VendorMember.objects.create(partner=a, user=a_staff, role=VendorRole.STAFF)
    a_product = create_product(
        title="Самовар-секрет-А", partner_name=a.name, num_in_stock=10
    )
    StockRecord.objects.filter(product=a_product).update(partner_sku="A-SECRET-SKU")
    VendorProduct.objects.create(product=a_product, partner=a)
    b_product = create_product(title="Чай-Б", partner_name=b.name, num_in_stock=10)
    VendorProduct.objects.create(product=b_product, partner=b)
    basket = Basket.objects.create(market=ru)
    basket.strategy = Selector().strategy(market=ru)
    basket.add_product(a_product)
    basket.add_product(b_product)
    shared_order = create_order(basket=basket)
    basket = Basket.objects.create(market=ru)
    basket.strategy = Selector().strategy(market=ru)
    basket.add_product(a_product)
    order = create_order(basket=basket)
    invitation = VendorInvitation.objects.create(
        partner=a,
        email="secret-invitee@example.com",
        token="a-secret-token-" + "x" * 20,
        invited_by=a_owner,
        expires_at=timezone.now() + timedelta(days=7),
    )
    upload = VendorUpload.objects.create(
        partner=a,
        uploaded_by=a_owner,
        file="vendors/uploads/a.csv",
        original_name="a-secret.csv",
        language="ru",
    )
    shipping_method = ShippingMethod.objects.create(
        partner=a,
        market=ru,
        carrier=Carrier.objects.get(code="cdek"),
        service="A-SECRET-SERVICE",
    )
    shipping_method.countries.set(["RU"])
    ShippingRate.objects.create(method=shipping_method, max_weight=1, charge=300)
    loner = django_user_model.objects.create_user(
        username="loner", email="loner@example.com", password="pw-12345-loner"
    )
    return {
        "a": a,
        "b": b,
        "a_owner": a_owner,
        "b_owner": b_owner,
        "a_staff": a_staff,
        "a_product": a_product,
        "order": order,
        "shared_order": shared_order,
        "invitation": invitation,
        "upload": upload,
        "loner": loner,
        "shipping_method": shipping_method,
        "a_member": VendorMember.objects.get(user=a_staff),
    }


def a_return(w) -> "ReturnRequest":
    """A shopper's return of vendor A's line, made once per world."""
    if "return" not in w:
        part = OrderPart.objects.get(order=w["order"], vendor=w["a"])
        w["return"] = ReturnRequest.objects.create(
            part=part, reason="damaged", description="A-return", created_by=w["loner"]
        )
        ReturnLine.objects.create(
            request=w["return"], line=part.lines.first(), quantity=1
        )
    return w["return"]


# The object of vendor A each URL that takes one is tried with.
OBJECT_KWARGS = {
    "vendors:seller-product-edit": lambda w: {"pk": w["a_product"].pk},
    "vendors:seller-product-publish": lambda w: {"pk": w["a_product"].pk},
    "vendors:seller-invitation-withdraw": lambda w: {"pk": w["invitation"].pk},
    "vendors:seller-member-remove": lambda w: {"pk": w["a_member"].pk},
    "vendors:seller-join": lambda w: {"token": w["invitation"].token},
    "vendors:seller-upload-detail": lambda w: {"pk": w["upload"].pk},
    "vendors:seller-upload-status": lambda w: {"pk": w["upload"].pk},
    "seller_orders:detail": lambda w: {"number": w["order"].number},
    "seller_orders:packing-slip": lambda w: {"number": w["order"].number},
    "seller_orders:transition": lambda w: {"number": w["order"].number},
    "seller_returns:detail": lambda w: {"pk": a_return(w).pk},
    "seller_returns:decide": lambda w: {"pk": a_return(w).pk},
    "seller_shipping:ship": lambda w: {"number": w["order"].number},
    "seller_shipping_methods:edit": lambda w: {"pk": w["shipping_method"].pk},
    "seller_shipping_methods:activate": lambda w: {"pk": w["shipping_method"].pk},
    "seller_shipping_methods:delete": lambda w: {"pk": w["shipping_method"].pk},
}
JOIN = "vendors:seller-join"


def url_of(name: str, kwargs_names: list[str], w) -> str:
    kwargs = OBJECT_KWARGS[name](w) if kwargs_names else {}
    return "/ru" + reverse(name, kwargs=kwargs)[3:]


def snapshot(w) -> dict:
    """Everything of vendor A that another vendor must not change."""
    a = w["a"]
    return {
        "partner": Partner.objects.filter(pk=a.pk).values().get(),
        "products": list(
            Product.objects.filter(vendor_product__partner=a)
            .order_by("pk")
            .values("pk", "title_ru", "is_public", "date_updated")
        ),
        "offers": list(StockRecord.objects.filter(partner=a).order_by("pk").values()),
        "members": list(VendorMember.objects.filter(partner=a).order_by("pk").values()),
        "invitations": list(
            VendorInvitation.objects.filter(partner=a).order_by("pk").values()
        ),
        "uploads": list(VendorUpload.objects.filter(partner=a).order_by("pk").values()),
        "lines": list(OrderLine.objects.filter(partner=a).order_by("pk").values()),
        "parts": list(OrderPart.objects.filter(vendor=a).order_by("pk").values()),
        "returns": list(
            ReturnRequest.objects.filter(part__vendor=a).order_by("pk").values()
        ),
        "shipping_methods": list(
            ShippingMethod.objects.filter(partner=a).order_by("pk").values()
        ),
        "shipping_rates": list(
            ShippingRate.objects.filter(method__partner=a).order_by("pk").values()
        ),
    }


def shown_text(response) -> str:
    """What a page or a download shows, XLSX cells included."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
            )
    return content.decode("utf-8", "replace")


def test_every_seller_url_that_takes_an_object_is_walked():
    taking = {name for name, kwargs in SELLER_ROUTES if kwargs}
    assert SELLER_ROUTES
    assert taking <= set(OBJECT_KWARGS), taking - set(OBJECT_KWARGS)


@pytest.mark.parametrize(
    ("name", "kwargs"), SELLER_ROUTES, ids=[r[0] for r in SELLER_ROUTES]
)
def test_another_vendors_user_neither_sees_nor_changes_vendor_a(
    client, world, name, kwargs
):
    # given: the owner of vendor B
    client.force_login(world["b_owner"])
    url = url_of(name, kwargs, world)
    before = snapshot(world)

    # when: B opens the URL, searches it for A's product, and posts to it
    # with A's objects and A's codes
    page = client.get(url)
    searched = client.get(url, {"q": "секрет"})
    posted = client.post(
        url,
        {
            "sku": "A-SECRET-SKU",
            "title_ru": "Захвачено",
            "publish": "0",
            "email": "b-invites@example.com",
            "to_status": "cancelled",
            "note": "Отменено чужим продавцом",
            "carrier": "1",
            "tracking_number": "1234567890",
            "decision": "accept",
            "is_active": "0",
            "service": "Захвачено",
        },
    )
    after = client.get(url)

    # then: A's objects are not found, nothing of A shows (what B typed in
    # may be echoed back to B), nothing of A changed
    if kwargs and name != JOIN:
        # 405: a page that only takes a POST
        assert page.status_code in (404, 405), (name, page.status_code)
        assert posted.status_code in (404, 405), (name, posted.status_code)
    for response in (page, searched, after):
        text = shown_text(response)
        for secret in SECRETS:
            assert secret not in text, (name, secret)
    assert snapshot(world) == before
    assert VendorMember.objects.get(user=world["b_owner"]).partner == world["b"]


def test_a_shared_order_shows_each_vendor_its_own_lines_only(client, world):
    # given: one order with a line of A and a line of B
    client.force_login(world["b_owner"])
    number = str(world["shared_order"].number)

    # when
    listing = client.get("/ru/seller/orders/").content.decode()
    page = client.get(f"/ru/seller/orders/{number}/").content.decode()

    # then
    assert number in listing
    assert "Чай-Б" in page
    assert "Самовар-секрет-А" not in page
    assert "Самовар-секрет-А" not in listing


@pytest.mark.parametrize(
    ("name", "kwargs"), SELLER_ROUTES, ids=[r[0] for r in SELLER_ROUTES]
)
def test_a_user_acting_for_no_vendor_is_kept_out(client, world, name, kwargs):
    # given: a signed-in user of no vendor
    client.force_login(world["loner"])
    url = url_of(name, kwargs, world)
    before = snapshot(world)

    # when
    page = client.get(url)
    posted = client.post(url, {"publish": "0", "email": "x@example.com"})

    # then: sent to apply, except the invitation link, which is addressed
    # to someone else and so refuses them
    for response in (page, posted):
        if name != JOIN:
            assert response.status_code == 302
            assert response.url == "/ru/sell/"
        for secret in SECRETS[:2]:
            assert secret not in shown_text(response)
    assert snapshot(world) == before
    assert not VendorMember.objects.filter(user=world["loner"]).exists()


@pytest.mark.parametrize(
    ("name", "kwargs"), SELLER_ROUTES, ids=[r[0] for r in SELLER_ROUTES]
)
def test_a_visitor_is_sent_to_sign_in(client, world, name, kwargs):
    response = client.get(url_of(name, kwargs, world))

    assert response.status_code == 302
    assert "/login/" in response.url


def oscar_dashboard_routes() -> list[tuple[str, list[str]]]:
    dashboard = apps.get_app_config("dashboard")
    return routes(dashboard.urls[0], "dashboard")


def test_oscar_dashboard_is_closed_to_vendors_on_every_route(client, world):
    # given: A's owner, in the "Vendor users" group; every dashboard route,
    # its arguments filled with A's and B's ids (Oscar issue #4580: parent
    # products, partner user link and unlink)
    client.force_login(world["a_owner"])
    ids = {
        "pk": world["b"].pk,
        "partner_pk": world["b"].pk,
        "user_pk": world["b_owner"].pk,
        "number": world["order"].number,
        "parent_pk": world["a_product"].pk,
        "product_pk": world["a_product"].pk,
        "product_class_slug": "x",
        "slug": "x",
        "code": "x",
        "key": "x",
        "line_id": 1,
        "token": "x",
    }
    before_b = list(VendorMember.objects.filter(partner=world["b"]).values())
    walked = 0

    for name, kwargs in oscar_dashboard_routes():
        if name in ("dashboard:login", "dashboard:logout"):
            continue  # the dashboard's own sign-in, open to anyone
        try:
            url = reverse(name, kwargs={key: ids.get(key, 1) for key in kwargs})
        except NoReverseMatch:
            continue  # a route whose arguments take another shape than these ids
        # when
        page = client.get(url)
        posted = client.post(url, {})
        walked += 1

        # then: never a dashboard page, never a change
        assert page.status_code in (302, 403, 404), (name, page.status_code)
        assert posted.status_code in (302, 403, 404, 405), (name, posted.status_code)
        if page.status_code == 302:
            assert re.search(r"/login/", page.url), (name, page.url)
    assert walked > 50
    assert list(VendorMember.objects.filter(partner=world["b"]).values()) == before_b
