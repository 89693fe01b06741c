"""Keep the cached reference data (markets, VAT rates) true."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from catalog.selectors import reference_data_cache_clear

Market = get_model("catalogue", "Market")
CategoryVatRate = get_model("catalogue", "CategoryVatRate")
Category = get_model("catalogue", "Category")


@receiver(post_save, sender=Market)
@receiver(post_delete, sender=Market)
@receiver(post_save, sender=CategoryVatRate)
@receiver(post_delete, sender=CategoryVatRate)
# Rates are keyed by category path, which moving a category changes.
@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def drop_reference_data(**kwargs) -> None:
    reference_data_cache_clear()
