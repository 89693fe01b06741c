"""Which adapter speaks for which carrier (Carrier.code)."""

from django.conf import settings

from logistics.tracking.base import CarrierAdapter
from logistics.tracking.cdek import CdekAdapter
from logistics.tracking.cj_logistics import CjLogisticsAdapter
from logistics.tracking.dhl import DhlAdapter
from logistics.tracking.russian_post import RussianPostAdapter

ADAPTERS: dict[str, type[CarrierAdapter]] = {
    adapter.code: adapter
    for adapter in (CdekAdapter, RussianPostAdapter, CjLogisticsAdapter, DhlAdapter)
}


def adapter_get(code: str) -> CarrierAdapter | None:
    """Return a configured adapter of the carrier, or None when it has none."""
    adapter = ADAPTERS.get(code)
    if adapter is None:
        return None
    return adapter(settings.MARKETPLACE_CARRIERS.get(code, {}))
