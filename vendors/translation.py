"""Vendor content translated per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from vendors.models import Partner


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("description",)
