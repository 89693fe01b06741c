"""Shared fixtures: catalogue data, a Celery worker, and a real Chromium browser."""

import importlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import create_product

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    # Oscar caches category URLs by primary key, and every test database
    # reuses primary keys, so no cached value may outlive its test.
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request through the test client leaves its page's language active in
    # the thread; the next test starts in the default one, as a process does.
    yield
    translation.deactivate()


@pytest.fixture
def client():
    """pytest-django's client, signing people in with both factors (tests/signin.py)."""
    from tests.signin import TwoFactorClient

    return TwoFactorClient()


@pytest.fixture
def category(db) -> "Category":
    return Category.add_root(name_ru="Книги", name_ko="도서", name_en="Books")


def vendor_delivers(partner, market, *, charge: str = "0", service: str = "Courier"):
    """Let the vendor deliver to the market's countries: one door-to-door method
    with one weight band (free unless a charge is given), as a vendor sets up
    before it sells."""
    Carrier = get_model("shipping", "Carrier")
    ShippingMethod = get_model("shipping", "ShippingMethod")
    method, created = ShippingMethod.objects.get_or_create(
        partner=partner,
        market=market,
        service=service,
        defaults={"carrier": Carrier.objects.get(code="cdek")},
    )
    if created:
        method.countries.set(market.shipping_countries.all())
        method.rates.create(max_weight="30", charge=charge)
    return method


@pytest.fixture
def make_products(category):
    """Create products in the category: make_products(n, price=...)."""

    def make(count: int, *, price: str = "1990.00", in_category=category) -> list:
        products = []
        for index in range(count):
            product = create_product(
                title=f"Книга номер {index}",
                price=price,
                num_in_stock=10,
                partner_name="Дом Книги",
            )
            ProductCategory.objects.create(product=product, category=in_category)
            record = product.stockrecords.get()
            vendor_delivers(record.partner, record.market)
            products.append(product)
        return products

    return make


@pytest.fixture
def sell_in():
    """Offer a product in another market too: sell_in(product, "KR", "12000")."""
    from oscar.core.loading import get_model

    Market = get_model("catalogue", "Market")
    StockRecord = get_model("partner", "StockRecord")

    def sell(product, market_code: str, price: str, *, num_in_stock: int = 10):
        market = Market.objects.get(pk=market_code)
        first = product.stockrecords.first()
        vendor_delivers(first.partner, first.market)
        vendor_delivers(first.partner, market)
        return StockRecord.objects.create(
            product=product,
            partner=first.partner,
            partner_sku=first.partner_sku,
            market=market,
            price_currency=market.currency,
            price=price,
            num_in_stock=num_in_stock,
        )

    return sell


# Tests that commit (a worker or a browser must see their rows) run with
# transaction=True; serialized_rollback restores the rows that data
# migrations created (countries, groups, payment types) after each flush.
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def celery_worker_thread():
    """A real Celery worker, in a thread, consuming from the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from marketplace.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


# Data migrations whose rows every page needs: countries and their names,
# the markets, the carriers.
REGION_DATA_MIGRATIONS = [
    ("logistics.migrations.0004_region_shipping_countries", "create_countries"),
    ("logistics.migrations.0005_country_names_in_site_languages", "name_countries"),
    ("catalog.migrations.0035_markets_of_2026", "create_markets"),
    ("logistics.migrations.0007_carriers_of_the_region", "create_carriers"),
]


@pytest.fixture
def region_data(transactional_db) -> None:
    """Recreate the rows of the region's data migrations, and the site.

    Tests that commit end with a flush that empties them, and serialized
    rollback did not bring them back for the next such test.
    """
    from django.apps import apps
    from django.contrib.sites.models import Site

    for module, function in REGION_DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    # Emails link to the site; Django creates its row after migrating.
    Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "example.com", "name": "example.com"}
    )


@pytest.fixture
def shop_server(transactional_db, region_data) -> Iterator[str]:
    """Serve the site on a free port as production does: WhiteNoise serves the
    collected, hashed static files (Django's live-server handler would look
    them up unhashed and miss)."""
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("127.0.0.1", static_handler=lambda handler: handler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which
    # Django takes for an async context; the test itself is synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def csp_violations(page) -> list[str]:
    """Return a list that fills with what the page's Content-Security-Policy blocks."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return blocked


@pytest.fixture
def screenshots() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def make_seller(db):
    """A selling vendor and its user: make_seller("Медовая заимка", role="owner").

    Returns the VendorMember; its partner is the vendor, its user signs in.
    """
    from django.contrib.auth import get_user_model
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
    from django.contrib.auth import get_user_model
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
