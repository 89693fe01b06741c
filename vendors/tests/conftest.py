"""Vendor fixtures: applicants, staff, documents kept in a temporary folder."""

import io

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from PIL import Image

VendorDocument = get_model("partner", "VendorDocument")

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Keep the documents a test uploads in its own temporary folder."""
    storage = VendorDocument._meta.get_field("file").storage
    monkeypatch.setattr(storage, "_location", str(tmp_path))
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    yield tmp_path
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


@pytest.fixture
def applicant(db):
    return get_user_model().objects.create_user(
        username="anna", email="anna@example.com", password="pw-anna-12345"
    )


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        username="olga",
        email="olga@example.com",
        password="pw-olga-12345",
        is_staff=True,
        is_superuser=True,
    )


# ---- The seller dashboard: vendors with users, orders with their lines. ----


@pytest.fixture
def make_seller(db):
    """A selling vendor and its user: make_seller("Медовая заимка", role="owner").

    Returns the VendorMember; its partner is the vendor, its user signs in.
    """
    from oscar.core.loading import get_model

    Partner = get_model("partner", "Partner")
    VendorMember = get_model("partner", "VendorMember")

    def make(store: str, *, email: str = "", role: str = "owner"):
        vendor, _created = Partner.objects.get_or_create(name=store)
        email = email or f"{role}.{vendor.pk}@example.com"
        user = get_user_model().objects.create_user(
            username=email, email=email, password="pw-seller-12345"
        )
        return VendorMember.objects.create(partner=vendor, user=user, role=role)

    return make


@pytest.fixture
def place_order(db):
    """Place an order of several vendors' products in one market's basket.

    place_order([(product, quantity), ...], market="RU", placed=datetime,
    status="Cancelled"); each product must be on sale in the market.
    """
    from oscar.core.loading import get_class, get_model

    Basket = get_model("basket", "Basket")
    Country = get_model("address", "Country")
    Market = get_model("catalogue", "Market")
    Order = get_model("order", "Order")
    ShippingAddress = get_model("order", "ShippingAddress")
    selector = get_class("partner.strategy", "Selector")()
    order_creator = get_class("order.utils", "OrderCreator")()
    totals = get_class("checkout.calculators", "OrderTotalCalculator")()
    free_shipping = get_class("shipping.methods", "Free")()
    customer = get_user_model().objects.create_user(
        username="minji", email="minji@example.com", password="pw-minji-12345"
    )

    def place(items, *, market: str = "RU", placed=None, status: str | None = None):
        basket = Basket.objects.create(
            owner=customer, market=Market.objects.get(pk=market)
        )
        basket.strategy = selector.strategy(market=basket.market)
        for product, quantity in items:
            basket.add_product(product, quantity)
        shipping = free_shipping.calculate(basket)
        address = ShippingAddress.objects.create(
            first_name="Минджи",
            last_name="Ким",
            line1="Тверская, 1",
            line4="Москва",
            postcode="125009",
            country=Country.objects.get(iso_3166_1_a2=market),
        )
        order = order_creator.place_order(
            basket=basket,
            total=totals.calculate(basket, shipping),
            shipping_method=free_shipping,
            shipping_charge=shipping,
            shipping_address=address,
            user=customer,
        )
        changes = {}  # an empty update still reads the number back as text
        if placed is not None:
            changes["date_placed"] = placed
        if status is not None:
            changes["status"] = status
        Order.objects.filter(pk=order.pk).update(**changes)
        order.refresh_from_db()
        return order

    return place
