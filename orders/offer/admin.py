from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from oscar.apps.offer.admin import *

from .models import ConditionalOffer


class ConditionalOfferAdminForm(forms.ModelForm):
    class Meta:
        model = ConditionalOffer
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose them)

    def clean(self):
        cleaned_data = super().clean()
        ConditionalOffer.clean_markets(
            markets=cleaned_data.get("markets") or [],
            condition=cleaned_data.get("condition"),
            benefit=cleaned_data.get("benefit"),
            max_discount=cleaned_data.get("max_discount", self.instance.max_discount),
            funded_by=cleaned_data.get("funded_by"),
        )
        return cleaned_data


admin.site.unregister(ConditionalOffer)


@admin.register(ConditionalOffer)
class MarketConditionalOfferAdmin(TranslationAdmin, ConditionalOfferAdmin):  # noqa: F405
    form = ConditionalOfferAdminForm
    list_display = (*ConditionalOfferAdmin.list_display, "funded_by")  # noqa: F405
    list_filter = ("offer_type", "markets")
    filter_horizontal = ("markets",)
    fieldsets = (
        *ConditionalOfferAdmin.fieldsets[:1],  # noqa: F405
        (_("Where and who pays"), {"fields": ("markets", "funded_by")}),
        *ConditionalOfferAdmin.fieldsets[1:],  # noqa: F405
    )


admin.site.unregister(Range)  # noqa: F405


@admin.register(Range)  # noqa: F405
class TranslatedRangeAdmin(TranslationAdmin):
    pass
