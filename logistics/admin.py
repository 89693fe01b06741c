from django.contrib import admin
from oscar.apps.shipping.admin import *

from logistics.models import Carrier, Shipment


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "tracking_number_example", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = ("tracking_number", "carrier", "part", "created_at")
    list_filter = ("carrier",)
    search_fields = ("tracking_number", "part__order__number")
    list_select_related = ("carrier", "part__order", "part__vendor")
    raw_id_fields = ("part",)
