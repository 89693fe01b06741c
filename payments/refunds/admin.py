"""Refunds in admin: read only, with their lines; staff refund a part of an
order from "Add refund" (find the order, pick its part, choose what to give
back and why), and ask the provider again for refunds it did not take."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from payments.refunds.exceptions import RefundError, RefundStaleError
from payments.refunds.forms import PartRefundForm, RefundOrderFindForm
from payments.refunds.models import RefundReason, RefundStatus
from payments.refunds.selectors import (
    order_part_list_for_refund,
    part_refundable_get,
    refund_list,
    staff_refund_count,
)
from payments.refunds.services import refund_create, refund_execute

OrderPart = get_model("order", "OrderPart")
Refund = get_model("payment", "Refund")
RefundLine = get_model("payment", "RefundLine")


class RefundLineInline(admin.TabularInline):
    model = RefundLine
    fields = ("line", "quantity", "amount")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("line")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    """Refunds as services made them; nobody edits or deletes one here."""

    list_display = (
        "created_at",
        "order_number",
        "vendor",
        "reason",
        "status",
        "amount",
        "shipping",
        "currency",
        "actor",
    )
    list_filter = ("status", "reason", "currency")
    search_fields = ("part__order__number", "idempotency_key", "provider_refund_id")
    date_hierarchy = "created_at"
    fields = (
        "part",
        "source",
        "reason",
        "status",
        "currency",
        "amount",
        "shipping",
        "return_request",
        "actor",
        "note",
        "idempotency_key",
        "provider_refund_id",
        "last_error",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (RefundLineInline,)
    actions = ("ask_again",)

    def get_queryset(self, request):
        return refund_list()

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("Order"), ordering="part__order__number")
    def order_number(self, obj) -> str:
        return obj.part.order.number

    @admin.display(description=_("Vendor"), ordering="part__vendor__name")
    def vendor(self, obj) -> str:
        return obj.part.vendor.name

    @admin.action(
        description=_("Ask the provider again for the selected refunds"),
        permissions=("add",),
    )
    def ask_again(self, request, queryset) -> None:
        ids = list(
            queryset.exclude(status=RefundStatus.SUCCEEDED).values_list("pk", flat=True)
        )
        for refund_id in ids:
            refund_execute(refund_id=refund_id)
        succeeded = Refund._default_manager.filter(
            pk__in=ids, status=RefundStatus.SUCCEEDED
        ).count()
        self.message_user(
            request,
            ngettext(
                "%(count)d refund taken by the provider.",
                "%(count)d refunds taken by the provider.",
                succeeded,
            )
            % {"count": succeeded},
            messages.SUCCESS if succeeded == len(ids) else messages.WARNING,
        )

    def get_urls(self):
        return [
            path(
                "part/<int:part_id>/",
                self.admin_site.admin_view(self.part_refund_view),
                name="payment_refund_part",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url="", extra_context=None):
        """Find an order by its number and pick the part to refund."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RefundOrderFindForm(request.GET or None)
        parts = None
        if form.is_valid():
            parts = list(order_part_list_for_refund(number=form.cleaned_data["number"]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Refund part of an order"),
            "form": form,
            "parts": parts,
        }
        return TemplateResponse(
            request, "payments/refunds/admin_part_find.html", context
        )

    def part_refund_view(self, request: HttpRequest, part_id: int) -> HttpResponse:
        """Choose units of the part's lines and some of its delivery, say why,
        and refund them."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            refundable = part_refundable_get(part_id=part_id)
        except OrderPart.DoesNotExist as error:
            raise Http404 from error
        form = PartRefundForm(
            request.POST if request.method == "POST" else None,
            refundable=refundable,
            seen=staff_refund_count(part_id=part_id),
        )
        if form.is_valid():
            try:
                refund = refund_create(
                    part_id=part_id,
                    reason=RefundReason.STAFF,
                    lines=form.lines(),
                    shipping=form.cleaned_data["shipping"],
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    seen_staff_refunds=form.cleaned_data["seen"],
                )
            except RefundStaleError as error:
                # Decided on what the page showed before: show it as it is now.
                self.message_user(request, str(error), messages.ERROR)
                return redirect("admin:payment_refund_part", part_id)
            except RefundError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("The refund of %(amount)s %(currency)s is made.")
                    % {"amount": refund.amount, "currency": refund.currency},
                    messages.SUCCESS,
                )
                return redirect("admin:payment_refund_change", refund.pk)
        part = refundable.part
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Refund order %(number)s from %(vendor)s")
            % {"number": part.order.number, "vendor": part.vendor.name},
            "form": form,
            "refundable": refundable,
            "refunds": refund_list().filter(part_id=part.pk),
        }
        return TemplateResponse(
            request, "payments/refunds/admin_part_refund.html", context
        )
