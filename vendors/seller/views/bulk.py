"""The vendor's catalogue in one file: download it, upload it, follow an upload."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import localize
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from oscar.core.loading import get_model

from vendors.exceptions import VendorError
from vendors.models import VendorUploadStatus
from vendors.selectors import (
    seller_category_code_list,
    vendor_upload_get,
    vendor_upload_list,
)
from vendors.seller.forms import CatalogueUploadForm
from vendors.seller.mixins import SellerMixin
from vendors.services import (
    vendor_catalogue_export,
    vendor_catalogue_template,
    vendor_upload_create,
)
from vendors.services.bulk.files import CONTENT_TYPES

Market = get_model("catalogue", "Market")
VendorUpload = get_model("partner", "VendorUpload")

UPLOADS_SHOWN = 20
REJECTED_PER_PAGE = 100
RUNNING = (VendorUploadStatus.PENDING, VendorUploadStatus.PROCESSING)


def upload_progress_text(upload: "VendorUpload") -> str:
    """How far the worker is with a running upload, in the active language."""
    if not upload.total_rows:
        return gettext("The file is waiting to be read.")
    if upload.processed_rows >= upload.total_rows:
        return gettext("Every row is checked; the changes are being saved.")
    return gettext("%(done)s of %(total)s rows checked") % {
        "done": localize(upload.processed_rows),
        "total": localize(upload.total_rows),
    }


class SellerBulkView(SellerMixin, FormView):
    """Downloads of the catalogue and the template, the upload form, past uploads."""

    template_name = "vendors/seller/bulk.html"
    form_class = CatalogueUploadForm
    section = "bulk"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Bulk upload")
        context["uploads"] = vendor_upload_list(vendor=self.vendor)[:UPLOADS_SHOWN]
        context["markets"] = Market._default_manager.order_by("display_order", "code")
        context["categories"] = seller_category_code_list()
        return context

    def form_valid(self, form: CatalogueUploadForm) -> HttpResponse:
        try:
            upload = vendor_upload_create(
                vendor=self.vendor,
                user=self.request.user,
                file=form.cleaned_data["file"],
                language=self.request.LANGUAGE_CODE,
            )
        except VendorError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(name)s” is uploaded; its rows are being checked.")
            % {"name": upload.original_name},
        )
        return redirect("vendors:seller-upload-detail", pk=upload.pk)


class SellerUploadDetailView(SellerMixin, TemplateView):
    """One upload: its progress while it runs, then its counts or rejected rows.

    While it runs, a script (vendors/js/upload-progress.js) follows it through
    SellerUploadStatusView and reloads the page once it is finished; without
    script, the page's "Update" link does the same.
    """

    template_name = "vendors/seller/upload_detail.html"
    section = "bulk"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            upload = vendor_upload_get(vendor=self.vendor, pk=self.kwargs["pk"])
        except VendorUpload.DoesNotExist as exc:
            raise Http404 from exc
        done = upload.status == VendorUploadStatus.DONE
        running = upload.status in RUNNING
        context.update(
            page_title=upload.original_name,
            upload=upload,
            running=running,
            progress_text=upload_progress_text(upload) if running else "",
            unchanged=upload.total_rows - upload.created_count - upload.updated_count
            if done
            else 0,
            # Rows of goods, not the header nor the file as a whole.
            rejected_count=len(
                {error["row"] for error in upload.errors if (error["row"] or 0) > 1}
            ),
            rejected=Paginator(upload.errors, REJECTED_PER_PAGE).get_page(
                self.request.GET.get("page")
            ),
        )
        return context


class SellerUploadStatusView(SellerMixin, View):
    """An upload's progress as JSON, for the script that follows its page.

    `done` is true once the upload is done or failed: then the page reloads
    and shows its report. `message` is the progress in the page's language.
    """

    def get(self, request, pk: int) -> JsonResponse:
        try:
            upload = vendor_upload_get(vendor=self.vendor, pk=pk)
        except VendorUpload.DoesNotExist as exc:
            raise Http404 from exc
        running = upload.status in RUNNING
        response = JsonResponse(
            {
                "status": upload.status,
                "processed_rows": upload.processed_rows,
                "total_rows": upload.total_rows,
                "done": not running,
                "message": upload_progress_text(upload) if running else "",
            }
        )
        response["Cache-Control"] = "private, no-store"
        return response


class SellerCatalogueDownloadView(SellerMixin, View):
    """The vendor's catalogue, or an empty template, as CSV or XLSX."""

    kind = "catalogue"  # or "template"
    file_format = "csv"  # or "xlsx"

    def get(self, request) -> HttpResponse:
        if self.kind == "template":
            content = vendor_catalogue_template(
                file_format=self.file_format, language=request.LANGUAGE_CODE
            )
            name = f"template.{self.file_format}"
        else:
            content = vendor_catalogue_export(
                vendor=self.vendor,
                file_format=self.file_format,
                language=request.LANGUAGE_CODE,
            )
            name = f"catalogue-{timezone.localdate():%Y-%m-%d}.{self.file_format}"
        response = HttpResponse(content, content_type=CONTENT_TYPES[self.file_format])
        response["Content-Disposition"] = content_disposition_header(True, name)
        response["Cache-Control"] = "private, no-store"
        return response
