"""Data migrations of vendors, run on rows made with today's models."""

import importlib

from django.apps import apps
from oscar.core.loading import get_model
from oscar.test.factories import create_product

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
VendorProduct = get_model("partner", "VendorProduct")

sku_migration = importlib.import_module(
    "vendors.migrations.0020_vendor_product_sku_from_offers"
)


def unfilled(vendor_name: str, **product) -> "VendorProduct":
    """A product of the vendor as 0019 leaves it: without a SKU."""
    vendor, _created = Partner.objects.get_or_create(name=vendor_name)
    return VendorProduct.objects.create(
        product=create_product(**product), partner=vendor, sku=""
    )


def test_each_vendors_product_gets_its_sku_from_its_offers_else_its_barcode(db):
    # given: a product offered under HONEY; one whose older offer is another
    # vendor's; one offered nowhere with a barcode; one without either; one
    # whose offer's SKU another product of its vendor has already
    offered = unfilled(
        "Пасека", title="Мёд", partner_name="Пасека", partner_sku="HONEY"
    )
    shared = unfilled(
        "Чайная", title="Чай", partner_name="Перекупщик", partner_sku="RESOLD-1"
    )
    StockRecord.objects.create(
        product=shared.product,
        partner=shared.partner,
        market_id="KR",
        partner_sku="TEA-1",
        price_currency="KRW",
        price=9000,
    )
    barcode = unfilled("Самовары", title="Самовар", upc="4600000000017")
    bare = unfilled("Платки", title="Платок")
    taken = unfilled("Пряники", title="Пряник", partner_name="Пряники", partner_sku="T")
    VendorProduct.objects.create(
        product=create_product(title="Тульский"), partner=taken.partner, sku="T"
    )

    # when: run twice, as a re-run after a failure would
    sku_migration.fill_skus(apps, None)
    sku_migration.fill_skus(apps, None)

    # then
    def sku(row) -> str:
        return VendorProduct.objects.get(pk=row.pk).sku

    assert sku(offered) == "HONEY"
    assert sku(shared) == "TEA-1"
    assert sku(barcode) == "4600000000017"
    assert sku(bare) == f"P{bare.product_id}"
    assert sku(taken) == f"P{taken.product_id}"
