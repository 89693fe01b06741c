# ruff: noqa: RUF001  (Russian text is meant)
"""Vendors download their catalogue and upload it back: all rows, or none."""

import csv
import io
import json
import re
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from oscar.core.loading import get_model

from conftest import TRANSACTIONAL
from vendors.models import VendorUploadStatus
from vendors.services import vendor_upload_create, vendor_upload_process
from vendors.tasks import vendor_upload_process_task
from vendors.tests.conftest import png_bytes

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
VendorProduct = get_model("partner", "VendorProduct")
VendorUpload = get_model("partner", "VendorUpload")

COLUMNS = [
    "sku",
    "title_ru",
    "title_ko",
    "title_en",
    "description_ru",
    "description_ko",
    "description_en",
    "category",
    "upc",
    "published",
    "weight",
    "price_RU",
    "stock_RU",
    "price_KZ",
    "stock_KZ",
    "price_KR",
    "stock_KR",
    "price_LV",
    "stock_LV",
]


def honey_row(sku: str = "HONEY-500", **cells: str) -> dict:
    """A row of linden honey, sold in Russia and Korea; cells override it."""
    return {
        "sku": sku,
        "title_ru": "Мёд липовый",
        "title_ko": "린덴 꿀",
        "title_en": "Linden honey",
        "description_ru": "<p>Июльский сбор.</p><script>alert(1)</script>",
        "description_ko": "<p>7월 채취.</p>",
        "description_en": "<p>Gathered in July.</p>",
        "category": "honey",
        "upc": "",
        "published": "yes",
        "price_RU": "1990.00",
        "stock_RU": "12",
        "price_KR": "32000",
        "stock_KR": "5",
        **cells,
    }


def csv_bytes(rows: list[dict], *, columns=COLUMNS, delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_and_process(member, content: bytes, *, name: str = "catalogue.csv"):
    """Upload a file as the member's vendor and process it as the worker does."""
    upload = vendor_upload_create(
        vendor=member.partner,
        user=member.user,
        file=SimpleUploadedFile(name, content),
        language="ru",
    )
    return vendor_upload_process(upload_id=upload.pk)


def offers_of(product) -> dict:
    return {
        record.market_id: (record.price, record.price_currency, record.num_in_stock)
        for record in product.stockrecords.all()
    }


@pytest.fixture
def honey(db):
    ProductClass.objects.create(name="Товары")
    food = Category.add_root(
        name_ru="Продукты", name_ko="식품", name_en="Food", code="food"
    )
    return food.add_child(name_ru="Мёд", name_ko="꿀", name_en="Honey", code="honey")


@pytest.fixture
def seller(make_seller):
    return make_seller("Медовая заимка")


@pytest.fixture
def rival(make_seller):
    return make_seller("Пасека соседа")


def test_upload_creates_products_with_texts_in_every_language_and_offers_per_market(
    seller, honey
):
    # given
    content = csv_bytes(
        [
            honey_row(upc="4600000000017"),
            honey_row(
                "TEA-1",
                title_ru="Иван-чай",
                title_ko="",
                title_en="Fireweed tea",
                category="food",
                published="нет",
                price_RU="450,50",
                stock_RU="",
                price_KR="",
                stock_KR="",
                price_LV="4.90",
                stock_LV="7",
            ),
        ]
    )

    # when
    upload = upload_and_process(seller, content)

    # then
    assert upload.status == VendorUploadStatus.DONE, upload.errors
    assert (upload.total_rows, upload.processed_rows) == (2, 2)
    assert (upload.created_count, upload.updated_count) == (2, 0)
    products = Product.objects.filter(vendor_product__partner=seller.partner)
    honey_product = products.get(
        stockrecords__partner_sku="HONEY-500", stockrecords__market="RU"
    )
    assert (honey_product.title_ru, honey_product.title_ko, honey_product.title_en) == (
        "Мёд липовый",
        "린덴 꿀",
        "Linden honey",
    )
    assert honey_product.description_ru == "<p>Июльский сбор.</p>"
    assert honey_product.slug_ru == "мёд-липовый"
    assert honey_product.slug_ko == "린덴-꿀"
    assert honey_product.slug_en == "linden-honey"
    assert honey_product.upc == "4600000000017"
    assert honey_product.is_public
    assert honey_product.product_class.name == "Товары"
    assert list(honey_product.categories.all()) == [honey]
    assert offers_of(honey_product) == {
        "RU": (Decimal("1990.00"), "RUB", 12),
        "KR": (Decimal("32000.00"), "KRW", 5),
    }
    tea = products.filter(stockrecords__partner_sku="TEA-1").distinct().get()
    assert not tea.is_public
    assert tea.title_ko is None
    assert tea.slug_ko  # from the fallback title, so Korean pages link to it
    assert offers_of(tea) == {
        "RU": (Decimal("450.50"), "RUB", 0),
        "LV": (Decimal("4.90"), "EUR", 7),
    }
    assert sorted(
        VendorProduct.objects.filter(partner=seller.partner).values_list(
            "sku", flat=True
        )
    ) == ["HONEY-500", "TEA-1"]


def test_upload_updates_the_vendors_product_found_by_its_sku(seller, honey):
    # given: the vendor's honey, sold in Russia and Korea
    upload_and_process(seller, csv_bytes([honey_row()]))
    product = Product.objects.get(vendor_product__partner=seller.partner)
    changed_before = product.date_updated

    # when: a new English title, a new Russian price, no more Korea, now Latvia
    upload = upload_and_process(
        seller,
        csv_bytes(
            [
                honey_row(
                    title_en="Lime honey",
                    price_RU="2190",
                    price_KR="",
                    stock_KR="",
                    price_LV="21.90",
                    stock_LV="3",
                )
            ]
        ),
    )

    # then: the same product, changed
    assert upload.status == VendorUploadStatus.DONE, upload.errors
    assert (upload.created_count, upload.updated_count) == (0, 1)
    product.refresh_from_db()
    assert Product.objects.filter(vendor_product__partner=seller.partner).count() == 1
    assert product.title_en == "Lime honey"
    assert product.title_ru == "Мёд липовый"
    assert product.date_updated > changed_before
    assert offers_of(product) == {
        "RU": (Decimal("2190.00"), "RUB", 12),
        "LV": (Decimal("21.90"), "EUR", 3),
    }


def test_a_column_missing_from_the_file_leaves_its_values_as_they_are(seller, honey):
    # given
    upload_and_process(seller, csv_bytes([honey_row()]))

    # when: a file of Korean prices only
    upload = upload_and_process(
        seller,
        csv_bytes(
            [{"sku": "HONEY-500", "price_KR": "29000"}], columns=["sku", "price_KR"]
        ),
    )

    # then
    assert upload.status == VendorUploadStatus.DONE, upload.errors
    product = Product.objects.get(vendor_product__partner=seller.partner)
    assert product.title_ru == "Мёд липовый"
    assert offers_of(product) == {
        "RU": (Decimal("1990.00"), "RUB", 12),
        "KR": (Decimal("29000.00"), "KRW", 5),
    }


NO_PRICES = {
    f"{kind}_{code}": ""
    for code in ("RU", "KZ", "KR", "LV")
    for kind in ("price", "stock")
}


def test_a_product_without_prices_keeps_its_sku_and_its_row_updates_it(seller, honey):
    # given: the vendor's honey, then a file that takes it off every market
    upload_and_process(seller, csv_bytes([honey_row()]))
    product = Product.objects.get(vendor_product__partner=seller.partner)
    off_sale = upload_and_process(seller, csv_bytes([honey_row(**NO_PRICES)]))

    # when: the same row again, with a new title and a Korean price
    upload = upload_and_process(
        seller,
        csv_bytes(
            [honey_row(title_en="Lime honey", **{**NO_PRICES, "price_KR": "29000"})]
        ),
    )

    # then: the same product, found by its SKU although it was offered nowhere
    assert off_sale.status == VendorUploadStatus.DONE, off_sale.errors
    assert (off_sale.created_count, off_sale.updated_count) == (0, 1)
    assert upload.status == VendorUploadStatus.DONE, upload.errors
    assert (upload.created_count, upload.updated_count) == (0, 1)
    assert list(Product.objects.filter(vendor_product__partner=seller.partner)) == [
        product
    ]
    product.refresh_from_db()
    assert product.title_en == "Lime honey"
    assert product.vendor_product.sku == "HONEY-500"
    assert offers_of(product) == {"KR": (Decimal("29000.00"), "KRW", 0)}
    assert product.stockrecords.get().partner_sku == "HONEY-500"


def test_a_new_product_needs_no_price(seller, honey):
    # when
    upload = upload_and_process(seller, csv_bytes([honey_row(**NO_PRICES)]))

    # then: the vendor's, offered nowhere yet
    assert upload.status == VendorUploadStatus.DONE, upload.errors
    assert upload.created_count == 1
    product = Product.objects.get(vendor_product__partner=seller.partner)
    assert product.vendor_product.sku == "HONEY-500"
    assert not product.stockrecords.exists()


def test_a_sku_twice_in_a_file_is_rejected(seller, honey):
    # when
    upload = upload_and_process(
        seller,
        csv_bytes([honey_row(), honey_row(title_ru="Мёд гречишный")]),
    )

    # then
    assert upload.status == VendorUploadStatus.FAILED
    assert [(error["row"], error["column"]) for error in upload.errors] == [(3, "sku")]
    assert "Этот артикул уже есть в строке 2." in upload.errors[0]["message"]
    assert not Product.objects.exists()


def test_a_sku_on_the_vendors_offer_of_another_vendors_product_is_rejected(
    seller, rival, honey
):
    # given: the vendor offers the rival's honey under HONEY-500
    upload_and_process(rival, csv_bytes([honey_row("RIVAL-1")]))
    StockRecord.objects.create(
        product=Product.objects.get(vendor_product__partner=rival.partner),
        partner=seller.partner,
        market_id="LV",
        partner_sku="HONEY-500",
        price_currency="EUR",
        price=Decimal("21.90"),
        num_in_stock=1,
    )

    # when: a row would make a product of its own under that SKU
    upload = upload_and_process(seller, csv_bytes([honey_row()]))

    # then
    assert upload.status == VendorUploadStatus.FAILED
    assert [(error["row"], error["column"]) for error in upload.errors] == [(2, "sku")]
    assert not VendorProduct.objects.filter(partner=seller.partner).exists()


BAD_ROWS = [
    honey_row("GOOD-1"),
    honey_row("BAD-PRICE", price_RU="дорого"),
    honey_row("BAD-KRW", price_KR="32000.5"),
    honey_row("BAD-CATEGORY", category="no-such"),
    honey_row("NO-TITLE", title_ru="", title_ko="", title_en=""),
    honey_row("NEGATIVE", stock_RU="-3"),
]


@pytest.mark.parametrize(
    ("language", "reasons"),
    [
        (
            "ru",
            {
                3: ("price_RU", "«дорого» — не цена"),
                4: ("price_KR", "Цены в KRW указываются целым числом"),
                5: ("category", "Нет категории с кодом «no-such»."),
                6: ("title_ru, title_ko, title_en", "Укажите название товара"),
                7: ("stock_RU", "Остаток не может быть отрицательным."),
            },
        ),
        (
            "ko",
            {
                3: ("price_RU", "“дорого”은(는) 가격이 아닙니다"),
                4: ("price_KR", "KRW 가격은 소수점 없이"),
                5: ("category", "코드가 “no-such”인 카테고리가 없습니다."),
                6: ("title_ru, title_ko, title_en", "상품명을"),
                7: ("stock_RU", "재고는 음수일 수 없습니다."),
            },
        ),
    ],
)
def test_a_file_with_rejected_rows_changes_nothing_and_reports_every_row(
    client, seller, honey, django_capture_on_commit_callbacks, language, reasons
):
    # given: a product of the vendor's, and a file with one good row and five
    # bad ones, uploaded from the page in the vendor's language
    upload_and_process(seller, csv_bytes([honey_row("KEEP-ME")]))
    before = list(StockRecord.objects.order_by("pk").values())
    client.force_login(seller.user)
    content = csv_bytes([*BAD_ROWS, honey_row("KEEP-ME", price_RU="1")])

    # when
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            f"/{language}/seller/bulk/",
            {"file": SimpleUploadedFile("catalogue.csv", content)},
        )
    upload = VendorUpload.objects.filter(partner=seller.partner).latest("pk")
    vendor_upload_process(upload_id=upload.pk)
    upload.refresh_from_db()
    page = client.get(response.url).content.decode()

    # then: nothing changed, not even the good rows
    assert len(queued) == 1
    assert upload.language == language
    assert upload.status == VendorUploadStatus.FAILED
    assert (upload.created_count, upload.updated_count) == (0, 0)
    assert not StockRecord.objects.filter(partner_sku="GOOD-1").exists()
    assert list(StockRecord.objects.order_by("pk").values()) == before
    # and every bad row is reported, with its column and its reason
    reported = {error["row"]: error for error in upload.errors}
    assert set(reported) == set(reasons)
    for row, (column, reason) in reasons.items():
        assert reported[row]["column"] == column
        assert reason in reported[row]["message"], reported[row]["message"]
        assert reason in page
    assert 'http-equiv="refresh"' not in page


def test_an_xlsx_file_creates_products_from_number_cells(seller, honey):
    # given: a workbook as a spreadsheet saves it: numbers as number cells
    content = xlsx_bytes(
        [
            [
                "sku",
                "title_ru",
                "category",
                "published",
                "price_RU",
                "stock_RU",
                "price_KR",
                "stock_KR",
            ],
            [4600123, "Мёд гречишный", "honey", True, 1990.5, 7, 25000, 2.0],
            [None, None, None, None, None, None, None, None],
            [
                "BUCKWHEAT-2",
                "Мёд гречишный, 1 кг",
                "honey",
                "да",
                "3490",
                "1",
                None,
                None,
            ],
        ]
    )

    # when
    upload = upload_and_process(seller, content, name="catalogue.xlsx")

    # then
    assert upload.status == VendorUploadStatus.DONE, upload.errors
    assert upload.created_count == 2
    first = Product.objects.get(
        stockrecords__partner_sku="4600123", stockrecords__market="RU"
    )
    assert first.title_ru == "Мёд гречишный"
    assert offers_of(first) == {
        "RU": (Decimal("1990.50"), "RUB", 7),
        "KR": (Decimal("25000.00"), "KRW", 2),
    }
    assert StockRecord.objects.get(partner_sku="BUCKWHEAT-2").price == Decimal(
        "3490.00"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("catalogue.csv", png_bytes(), "ни таблицей CSV, ни XLSX"),
        ("catalogue.xlsx", b"PK\x03\x04" + b"\x00" * 64, "ни таблицей CSV, ни XLSX"),
        ("catalogue.csv", "sku;title_ru\nA;Мёд\n".encode("cp1251"), "не в UTF-8"),
    ],
    ids=["image", "zip-not-workbook", "csv-not-utf8"],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_in_the_pages_language(
    client, seller, honey, name, content, message
):
    # given
    client.force_login(seller.user)

    # when
    response = client.post(
        "/ru/seller/bulk/", {"file": SimpleUploadedFile(name, content)}
    )

    # then
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VendorUpload.objects.exists()


def test_another_vendors_upload_with_the_same_sku_never_touches_the_first_ones(
    seller, rival, honey
):
    # given: A's honey
    upload_and_process(seller, csv_bytes([honey_row()]))
    a_product = Product.objects.get(vendor_product__partner=seller.partner)
    a_before = (
        Product.objects.filter(pk=a_product.pk).values().get(),
        list(StockRecord.objects.filter(partner=seller.partner).values()),
    )

    # when: B uploads a row with A's SKU
    upload = upload_and_process(
        rival, csv_bytes([honey_row(title_ru="Мёд соседа", price_RU="990")])
    )

    # then: B has a product of its own; A's is as it was
    assert upload.status == VendorUploadStatus.DONE, upload.errors
    assert upload.created_count == 1
    b_product = Product.objects.get(vendor_product__partner=rival.partner)
    assert b_product != a_product
    assert b_product.title_ru == "Мёд соседа"
    assert (a_product.vendor_product.sku, b_product.vendor_product.sku) == (
        "HONEY-500",
        "HONEY-500",
    )
    assert a_before == (
        Product.objects.filter(pk=a_product.pk).values().get(),
        list(StockRecord.objects.filter(partner=seller.partner).values()),
    )


def read_download(response) -> list[list[str]]:
    content = response.content
    if content[:2] == b"PK":
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        return [
            ["" if value is None else str(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_lists_only_the_vendors_products_and_uploading_it_changes_nothing(
    client, seller, rival, honey, file_format
):
    # given: A's two products and B's one
    upload_and_process(
        seller,
        csv_bytes(
            [
                honey_row(upc="4600000000017"),
                honey_row(
                    "EUR-1",
                    price_RU="",
                    stock_RU="",
                    price_KR="",
                    stock_KR="",
                    price_LV="19.90",
                    stock_LV="4",
                    published="no",
                ),
                honey_row("NOT-YET", title_ru="Мёд на пробу", **NO_PRICES),
            ]
        ),
    )
    upload_and_process(rival, csv_bytes([honey_row("RIVAL-1", title_ru="Чужой мёд")]))
    before = (
        list(Product.objects.order_by("pk").values()),
        list(StockRecord.objects.order_by("pk").values()),
    )
    client.force_login(seller.user)

    # when: A downloads its catalogue and uploads it again as it is
    response = client.get(f"/ru/seller/bulk/catalogue.{file_format}")
    rows = read_download(response)
    upload = upload_and_process(
        seller, response.content, name=f"catalogue.{file_format}"
    )

    # then
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert rows[0][:2] == ["sku", "title_ru"]
    assert sorted(row[0] for row in rows[1:]) == ["EUR-1", "HONEY-500", "NOT-YET"]
    not_yet = next(row for row in rows if row[0] == "NOT-YET")
    assert not_yet[1] == "Мёд на пробу"
    assert not any(not_yet[rows[0].index("price_RU") :])
    assert "Чужой мёд" not in str(rows)
    honey_line = next(row for row in rows if row[0] == "HONEY-500")
    assert honey_line[rows[0].index("price_KR")] == "32000"
    assert upload.status == VendorUploadStatus.DONE, upload.errors
    assert (upload.created_count, upload.updated_count) == (0, 0)
    assert before == (
        list(Product.objects.order_by("pk").values()),
        list(StockRecord.objects.order_by("pk").values()),
    )


def test_the_template_has_the_columns_and_an_example_row_that_uploads(
    client, seller, honey
):
    # given
    client.force_login(seller.user)

    # when
    response = client.get("/ko/seller/bulk/template.xlsx")
    upload = upload_and_process(seller, response.content, name="template.xlsx")

    # then
    rows = read_download(response)
    assert rows[0] == COLUMNS
    assert len(rows) == 2
    assert upload.status == VendorUploadStatus.DONE, upload.errors
    assert upload.created_count == 1


def test_another_vendors_upload_is_not_found(client, seller, rival, honey):
    # given
    upload = upload_and_process(seller, csv_bytes([honey_row()]))
    client.force_login(rival.user)

    # when
    response = client.get(f"/ru/seller/bulk/uploads/{upload.pk}/")

    # then
    assert response.status_code == 404


def running_upload(seller, **state):
    """An upload of the seller, its worker as far as `state` says."""
    upload = vendor_upload_create(
        vendor=seller.partner,
        user=seller.user,
        file=SimpleUploadedFile("catalogue.csv", csv_bytes([honey_row()])),
        language="ru",
    )
    VendorUpload.objects.filter(pk=upload.pk).update(**state)
    return upload


def test_the_page_of_an_upload_being_checked_shows_its_progress_without_refresh(
    client, seller, honey
):
    # given: an upload half checked
    upload = running_upload(
        seller,
        status=VendorUploadStatus.PROCESSING,
        total_rows=2000,
        processed_rows=1000,
    )
    client.force_login(seller.user)

    # when
    page = client.get(f"/ru/seller/bulk/uploads/{upload.pk}/").content.decode()

    # then: the progress as the server has it, a script to follow it, and a
    # link to update it by hand; no timed refresh
    assert "http-equiv" not in page
    assert 'max="2000" value="1000"' in page
    assert "Проверено строк: 1000 из 2000" in page
    assert 'aria-live="polite"' in page
    assert f'data-upload-status-url="/ru/seller/bulk/uploads/{upload.pk}/status/"' in (
        page
    )
    assert re.search(r'<script src="[^"]*vendors/js/upload-progress\.[^"]*js"', page)
    assert f'<a href="/ru/seller/bulk/uploads/{upload.pk}/">Обновить</a>' in page
    assert "?refresh=off" not in page


def test_the_page_of_a_finished_upload_has_no_script(client, seller, honey):
    # given
    upload = upload_and_process(seller, csv_bytes([honey_row()]))
    client.force_login(seller.user)

    # when
    page = client.get(f"/ru/seller/bulk/uploads/{upload.pk}/").content.decode()

    # then
    assert "Готово: все строки применены." in page
    assert "upload-progress" not in page
    assert "data-upload-status-url" not in page


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (
            {"status": VendorUploadStatus.PENDING},
            {
                "status": "pending",
                "processed_rows": 0,
                "total_rows": 0,
                "done": False,
                "message": "Файл ждёт своей очереди.",
            },
        ),
        (
            {
                "status": VendorUploadStatus.PROCESSING,
                "total_rows": 2000,
                "processed_rows": 1000,
            },
            {
                "status": "processing",
                "processed_rows": 1000,
                "total_rows": 2000,
                "done": False,
                "message": "Проверено строк: 1000 из 2000",
            },
        ),
        (
            {
                "status": VendorUploadStatus.FAILED,
                "total_rows": 2000,
                "processed_rows": 2000,
            },
            {
                "status": "failed",
                "processed_rows": 2000,
                "total_rows": 2000,
                "done": True,
                "message": "",
            },
        ),
    ],
    ids=["waiting", "half", "failed"],
)
def test_an_uploads_status_is_given_as_json_to_its_vendor(
    client, seller, honey, state, expected
):
    # given
    upload = running_upload(seller, **state)
    client.force_login(seller.user)

    # when
    response = client.get(f"/ru/seller/bulk/uploads/{upload.pk}/status/")

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, no-store"
    assert response.json() == expected


def test_another_vendors_upload_status_is_not_found(client, seller, rival, honey):
    # given
    upload = running_upload(seller, status=VendorUploadStatus.PROCESSING)
    client.force_login(rival.user)

    # when
    response = client.get(f"/ru/seller/bulk/uploads/{upload.pk}/status/")

    # then
    assert response.status_code == 404


def test_running_the_task_twice_is_harmless(seller, honey):
    # given: an upload whose task is delivered twice
    upload = vendor_upload_create(
        vendor=seller.partner,
        user=seller.user,
        file=SimpleUploadedFile("catalogue.csv", csv_bytes([honey_row()])),
        language="ru",
    )
    payload = json.loads(json.dumps({"upload_id": upload.pk}))

    # when
    vendor_upload_process_task.apply(kwargs=payload).get()
    vendor_upload_process_task.apply(kwargs=payload).get()

    # then
    upload.refresh_from_db()
    assert upload.status == VendorUploadStatus.DONE
    assert upload.created_count == 1
    assert VendorProduct.objects.filter(partner=seller.partner).count() == 1


def test_an_upload_the_task_fails_on_is_marked_failed_in_its_language(
    seller, honey, monkeypatch
):
    # given: an upload from the Korean page, and a service that breaks
    upload = vendor_upload_create(
        vendor=seller.partner,
        user=seller.user,
        file=SimpleUploadedFile("catalogue.csv", csv_bytes([honey_row()])),
        language="ko",
    )

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("vendors.tasks.vendor_upload_process", broken)

    # when
    with pytest.raises(RuntimeError, match="database went away"):
        vendor_upload_process_task.apply(kwargs={"upload_id": upload.pk}).get()

    # then
    upload.refresh_from_db()
    assert upload.status == VendorUploadStatus.FAILED
    assert (
        "파일을 처리하지 못해 아무것도 바뀌지 않았습니다" in upload.errors[0]["message"]
    )
    assert not Product.objects.exists()


@pytest.mark.parametrize("count", [10, 200])
def test_the_queries_of_an_upload_do_not_grow_with_its_rows(
    seller, honey, django_assert_max_num_queries, count
):
    # given: a file of new products, then one changing every one of them
    rows = [honey_row(f"HONEY-{index}") for index in range(count)]
    changed = [honey_row(f"HONEY-{index}", price_RU="2490") for index in range(count)]
    first = vendor_upload_create(
        vendor=seller.partner,
        user=seller.user,
        file=SimpleUploadedFile("new.csv", csv_bytes(rows)),
        language="ru",
    )
    second = vendor_upload_create(
        vendor=seller.partner,
        user=seller.user,
        file=SimpleUploadedFile("changed.csv", csv_bytes(changed)),
        language="ru",
    )

    # when / then
    with django_assert_max_num_queries(25):
        vendor_upload_process(upload_id=first.pk)
    with django_assert_max_num_queries(25):
        vendor_upload_process(upload_id=second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.created_count, second.updated_count) == (count, count)


@TRANSACTIONAL
def test_an_upload_from_the_page_is_processed_by_a_worker_to_the_end(
    client, celery_worker_thread, region_data, make_seller
):
    # given: a vendor's user on the bulk page, and a file of 300 products
    ProductClass.objects.create(name="Товары")
    Category.add_root(name_ru="Мёд", name_ko="꿀", name_en="Honey", code="honey")
    member = make_seller("Медовая заимка")
    client.force_login(member.user)
    content = csv_bytes([honey_row(f"HONEY-{index}") for index in range(300)])

    # when: the file is uploaded, and its page followed until it is done
    response = client.post(
        "/ru/seller/bulk/", {"file": SimpleUploadedFile("catalogue.csv", content)}
    )
    status_url = response.url + "status/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if client.get(status_url).json()["done"]:
            break
        time.sleep(0.2)
    page = client.get(response.url).content.decode()

    # then
    upload = VendorUpload.objects.get()
    assert upload.status == VendorUploadStatus.DONE, upload.errors
    assert (upload.processed_rows, upload.total_rows) == (300, 300)
    assert upload.created_count == 300
    assert "Готово: все строки применены." in page
    assert (
        StockRecord.objects.filter(partner=member.partner, market="KR").count() == 300
    )


def test_a_row_setting_stock_below_the_units_sold_and_not_shipped_is_rejected(
    seller, honey
):
    # given: 5 of the vendor's honey jars in Russia are sold, not shipped yet
    upload_and_process(seller, csv_bytes([honey_row()]))
    product = Product.objects.get(vendor_product__partner=seller.partner)
    product.stockrecords.filter(market_id="RU").update(num_allocated=5)

    # when
    upload = upload_and_process(seller, csv_bytes([honey_row(stock_RU="4")]))

    # then
    assert upload.status == VendorUploadStatus.FAILED
    assert [(error["row"], error["column"]) for error in upload.errors] == [
        (2, "stock_RU")
    ]
    assert "5 единиц продано и ещё не отправлено" in upload.errors[0]["message"]
    assert offers_of(product)["RU"][2] == 12
