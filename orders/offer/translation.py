"""Offer and range texts that shoppers read, translated per language
(django-modeltranslation): offer pages, basket upsell messages."""

from modeltranslation.translator import TranslationOptions, register

from orders.offer.models import ConditionalOffer, Range


@register(ConditionalOffer)
class ConditionalOfferTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Range)
class RangeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
