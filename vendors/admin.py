from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from oscar.apps.partner.admin import *
from oscar.apps.partner.admin import StockRecordAdmin as OscarStockRecordAdmin
from oscar.core.loading import get_model

from vendors.exceptions import VendorError
from vendors.forms import VendorDecisionForm
from vendors.models import VendorStatus
from vendors.services import STAFF_TRANSITIONS, VENDOR_TRANSITIONS, vendor_transition

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
VendorMember = get_model("partner", "VendorMember")
VendorDocument = get_model("partner", "VendorDocument")
VendorEvent = get_model("partner", "VendorEvent")

DECISION_LABELS = {
    VendorStatus.APPROVED: _("Approve"),
    VendorStatus.REJECTED: _("Reject"),
    VendorStatus.MORE_INFO: _("Ask for more information"),
    VendorStatus.SUSPENDED: _("Suspend"),
}


def decision_choices(vendor: "Partner") -> list[tuple[str, str]]:
    """The decisions staff may take on the vendor now, as form choices."""
    choices = []
    for status in VendorStatus:
        if status in VENDOR_TRANSITIONS[vendor.status] and status in STAFF_TRANSITIONS:
            label = DECISION_LABELS[status]
            if vendor.status == VendorStatus.SUSPENDED:
                label = _("Lift the suspension")
            choices.append((status.value, label))
    return choices


class VendorMemberInline(admin.TabularInline):
    model = VendorMember
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)


class VendorDocumentInline(admin.TabularInline):
    model = VendorDocument
    extra = 0
    can_delete = False
    fields = ("kind", "document_link", "content_type", "size", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("File"))
    def document_link(self, document: "VendorDocument") -> str:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("vendors:document-download", kwargs={"pk": document.pk}),
            document.original_name,
        )


class VendorEventInline(admin.TabularInline):
    """The audit trail: read only, here and in the database."""

    model = VendorEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "actor", "from_status", "to_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class VendorAdmin(TranslationAdmin):
    """The review queue: applications by state and country, oldest first."""

    list_display = ("name", "legal_name", "country", "status", "submitted_at")
    list_filter = ("status", "country")
    search_fields = ("name", "legal_name", "tax_number", "registration_number")
    readonly_fields = ("status", "submitted_at", "code", "created_at", "updated_at")
    inlines = (VendorMemberInline, VendorDocumentInline, VendorEventInline)
    change_form_template = "admin/partner/partner/change_form.html"
    fieldsets = (
        (None, {"fields": ("status", "submitted_at", "language")}),
        (
            _("Company"),
            {
                "fields": (
                    "legal_name",
                    "legal_form",
                    "country",
                    "tax_number",
                    "registration_number",
                    "mail_order_number",
                    "legal_address",
                    "representative",
                    "contact_name",
                    "contact_email",
                    "phone",
                )
            },
        ),
        (
            _("Payouts"),
            {
                "fields": (
                    "payout_account_holder",
                    "payout_bank_name",
                    "payout_bank_code",
                    "payout_account",
                )
            },
        ),
        (_("Store"), {"fields": ("name", "slug", "code", "logo", "description")}),
        (None, {"fields": ("created_at", "updated_at")}),
    )

    def get_ordering(self, request):
        return (F("submitted_at").asc(nulls_last=True), "pk")

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="partner_partner_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk: int):
        """Approve, reject, ask for more, suspend or reinstate, with a note."""
        vendor = get_object_or_404(Partner._default_manager, pk=pk)
        if not self.has_change_permission(request, vendor):
            raise PermissionDenied
        form = VendorDecisionForm(
            request.POST or None, choices=decision_choices(vendor)
        )
        if request.method == "POST" and form.is_valid():
            try:
                vendor_transition(
                    vendor=vendor,
                    to_status=form.cleaned_data["to_status"],
                    actor=request.user,
                    note=form.cleaned_data["note"],
                )
            except VendorError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Decision recorded; the vendor is told."))
                return redirect("admin:partner_partner_change", vendor.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": vendor,
            "form": form,
            "title": _("Decide on %(vendor)s") % {"vendor": vendor},
        }
        return TemplateResponse(request, "admin/partner/partner/decide.html", context)


class StockRecordAdmin(OscarStockRecordAdmin):
    """Oscar's stock record admin, showing and filtering by market."""

    list_display = (
        "product",
        "partner",
        "market",
        "partner_sku",
        "price",
        "price_currency",
        "num_in_stock",
    )
    list_filter = ("market", "partner")


admin.site.unregister(Partner)
admin.site.register(Partner, VendorAdmin)
admin.site.unregister(StockRecord)
admin.site.register(StockRecord, StockRecordAdmin)
