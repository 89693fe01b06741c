# ruff: noqa: RUF001  (Russian text is meant)
"""Seconds, rows per second, queries and memory of a 10,000-row catalogue upload.

Creates a vendor of its own, writes a CSV and an XLSX file of new products
(texts in three languages, a category, a price and stock in every market),
runs the upload service on each as the Celery task does (the same process,
no worker), then on a second pair of files that changes every product
(prices, stock, an English title), and downloads the vendor's catalogue
(both sets) in each format. Prints one line per run. Everything it created
is deleted at the end.

    .venv/bin/python benchmarks/vendor_upload.py [--rows 10000]

Runs against DATABASE_URL (default: this machine's PostgreSQL, database
"marketplace") with its migrations applied; the demo data is not needed.
"""

import argparse
import os
import sys
import threading
import time
import uuid
import warnings
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_server import environment  # noqa: E402

os.environ.update(environment())
# Oscar 4.2 calls treebeard's old-style tree methods (as pyproject.toml says).
warnings.filterwarnings("ignore", "Using Category\\.")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402

from vendors.models import VendorRole, VendorStatus  # noqa: E402
from vendors.services import (  # noqa: E402
    vendor_catalogue_export,
    vendor_upload_process,
)
from vendors.services.bulk.files import table_write  # noqa: E402
from vendors.services.bulk.rows import catalogue_columns, catalogue_markets  # noqa: E402

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
VendorMember = get_model("partner", "VendorMember")
VendorUpload = get_model("partner", "VendorUpload")

PRICES = {"RUB": "1990.00", "KZT": "11990.00", "KRW": "32000", "EUR": "21.90"}
NEW_PRICES = {"RUB": "2190.50", "KZT": "12990.00", "KRW": "35000", "EUR": "23.40"}


def rows(prefix: str, count: int, markets: list, *, changed: bool) -> list[list]:
    prices = NEW_PRICES if changed else PRICES
    lines = []
    for index in range(count):
        line = [
            f"{prefix}-{index:05d}",
            f"Мёд липовый, банка {index}",
            f"린덴 꿀 {index}",
            f"Linden honey{' (new)' if changed else ''}, jar {index}",
            f"<p>Июльский сбор, банка {index}.</p><ul><li>500 г</li></ul>",
            f"<p>7월 채취, {index}번 병.</p>",
            f"<p>Gathered in July, jar {index}.</p>",
            "benchmark-honey",
            "",
            "yes",
        ]
        for market in markets:
            line += [prices.get(market.currency, "100"), 7 + index % 5 + changed]
        lines.append(line)
    return lines


class PeakMemory:
    """The process's largest resident size while the block runs (sampled)."""

    def __init__(self):
        self.process = psutil.Process()
        self.peak = 0
        self.running = False

    def sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.005)

    def __enter__(self):
        self.before = self.process.memory_info().rss
        self.peak = self.before
        self.running = True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running = False
        self.thread.join()


def measure(vendor, user, name: str, content: bytes) -> dict:
    upload = VendorUpload.objects.create(
        partner=vendor,
        uploaded_by=user,
        file=ContentFile(content, name=name),
        original_name=name,
        language="ru",
    )
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count), PeakMemory() as memory:
        started = time.perf_counter()
        vendor_upload_process(upload_id=upload.pk)
        seconds = time.perf_counter() - started
    upload.refresh_from_db()
    assert upload.status == "done", upload.errors[:5]
    return {
        "seconds": seconds,
        "rows": upload.total_rows,
        "created": upload.created_count,
        "updated": upload.updated_count,
        "queries": queries,
        "peak_mb": memory.peak / 2**20,
        "growth_mb": (memory.peak - memory.before) / 2**20,
        "size_kb": len(content) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    markets = catalogue_markets()
    columns = catalogue_columns(markets)
    created_class = not ProductClass.objects.exists()
    if created_class:
        ProductClass.objects.create(name="Goods")
    category = Category.objects.filter(code="benchmark-honey").first()
    created_category = category is None
    if created_category:
        category = Category.add_root(
            name_ru="Мёд (замер)", name_ko="꿀", name_en="Honey", code="benchmark-honey"
        )
    vendor = Partner.objects.create(
        name=f"Benchmark {run}", status=VendorStatus.APPROVED
    )
    user = get_user_model().objects.create_user(
        username=f"benchmark-{run}", email=f"benchmark-{run}@example.com"
    )
    VendorMember.objects.create(partner=vendor, user=user, role=VendorRole.OWNER)
    files = {}
    for kind in ("csv", "xlsx"):
        prefix = f"B{run}-{kind}"
        for changed in (False, True):
            content = table_write(
                columns,
                rows(prefix, args.rows, markets, changed=changed),
                file_format=kind,
                language="en",
            )
            files[(kind, changed)] = content
    print(
        f"{args.rows} rows, {len(markets)} markets, {len(columns)} columns; "
        f"PostgreSQL {connection.pg_version // 10000}, one process, no worker"
    )
    header = ("run", "seconds", "rows/s", "queries", "peak MB", "+MB", "file KB")
    print("{:<16} {:>8} {:>8} {:>8} {:>8} {:>7} {:>8}".format(*header))
    try:
        for changed in (False, True):
            for kind in ("csv", "xlsx"):
                name = f"{kind} {'update' if changed else 'new'}"
                result = measure(
                    vendor, user, f"catalogue.{kind}", files[(kind, changed)]
                )
                expected = (0, args.rows) if changed else (args.rows, 0)
                assert (result["created"], result["updated"]) == expected, result
                print(
                    f"{name:<16} {result['seconds']:>8.2f} "
                    f"{result['rows'] / result['seconds']:>8.0f} "
                    f"{result['queries']:>8} {result['peak_mb']:>8.0f} "
                    f"{result['growth_mb']:>7.0f} {result['size_kb']:>8.0f}"
                )
        for kind in ("csv", "xlsx"):
            started = time.perf_counter()
            content = vendor_catalogue_export(
                vendor=vendor, file_format=kind, language="ru"
            )
            seconds = time.perf_counter() - started
            print(
                f"{'export ' + kind:<16} {seconds:>8.2f} "
                f"{2 * args.rows / seconds:>8.0f} {'':>8} {'':>8} {'':>7} "
                f"{len(content) / 1024:>8.0f}"
            )
    finally:
        cleanup(vendor, category if created_category else None, created_class)


def cleanup(vendor, category, created_class: bool) -> None:
    """Delete the vendor, its products, offers, uploads and files."""
    products = Product.objects.filter(vendor_product__partner=vendor)
    StockRecord.objects.filter(partner=vendor).delete()
    product_ids = list(products.values_list("pk", flat=True))
    for start in range(0, len(product_ids), 2000):
        Product.objects.filter(pk__in=product_ids[start : start + 2000]).delete()
    for upload in VendorUpload.objects.filter(partner=vendor):
        upload.file.delete(save=False)
        upload.delete()
    users = [member.user for member in vendor.members.all()]
    vendor.members.all().delete()
    vendor.delete()
    for user in users:
        user.delete()
    if category is not None:
        category.delete()
    if created_class:
        ProductClass.objects.filter(name="Goods").delete()
    # Tens of thousands of rows came and went: refresh the planner's
    # statistics, or the storefront's queries are planned for a catalogue
    # that is no longer there (and the throughput benchmark halves).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    main()
