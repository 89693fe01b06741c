"""Catalogue text translated per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from catalog.models import Category, Market, Product


@register(Product)
class ProductTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "description")


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")


@register(Market)
class MarketTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "legal_name",
        "representative",
        "legal_address",
        "hosting_provider",
        "privacy_officer",
    )
