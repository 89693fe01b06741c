"""Row locks for vendors, always taken in primary-key order."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")


def vendor_qs_select_for_update() -> QuerySet:
    """Return vendors locked for update; call inside a transaction."""
    return Partner._default_manager.select_for_update().order_by("pk")
