"""Commission rules, edited by staff; line commissions and the vendors' ledger,
read only; the platform's commission revenue by month and currency."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from payments.ledger.selectors import platform_revenue_list

CommissionRule = get_model("payment", "CommissionRule")
LedgerEntry = get_model("payment", "LedgerEntry")
LineCommission = get_model("payment", "LineCommission")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by services only: staff read them, nobody changes them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CommissionRule)
class CommissionRuleAdmin(admin.ModelAdmin):
    """Which rule applies to a line is explained on the model (CommissionRule).

    A change applies to orders placed from then on; placed orders keep their
    commissions.
    """

    list_display = (
        "vendor",
        "category",
        "market",
        "percent",
        "fixed",
        "is_active",
        "created_at",
    )
    list_filter = ("is_active", "market")
    list_select_related = ("vendor", "category", "market")
    raw_id_fields = ("vendor", "category")
    search_fields = ("vendor__name", "category__name")
    fields = ("vendor", "category", "market", "percent", "fixed", "is_active")


@admin.register(LineCommission)
class LineCommissionAdmin(ReadOnlyAdmin):
    list_display = (
        "line",
        "order_number",
        "percent",
        "fixed",
        "amount_incl_tax",
        "vat",
        "currency",
        "created_at",
    )
    list_filter = ("currency",)
    list_select_related = ("line__order",)
    search_fields = ("line__order__number",)
    date_hierarchy = "created_at"

    @admin.display(description=_("Order"), ordering="line__order__number")
    def order_number(self, obj) -> str:
        return obj.line.order.number


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    change_list_template = "payments/ledger/admin_change_list.html"
    list_display = (
        "created_at",
        "vendor",
        "kind",
        "amount",
        "currency",
        "order_number",
        "available_at",
    )
    list_filter = ("kind", "currency")
    list_select_related = ("vendor", "part__order")
    search_fields = ("vendor__name", "part__order__number", "key")
    date_hierarchy = "created_at"

    @admin.display(description=_("Order"), ordering="part__order__number")
    def order_number(self, obj) -> str:
        return obj.part.order.number if obj.part_id else ""

    def get_urls(self):
        return [
            path(
                "revenue/",
                self.admin_site.admin_view(self.revenue_view),
                name="payment_ledgerentry_revenue",
            ),
            *super().get_urls(),
        ]

    def revenue_view(self, request):
        """The commission the platform earned, by month and currency."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Commission revenue"),
            "months": platform_revenue_list(),
        }
        return TemplateResponse(request, "payments/ledger/admin_revenue.html", context)
