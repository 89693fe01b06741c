from django.contrib import admin
from oscar.apps.shipping.admin import *

from logistics.models import (
    Carrier,
    Delivery,
    PickupPoint,
    Shipment,
    ShippingMethod,
    ShippingRate,
    TrackingEvent,
)


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "tracking_number_example", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


class ShippingRateInline(admin.TabularInline):
    model = ShippingRate
    extra = 0


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = ("partner", "market", "carrier", "service", "kind", "is_active")
    list_filter = ("market", "carrier", "kind", "is_active")
    search_fields = ("partner__name", "service")
    list_select_related = ("partner", "market", "carrier")
    filter_horizontal = ("countries",)
    inlines = (ShippingRateInline,)


@admin.register(PickupPoint)
class PickupPointAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "address", "carrier", "is_active")
    list_filter = ("carrier", "country", "is_active")
    search_fields = ("name", "city", "address", "code")
    list_select_related = ("carrier",)


class TrackingEventInline(admin.TabularInline):
    model = TrackingEvent
    extra = 0
    fields = ("occurred_at", "status", "carrier_code", "description", "location")
    readonly_fields = fields
    can_delete = False


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = ("tracking_number", "carrier", "part", "status", "created_at")
    list_filter = ("carrier", "status")
    search_fields = ("tracking_number", "part__order__number")
    list_select_related = ("carrier", "part__order", "part__vendor")
    raw_id_fields = ("part",)
    inlines = (TrackingEventInline,)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("part", "carrier", "service", "kind", "earliest", "latest")
    list_select_related = ("part__order", "part__vendor", "carrier")
    raw_id_fields = ("part", "method", "pickup_point")
    search_fields = ("part__order__number",)
