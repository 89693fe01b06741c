"""Background jobs of vendors."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from vendors.services import vendor_upload_fail, vendor_upload_process


@shared_task
def vendor_upload_process_task(upload_id: int) -> None:
    """Check and apply a catalogue file a vendor uploaded (all rows or none).

    The service leaves an upload already done or failed as it is, so a second
    delivery of this task is harmless. Whatever stops it half-way, nothing
    was written; the upload is marked failed and says so to the vendor.
    """
    try:
        vendor_upload_process(upload_id=upload_id)
    except SoftTimeLimitExceeded:
        vendor_upload_fail(upload_id=upload_id, reason="time_limit")
    except Exception:
        vendor_upload_fail(upload_id=upload_id, reason="error")
        raise
