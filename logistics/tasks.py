"""Background jobs of shipping: ask carriers about parcels in transit, and
refresh their pickup points."""

import logging

from celery import shared_task

from logistics.tracking.base import CarrierError
from logistics.tracking.services import (
    pickup_point_carrier_codes,
    pickup_points_refresh,
    pollable_carrier_codes,
    shipments_poll,
)

logger = logging.getLogger(__name__)


@shared_task
def shipments_poll_task() -> None:
    """Poll the due parcels of every carrier with an adapter, one task each.

    Run by beat every few minutes; each carrier's task takes at most
    MARKETPLACE_TRACKING_POLL_LIMIT parcels, so a slow carrier holds up no
    other and is never asked more than that per run.
    """
    for code in pollable_carrier_codes():
        carrier_shipments_poll_task.delay(carrier_code=code)


@shared_task
def carrier_shipments_poll_task(*, carrier_code: str) -> None:
    """Ask one carrier about its parcels due for a poll and store the answers.

    Two runs at once share the work (parcels are claimed, locked ones skipped).
    """
    result = shipments_poll(carrier_code=carrier_code)
    logger.info(
        "Polled %s: %s parcels, %s failed, %s new events",
        carrier_code,
        result.polled,
        result.failed,
        result.stored,
    )


@shared_task
def pickup_points_refresh_task() -> None:
    """Refresh the pickup points of every carrier that publishes a list.

    A carrier that fails keeps its current points until the next day's run.
    """
    for code in pickup_point_carrier_codes():
        try:
            result = pickup_points_refresh(carrier_code=code)
        except CarrierError:
            logger.exception("Pickup points of %s not refreshed", code)
            continue
        logger.info(
            "Pickup points of %s: %s new, %s changed, %s gone",
            code,
            result.created,
            result.updated,
            result.deactivated,
        )
