"""Shared fixtures: catalogue data, a Celery worker, and a real Chromium browser."""

import importlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
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


@pytest.fixture
def category(db) -> "Category":
    return Category.add_root(name_ru="Книги", name_ko="도서", name_en="Books")


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
# the markets.
REGION_DATA_MIGRATIONS = [
    ("logistics.migrations.0004_region_shipping_countries", "create_countries"),
    ("logistics.migrations.0005_country_names_in_site_languages", "name_countries"),
    ("catalog.migrations.0035_markets_of_2026", "create_markets"),
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
