"""Tracking writes: store what carriers report, poll parcels in transit, and
keep carriers' pickup points up to date."""

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from oscar.core.loading import get_model

from logistics.models import TrackingStatus
from logistics.tracking.base import CarrierError, PickupPointRow, TrackingUpdate
from logistics.tracking.lock_objects import shipment_qs_select_for_update
from logistics.tracking.registry import ADAPTERS, adapter_get
from orders.lock_objects import (
    order_part_qs_select_for_update,
    order_qs_select_for_update,
)
from orders.models import OrderPartStatus
from orders.services import order_part_transition

logger = logging.getLogger(__name__)

Country = get_model("address", "Country")
Carrier = get_model("shipping", "Carrier")
PickupPoint = get_model("shipping", "PickupPoint")
Shipment = get_model("shipping", "Shipment")
TrackingEvent = get_model("shipping", "TrackingEvent")

# A parcel in one of these has arrived where it stays; it is not polled again.
FINAL_STATUSES = (TrackingStatus.DELIVERED, TrackingStatus.RETURNED)


def tracking_updates_record(
    *, shipment_id: int, updates: Sequence[TrackingUpdate]
) -> int:
    """Store the carrier's updates of a parcel once; return how many were new.

    An update already stored (same time and carrier code) is ignored, so
    repeated and overlapping reports are harmless. The parcel's status
    follows its newest event by the time it happened, not by arrival. When
    every parcel of a shipped part is delivered, the part becomes delivered
    (orders.services.order_part_transition, which tells the shopper). Locks
    the order, the part, then the shipment; one transaction.
    """
    with transaction.atomic():
        part_id, order_id = Shipment._default_manager.values_list(
            "part_id", "part__order_id"
        ).get(pk=shipment_id)
        order_qs_select_for_update().get(pk=order_id)
        part = order_part_qs_select_for_update().get(pk=part_id)
        shipment = shipment_qs_select_for_update().get(pk=shipment_id)
        events = TrackingEvent._default_manager.filter(shipment=shipment)
        before = events.count()
        TrackingEvent._default_manager.bulk_create(
            [
                TrackingEvent(
                    shipment=shipment,
                    occurred_at=update.occurred_at,
                    status=update.status,
                    carrier_code=update.carrier_code[:64],
                    description=update.description[:255],
                    location=update.location[:255],
                )
                for update in updates
            ],
            ignore_conflicts=True,
        )
        # Rows already stored are skipped, and Django gives them no pk then.
        stored = events.count() - before
        newest = (
            events.order_by("-occurred_at", "-pk")
            .values("status", "occurred_at")
            .first()
        )
        if newest and (shipment.status, shipment.status_at) != (
            newest["status"],
            newest["occurred_at"],
        ):
            shipment.status = newest["status"]
            shipment.status_at = newest["occurred_at"]
            shipment.save(update_fields=["status", "status_at", "updated_at"])
        if (
            shipment.status == TrackingStatus.DELIVERED
            and part.status == OrderPartStatus.SHIPPED
            and not Shipment._default_manager.filter(part_id=part_id)
            .exclude(status=TrackingStatus.DELIVERED)
            .exists()
        ):
            order_part_transition(
                part_id=part_id,
                to_status=OrderPartStatus.DELIVERED,
                note=f"{shipment.carrier.name}: {shipment.tracking_number}",
            )
    return stored


@dataclass
class PushResult:
    stored: int = 0
    unknown: list[str] = field(default_factory=list)


def tracking_push_record(
    *, carrier_code: str, pushed: Sequence[tuple[str, TrackingUpdate]]
) -> PushResult:
    """Store pushed updates on the carrier's parcels with those numbers.

    Numbers of no parcel here are logged and skipped: the carrier may report
    every parcel of an account, and would retry a refusal forever.
    """
    by_number: dict[str, list[TrackingUpdate]] = defaultdict(list)
    for number, update in pushed:
        by_number[number].append(update)
    shipments = dict(
        Shipment._default_manager.filter(
            carrier__code=carrier_code, tracking_number__in=list(by_number)
        ).values_list("tracking_number", "pk")
    )
    result = PushResult()
    for number, updates in sorted(by_number.items()):
        if number not in shipments:
            logger.info("%s pushed an unknown number %s", carrier_code, number)
            result.unknown.append(number)
            continue
        result.stored += tracking_updates_record(
            shipment_id=shipments[number], updates=updates
        )
    return result


def _backoff(failures: int) -> timedelta:
    interval = settings.MARKETPLACE_TRACKING_POLL_INTERVAL
    wait = min(
        interval * 2 ** min(failures, 16),
        settings.MARKETPLACE_TRACKING_POLL_BACKOFF_MAX,
    )
    return timedelta(seconds=wait)


def shipments_due_claim(
    *, carrier_code: str, now: datetime
) -> list[tuple[int, str, bool]]:
    """Claim the carrier's parcels due for a poll; return (id, number, first).

    At most MARKETPLACE_TRACKING_POLL_LIMIT, the longest waiting first;
    parcels another worker holds are skipped, and the claimed ones are set
    to wait one interval, so a second run does not take them again. `first`
    is true for a parcel never polled. One short transaction.
    """
    with transaction.atomic():
        due = list(
            Shipment._default_manager.filter(carrier__code=carrier_code)
            .exclude(status__in=FINAL_STATUSES)
            .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
            .order_by(F("next_poll_at").asc(nulls_first=True), "pk")
            .select_for_update(of=("self",), skip_locked=True)
            .values_list("pk", "tracking_number", "next_poll_at")[
                : settings.MARKETPLACE_TRACKING_POLL_LIMIT
            ]
        )
        Shipment._default_manager.filter(pk__in=[row[0] for row in due]).update(
            next_poll_at=now + _backoff(0)
        )
    return [(pk, number, next_poll_at is None) for pk, number, next_poll_at in due]


@dataclass
class PollResult:
    polled: int = 0
    failed: int = 0
    stored: int = 0


def shipments_poll(*, carrier_code: str) -> PollResult:
    """Ask the carrier about its due parcels and store what it reports.

    A parcel the carrier fails on waits twice as long after each failure in
    a row (up to MARKETPLACE_TRACKING_POLL_BACKOFF_MAX); one it answers waits
    MARKETPLACE_TRACKING_POLL_INTERVAL again. The carrier is asked outside
    any transaction.
    """
    adapter = adapter_get(carrier_code)
    result = PollResult()
    if adapter is None:
        return result
    now = timezone.now()
    for shipment_id, number, first in shipments_due_claim(
        carrier_code=carrier_code, now=now
    ):
        result.polled += 1
        try:
            if first:
                adapter.track_start(tracking_number=number)
            updates = adapter.events_fetch(tracking_number=number)
        except CarrierError as exc:
            result.failed += 1
            shipment_poll_failed(shipment_id=shipment_id, reason=str(exc))
            continue
        result.stored += tracking_updates_record(
            shipment_id=shipment_id, updates=updates
        )
        Shipment._default_manager.filter(pk=shipment_id).update(poll_failures=0)
    return result


def shipment_poll_failed(*, shipment_id: int, reason: str) -> None:
    """Count a failed poll of the parcel and put its next poll off, doubling."""
    with transaction.atomic():
        shipment = shipment_qs_select_for_update().get(pk=shipment_id)
        failures = min(shipment.poll_failures + 1, 32767)
        shipment.poll_failures = failures
        shipment.next_poll_at = timezone.now() + _backoff(failures)
        shipment.save(update_fields=["poll_failures", "next_poll_at", "updated_at"])
    logger.warning(
        "Tracking %s failed %s times: %s", shipment.tracking_number, failures, reason
    )


def pollable_carrier_codes() -> list[str]:
    """Return the codes of the active carriers an adapter speaks for."""
    return list(
        Carrier._default_manager.filter(is_active=True, code__in=list(ADAPTERS))
        .order_by("code")
        .values_list("code", flat=True)
    )


@dataclass
class RefreshResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0


PICKUP_POINT_FIELDS = ("city", "name", "address", "postcode", "opening_hours")


def pickup_points_refresh(*, carrier_code: str) -> RefreshResult:
    """Bring the carrier's pickup points in line with its public list.

    Points are matched by code: new ones are added, changed ones updated,
    and those gone from the list deactivated (deliveries keep pointing at
    them). Only countries the platform ships to are asked. The list is
    fetched first; the writes are one transaction. Raises CarrierError.
    """
    adapter = adapter_get(carrier_code)
    if adapter is None or not adapter.publishes_pickup_points:
        return RefreshResult()
    countries = list(
        Country._default_manager.filter(is_shipping_country=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows: dict[str, PickupPointRow] = {
        row.code: row
        for row in adapter.pickup_points_fetch(countries=countries)
        if row.country in countries
    }
    result = RefreshResult()
    with transaction.atomic():
        carrier = Carrier._default_manager.select_for_update().get(code=carrier_code)
        existing = {
            point.code: point
            for point in PickupPoint._default_manager.filter(carrier=carrier)
        }
        new, changed = [], []
        for code, row in rows.items():
            values = {name: getattr(row, name)[:255] for name in PICKUP_POINT_FIELDS}
            values["postcode"] = values["postcode"][:16]
            point = existing.get(code)
            if point is None:
                new.append(
                    PickupPoint(
                        carrier=carrier, code=code, country_id=row.country, **values
                    )
                )
                continue
            wanted = {**values, "country_id": row.country, "is_active": True}
            if any(getattr(point, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(point, name, value)
                point.updated_at = timezone.now()
                changed.append(point)
        PickupPoint._default_manager.bulk_create(new)
        PickupPoint._default_manager.bulk_update(
            changed, [*PICKUP_POINT_FIELDS, "country_id", "is_active", "updated_at"]
        )
        result.created, result.updated = len(new), len(changed)
        result.deactivated = (
            PickupPoint._default_manager.filter(carrier=carrier, is_active=True)
            .exclude(code__in=list(rows))
            .update(is_active=False, updated_at=timezone.now())
        )
    return result


def pickup_point_carrier_codes() -> list[str]:
    """Return the codes of the active carriers that publish pickup points."""
    return [
        code
        for code in pollable_carrier_codes()
        if adapter_get(code).publishes_pickup_points  # type: ignore[union-attr]
    ]
