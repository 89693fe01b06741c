"""Staff's view of payments: each order's payments with their transactions and
the providers' events; the ledger, refunds and payouts register their own."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.apps.payment.admin import *
from oscar.core.loading import get_model

from payments.ledger import admin as ledger_admin
from payments.payouts import admin as payouts_admin
from payments.refunds import admin as refunds_admin
from payments.services import provider_event_process

ProviderEvent = get_model("payment", "ProviderEvent")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")


class TransactionInline(admin.TabularInline):
    model = Transaction
    extra = 0
    can_delete = False
    fields = ("txn_type", "amount", "reference", "status", "date_created")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PaymentSourceAdmin(admin.ModelAdmin):
    """An order's payments, read-only: only providers and services move money."""

    list_display = (
        "order",
        "source_type",
        "status",
        "currency",
        "amount_allocated",
        "amount_debited",
        "amount_refunded",
        "created_at",
    )
    list_filter = ("source_type", "status", "currency")
    list_select_related = ("order", "source_type")
    search_fields = ("order__number", "reference", "payment_id")
    readonly_fields = tuple(field.name for field in Source._meta.fields)
    inlines = (TransactionInline,)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProviderEvent)
class ProviderEventAdmin(admin.ModelAdmin):
    """The providers' notifications as they came; a failed one can be tried again."""

    list_display = ("event_id", "provider", "type", "status", "attempts", "created_at")
    list_filter = ("provider", "status", "type")
    search_fields = ("event_id", "reference")
    readonly_fields = tuple(field.name for field in ProviderEvent._meta.fields)
    actions = ("process_again",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Process the selected events again"))
    def process_again(self, request, queryset) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        for event_id in ids:
            provider_event_process(event_id=event_id)
        self.message_user(
            request,
            ngettext(
                "%(count)d event processed.", "%(count)d events processed.", len(ids)
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )


# Oscar's own list of sources shows none of what a payment here carries.
admin.site.unregister(Source)
admin.site.register(Source, PaymentSourceAdmin)
