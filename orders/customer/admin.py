from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from oscar.apps.customer.admin import *

from orders.customer.models import AccountEvent, KnownBrowser
from orders.customer.security.services import two_factor_reset

User = get_user_model()


class AccountEventInline(admin.TabularInline):
    model = AccountEvent
    fk_name = "user"
    fields = ("created_at", "kind", "actor", "ip_address", "user_agent")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-created_at", "-pk")
    verbose_name_plural = _("Security trail")


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """Every account's security trail: read only, here and in the database."""

    list_display = ("created_at", "user", "kind", "actor", "ip_address")
    list_filter = ("kind",)
    search_fields = ("user__email", "user__username", "ip_address")
    list_select_related = ("user", "actor")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KnownBrowser)
class KnownBrowserAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "user_agent",
        "ip_address",
        "last_seen_at",
        "two_factor_until",
    )
    search_fields = ("user__email", "ip_address")
    list_select_related = ("user",)
    exclude = ("key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Devices hold secrets and are changed only through the services (set-up by
# their owner, the recorded reset below), never edited in admin.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, with each account's security trail and the reset of a
    lost second factor."""

    inlines = (AccountEventInline,)
    actions = ("second_factor_reset",)
    list_display = (*DjangoUserAdmin.list_display, "has_second_factor")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                second_factor=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                )
            )
        )

    @admin.display(description=_("Second factor"), boolean=True)
    def has_second_factor(self, user) -> bool:
        return user.second_factor

    @admin.action(
        description=_("Reset the second factor (a lost phone)"),
        permissions=("change",),
    )
    def second_factor_reset(self, request, queryset):
        for user in queryset:
            two_factor_reset(user=user, actor=request.user, request=request)
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)s account was removed; the person "
                "sets up a new one at their next sign-in.",
                "The second factors of %(count)s accounts were removed; each "
                "person sets up a new one at their next sign-in.",
                len(queryset),
            )
            % {"count": len(queryset)},
        )


@admin.register(AccessAttempt)
class AccessAttemptAdmin(admin.ModelAdmin):
    """Failed logins per account name and address; staff unlock from here."""

    list_display = (
        "attempt_time",
        "username",
        "ip_address",
        "failures_since_start",
        "path_info",
        "refused_until",
    )
    search_fields = ("username", "ip_address")
    date_hierarchy = "attempt_time"
    fields = (*list_display, "user_agent")
    readonly_fields = fields
    actions = ("unlock",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Refused until"))
    def refused_until(self, obj):
        until = obj.attempt_time + settings.AXES_COOLOFF_TIME
        return until if until > timezone.now() else "—"

    @admin.action(
        description=_("Unlock these accounts and addresses"),
        permissions=("delete",),
    )
    def unlock(self, request, queryset):
        attempts = list(queryset)
        for attempt in attempts:
            # axes_reset with neither would clear every attempt of the site.
            if attempt.username:
                axes_reset(username=attempt.username)
            if attempt.ip_address:
                axes_reset(ip=attempt.ip_address)
        self.message_user(
            request,
            ngettext(
                "%(count)s failed login was cleared; its account and address may "
                "sign in again.",
                "%(count)s failed logins were cleared; their accounts and addresses "
                "may sign in again.",
                len(attempts),
            )
            % {"count": len(attempts)},
        )
