"""Country names in every site language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from logistics.address.models import Country


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("printable_name",)
