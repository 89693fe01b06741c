"""Uploading a catalogue file: keep it, check every row, apply all or none."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from oscar.core.loading import get_model

from vendors.lock_objects import (
    vendor_qs_select_for_update,
    vendor_upload_qs_select_for_update,
)
from vendors.models import VendorUploadStatus
from vendors.services.bulk.files import (
    CatalogueFileError,
    catalogue_file_kind,
    table_read,
)
from vendors.services.bulk.match import rows_match
from vendors.services.bulk.rows import (
    Row,
    RowChecker,
    batched,
    catalogue_columns,
    catalogue_markets,
    header_check,
    language_codes,
)
from vendors.services.bulk.write import plan_write

ProductClass = get_model("catalogue", "ProductClass")
VendorUpload = get_model("partner", "VendorUpload")

FINISHED = (VendorUploadStatus.DONE, VendorUploadStatus.FAILED)

# Why an upload failed as a whole; translated when the upload's language is known.
FAILURE_MESSAGES = {
    "time_limit": gettext_noop(
        "The file took too long to process and nothing was changed. "
        "Split it into smaller files and upload them one by one."
    ),
    "error": gettext_noop(
        "The file could not be processed and nothing was changed. "
        "Upload it again; if this happens again, write to support."
    ),
}


def vendor_upload_create(
    *, vendor, user, file: UploadedFile, language: str
) -> "VendorUpload":
    """Keep a catalogue file in private storage and queue its processing.

    The file must be a CSV (UTF-8) or XLSX file, judged by its content, of at
    most MARKETPLACE_VENDOR_UPLOAD_MAX_BYTES; raises VendorUploadFileError
    otherwise. The rows are checked and applied by a worker once the upload
    is committed; `language` is the one its report is written in.
    """
    # Imported here: the task module imports the services.
    from vendors.tasks import vendor_upload_process_task

    catalogue_file_kind(file)
    if language not in language_codes():
        language = settings.LANGUAGE_CODE
    with transaction.atomic():
        upload = VendorUpload._default_manager.create(
            partner=vendor,
            uploaded_by=user,
            file=file,
            original_name=file.name[-255:],
            language=language,
        )
        vendor_upload_process_task.delay_on_commit(upload.pk)
    return upload


def vendor_upload_process(*, upload_id: int) -> "VendorUpload":
    """Check every row of an upload, then apply all of them, or none.

    Rows are read and checked in batches outside any transaction, and
    `processed_rows` is saved after each batch, so the upload's page shows
    the progress. Then, with the vendor locked (one upload of a vendor at a
    time), the rows are matched to the vendor's products and, if no row is
    rejected, written in one transaction together with the upload's counts.
    An upload already done or failed is left as it is, so running this
    twice is harmless.
    """
    upload = _upload_start(upload_id)
    if upload.status in FINISHED:
        return upload
    with translation.override(upload.language):
        try:
            rows, errors = _rows_check(upload)
        except CatalogueFileError as exc:
            return _upload_finish(upload_id, errors=exc.errors)
        return _rows_apply(upload_id, rows, errors)


def vendor_upload_fail(*, upload_id: int, reason: str) -> None:
    """Mark an upload failed, unless it is finished: nothing of it was written.

    `reason` is "time_limit" or "error"; the vendor reads why in the upload's
    language.
    """
    with transaction.atomic():
        upload = vendor_upload_qs_select_for_update().get(pk=upload_id)
        if upload.status in FINISHED:
            return
        with translation.override(upload.language):
            message = _(FAILURE_MESSAGES[reason])
        upload.status = VendorUploadStatus.FAILED
        upload.errors = [{"row": None, "column": "", "message": message}]
        upload.finished_at = timezone.now()
        upload.save(update_fields=["status", "errors", "finished_at", "updated_at"])


def _upload_start(upload_id: int) -> "VendorUpload":
    with transaction.atomic():
        upload = vendor_upload_qs_select_for_update().get(pk=upload_id)
        if upload.status in FINISHED:
            return upload
        # A run after a worker died starts over: its writes were rolled back.
        upload.status = VendorUploadStatus.PROCESSING
        upload.processed_rows = 0
        upload.save(update_fields=["status", "processed_rows", "updated_at"])
    return upload


def _upload_finish(
    upload_id: int,
    *,
    errors: list[dict],
    created: int = 0,
    updated: int = 0,
    total: int | None = None,
) -> "VendorUpload":
    """Save the outcome of an upload; inside the writing transaction if any."""
    with transaction.atomic():
        upload = vendor_upload_qs_select_for_update().get(pk=upload_id)
        upload.status = VendorUploadStatus.FAILED if errors else VendorUploadStatus.DONE
        # By row; a row's reasons stay in the order of its columns.
        upload.errors = sorted(errors, key=lambda error: error["row"] or 0)
        upload.created_count = created
        upload.updated_count = updated
        if total is not None:
            upload.processed_rows = total
        upload.finished_at = timezone.now()
        upload.save(
            update_fields=[
                "status",
                "errors",
                "created_count",
                "updated_count",
                "processed_rows",
                "finished_at",
                "updated_at",
            ]
        )
    return upload


def _rows_check(upload) -> tuple[list[Row], list[dict]]:
    """Read the upload's file and check each row's cells, saving the progress."""
    with upload.file.open("rb") as stored:
        data = stored.read()
    markets = catalogue_markets()
    columns = catalogue_columns(markets)
    header, records = table_read(data)
    positions = header_check(header, columns)
    limit = settings.MARKETPLACE_VENDOR_UPLOAD_MAX_ROWS
    if not records:
        raise CatalogueFileError(_("The file has no rows under its header."))
    if len(records) > limit:
        raise CatalogueFileError(
            ngettext(
                "The file has more than %(limit)d row; split it into smaller files.",
                "The file has more than %(limit)d rows; split it into smaller files.",
                limit,
            )
            % {"limit": limit}
        )
    VendorUpload._default_manager.filter(pk=upload.pk).update(
        total_rows=len(records), updated_at=timezone.now()
    )
    checker = RowChecker(positions, markets)
    rows: list[Row] = []
    errors: list[dict] = []
    done = 0
    for batch in batched(records):
        for number, values in batch:
            row, row_errors = checker.check(number, values)
            errors += row_errors
            if row is not None:
                rows.append(row)
        done += len(batch)
        VendorUpload._default_manager.filter(pk=upload.pk).update(
            processed_rows=done, updated_at=timezone.now()
        )
    return rows, errors


def _rows_apply(upload_id: int, rows: list[Row], errors: list[dict]) -> "VendorUpload":
    """Match the rows and, if none is rejected, write them; one transaction."""
    vendor_id = VendorUpload._default_manager.values_list("partner_id", flat=True)
    with transaction.atomic():
        vendor = vendor_qs_select_for_update().get(pk=vendor_id.get(pk=upload_id))
        locked = vendor_upload_qs_select_for_update().get(pk=upload_id)
        if locked.status in FINISHED:
            return locked
        markets = {market.code: market for market in catalogue_markets()}
        plan, match_errors = rows_match(rows, vendor=vendor, markets=markets)
        errors = errors + match_errors
        # New products are of the first kind, as the product form's default.
        kind = ProductClass._default_manager.order_by("name").first()
        if plan.new and kind is None:
            errors.append(
                {
                    "row": None,
                    "column": "",
                    "message": _(
                        "The marketplace has no kind of product yet, so no product "
                        "can be created; write to support."
                    ),
                }
            )
        if not errors:
            # The base columns (title, slug, description) take the default
            # language's text, whatever the language of the vendor's page.
            with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
                plan_write(plan, vendor=vendor, markets=markets, kind=kind)
        return _upload_finish(
            upload_id,
            errors=errors,
            created=0 if errors else len(plan.new),
            updated=0 if errors else plan.updated,
            total=locked.total_rows,
        )
