"""Payouts in Django admin: the vendors' Stripe connected accounts, edited by
staff; payouts, read only, with their failures and a retry; bank-transfer
batches, made from the waiting payouts, downloaded for the bank as CSV and
marked paid."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from payments.payouts.exceptions import PayoutError
from payments.payouts.exports import payout_batch_csv, payout_batch_filename
from payments.payouts.models import PayoutMethod, PayoutStatus
from payments.payouts.selectors import payout_batch_list, payout_batch_waiting_list
from payments.payouts.services import payout_batch_create, payout_batch_mark_paid

ConnectedAccount = get_model("payment", "ConnectedAccount")
Payout = get_model("payment", "Payout")
PayoutBatch = get_model("payment", "PayoutBatch")


@admin.register(ConnectedAccount)
class ConnectedAccountAdmin(admin.ModelAdmin):
    """A vendor's Stripe connected account (acct_...). Connect transfers go to
    it only where Stripe Connect serves the vendor's country; the others are
    paid by bank transfer whatever is set here."""

    list_display = ("vendor", "vendor_country", "stripe_account_id", "updated_at")
    list_select_related = ("vendor",)
    raw_id_fields = ("vendor",)
    search_fields = ("vendor__name", "vendor__legal_name", "stripe_account_id")
    fields = ("vendor", "stripe_account_id")

    @admin.display(description=_("Country"), ordering="vendor__country")
    def vendor_country(self, obj) -> str:
        return obj.vendor.country


class WaitingForBatchFilter(admin.SimpleListFilter):
    title = _("bank transfer batch")
    parameter_name = "batched"

    def lookups(self, request, model_admin):
        return (("no", _("Waiting for a batch")), ("yes", _("In a batch")))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(
                method=PayoutMethod.BANK_TRANSFER,
                status=PayoutStatus.PENDING,
                batch__isnull=True,
            )
        if self.value() == "yes":
            return queryset.filter(batch__isnull=False)
        return queryset


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    """Payouts are written by payments.payouts.services only: staff read them.

    A failed Connect transfer is tried again by itself with backoff; once
    its cause is fixed (most often the connected account), "Retry the
    transfer now" need not wait.
    """

    list_display = (
        "pk",
        "created_at",
        "vendor",
        "amount",
        "currency",
        "method",
        "status",
        "attempts",
        "next_attempt_at",
        "batch",
        "paid_at",
    )
    list_filter = ("status", "method", "currency", WaitingForBatchFilter)
    list_select_related = ("vendor", "batch")
    search_fields = ("=id", "vendor__name", "idempotency_key", "reference")
    date_hierarchy = "created_at"
    actions = ("retry_transfer",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("payment.change_payout")

    @admin.action(description=_("Retry the transfer now"), permissions=("retry",))
    def retry_transfer(self, request: HttpRequest, queryset) -> None:
        from payments.payouts.tasks import payout_execute_task

        due = list(
            queryset.filter(
                method=PayoutMethod.STRIPE_CONNECT,
                status__in=(PayoutStatus.PENDING, PayoutStatus.FAILED),
            ).values_list("pk", flat=True)
        )
        for payout_id in due:
            payout_execute_task.delay_on_commit(payout_id=payout_id)
        self.message_user(
            request,
            ngettext(
                "%(count)d transfer is being tried again.",
                "%(count)d transfers are being tried again.",
                len(due),
            )
            % {"count": len(due)},
            messages.SUCCESS,
        )


class BatchPayoutInline(admin.TabularInline):
    model = Payout
    fields = ("pk", "vendor", "amount", "currency", "status", "paid_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("vendor")


@admin.register(PayoutBatch)
class PayoutBatchAdmin(admin.ModelAdmin):
    """Bank-transfer batches: made of the currency's waiting payouts (a button
    above the list), downloaded as CSV for the bank (docs/payouts.md), then
    marked paid once the bank has paid them."""

    change_list_template = "payments/payouts/admin_batch_change_list.html"
    list_display = (
        "pk",
        "currency",
        "created_at",
        "payout_count",
        "payout_total",
        "paid_at",
        "paid_by",
        "download",
    )
    list_filter = ("currency", ("paid_at", admin.EmptyFieldListFilter))
    fields = ("currency", "created_at", "paid_at", "paid_by", "download")
    readonly_fields = fields
    inlines = (BatchPayoutInline,)
    actions = ("mark_paid",)

    def get_queryset(self, request):
        return payout_batch_list()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("Payouts"), ordering="payout_count")
    def payout_count(self, obj) -> int:
        return obj.payout_count

    @admin.display(description=_("Total"), ordering="payout_total")
    def payout_total(self, obj) -> str:
        return f"{obj.payout_total} {obj.currency}"

    @admin.display(description=_("Bank file"))
    def download(self, obj) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:payment_payoutbatch_csv", args=[obj.pk]),
            _("Download CSV"),
        )

    def has_mark_paid_permission(self, request) -> bool:
        return request.user.has_perm("payment.change_payout")

    @admin.action(description=_("Mark paid by the bank"), permissions=("mark_paid",))
    def mark_paid(self, request: HttpRequest, queryset) -> None:
        marked = 0
        for batch_id in queryset.filter(paid_at__isnull=True).values_list(
            "pk", flat=True
        ):
            payout_batch_mark_paid(batch_id=batch_id, actor=request.user)
            marked += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d batch marked paid.", "%(count)d batches marked paid.", marked
            )
            % {"count": marked},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/csv/",
                self.admin_site.admin_view(self.csv_view),
                name="payment_payoutbatch_csv",
            ),
            path(
                "create/",
                self.admin_site.admin_view(require_POST(self.create_view)),
                name="payment_payoutbatch_create",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "waiting": []}
        if self.has_create_permission(request):
            extra_context["waiting"] = payout_batch_waiting_list()
        return super().changelist_view(request, extra_context=extra_context)

    def has_create_permission(self, request) -> bool:
        return request.user.has_perm("payment.change_payout")

    def csv_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The batch's file for the bank (payments.payouts.exports)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(PayoutBatch._default_manager, pk=pk)
        response = HttpResponse(
            payout_batch_csv(batch=batch), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(
            True, payout_batch_filename(batch=batch)
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def create_view(self, request: HttpRequest) -> HttpResponse:
        """Gather the waiting bank-transfer payouts of one currency in a batch."""
        if not self.has_create_permission(request):
            raise PermissionDenied
        try:
            batch = payout_batch_create(currency=request.POST.get("currency", ""))
        except PayoutError as error:
            self.message_user(request, str(error), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:payment_payoutbatch_changelist"))
        self.message_user(
            request,
            gettext("Batch %(batch)s is made; download its file for the bank.")
            % {"batch": batch.pk},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:payment_payoutbatch_change", args=[batch.pk])
        )
