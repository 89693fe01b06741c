"""Catalogue text translated per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from catalog.models import Category, Product


@register(Product)
class ProductTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "description")


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")
