from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from oscar.apps.order.admin import *
from oscar.core.loading import get_model

from orders.exceptions import OrderError
from orders.models import ReturnStatus
from orders.returns.services import return_dispute_resolve

ReturnRequest = get_model("order", "ReturnRequest")
ReturnLine = get_model("order", "ReturnLine")
ReturnPhoto = get_model("order", "ReturnPhoto")
ReturnEvent = get_model("order", "ReturnEvent")


class ReturnRulingForm(forms.ModelForm):
    """Staff's ruling on a disputed return; nothing else of it is edited here."""

    ruling = forms.ChoiceField(
        label=_("Ruling"),
        required=False,
        choices=(
            ("", "—"),
            (ReturnStatus.ACCEPTED, _("Accept the return")),
            (ReturnStatus.REFUSED_FINAL, _("Refuse the return for good")),
        ),
        help_text=_("Only a disputed return can be ruled on."),
    )
    ruling_note = forms.CharField(
        label=_("Staff decision"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The shopper and the seller read it."),
    )

    class Meta:
        model = ReturnRequest
        fields = ()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("ruling"):
            if self.instance.status != ReturnStatus.DISPUTED:
                raise forms.ValidationError(
                    _("Only a disputed return can be ruled on."), code="not_disputed"
                )
            if not (cleaned_data.get("ruling_note") or "").strip():
                self.add_error(
                    "ruling_note", _("Write the decision: both sides read it.")
                )
        return cleaned_data


class ReturnLineInline(admin.TabularInline):
    model = ReturnLine
    fields = ("line", "quantity")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReturnPhotoInline(admin.TabularInline):
    model = ReturnPhoto
    fields = ("image", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReturnEventInline(admin.TabularInline):
    model = ReturnEvent
    fields = ("created_at", "actor", "from_status", "to_status", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    """Returns, and staff's ruling on disputed ones (each ruling is an event).

    Every text here is the shopper's or the vendor's and is shown escaped,
    as admin does for read-only fields.
    """

    form = ReturnRulingForm
    list_display = ("pk", "part", "status", "reason", "created_at")
    list_filter = ("status", "reason")
    list_select_related = ("part__order", "part__vendor")
    search_fields = ("part__order__number", "part__vendor__name")
    readonly_fields = (
        "part",
        "status",
        "reason",
        "description",
        "vendor_note",
        "dispute_note",
        "staff_note",
        "created_by",
        "created_at",
    )
    fieldsets = (
        (None, {"fields": readonly_fields}),
        (_("Ruling on a dispute"), {"fields": ("ruling", "ruling_note")}),
    )
    inlines = (ReturnLineInline, ReturnPhotoInline, ReturnEventInline)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        # The ruling goes through the service (lock, transition table,
        # event, emails, payments' signal); nothing else is saved here.
        ruling = form.cleaned_data.get("ruling")
        if not ruling:
            return
        try:
            return_dispute_resolve(
                request_id=obj.pk,
                accept=ruling == ReturnStatus.ACCEPTED,
                actor=request.user,
                note=form.cleaned_data["ruling_note"],
            )
        except OrderError as exc:
            messages.error(request, str(exc))
