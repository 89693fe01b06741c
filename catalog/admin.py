from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from oscar.apps.catalogue.admin import *
from oscar.core.loading import get_model

Market = get_model("catalogue", "Market")
CategoryVatRate = get_model("catalogue", "CategoryVatRate")


class CategoryVatRateInline(admin.TabularInline):
    model = CategoryVatRate
    extra = 0
    autocomplete_fields = ("category",)


@admin.register(Market)
class MarketAdmin(TranslationAdmin):
    list_display = (
        "code",
        "name",
        "currency",
        "default_language",
        "vat_rate",
        "is_active",
    )
    list_editable = ("is_active",)
    filter_horizontal = ("shipping_countries",)
    inlines = (CategoryVatRateInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "name",
                    "currency",
                    "languages",
                    "default_language",
                    "vat_rate",
                    "shipping_countries",
                    "display_order",
                    "is_active",
                )
            },
        ),
        (
            _("Operator's legal details"),
            {
                "description": _(
                    "Shown in the site footer of this market, as its law requires."
                ),
                "fields": (
                    "legal_name",
                    "representative",
                    "legal_address",
                    "phone",
                    "email",
                    "registration_number",
                    "vat_number",
                    "mail_order_number",
                    "hosting_provider",
                    "privacy_officer",
                ),
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        # The code is the key stock records and baskets point at.
        return ("code",) if obj else ()
