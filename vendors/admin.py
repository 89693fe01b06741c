from django.contrib import admin
from oscar.apps.partner.admin import *
from oscar.apps.partner.admin import StockRecordAdmin as OscarStockRecordAdmin
from oscar.core.loading import get_model

StockRecord = get_model("partner", "StockRecord")


class StockRecordAdmin(OscarStockRecordAdmin):
    """Oscar's stock record admin, showing and filtering by market."""

    list_display = (
        "product",
        "partner",
        "market",
        "partner_sku",
        "price",
        "price_currency",
        "num_in_stock",
    )
    list_filter = ("market", "partner")


admin.site.unregister(StockRecord)
admin.site.register(StockRecord, StockRecordAdmin)
