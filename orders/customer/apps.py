import oscar.apps.customer.apps as apps
from django.contrib.auth.decorators import login_required
from django.urls import path
from oscar.core.loading import get_class


class CustomerConfig(apps.CustomerConfig):
    name = "orders.customer"

    def ready(self):
        super().ready()
        from django.contrib.auth.signals import user_logged_in

        # Every sign-in, whichever form made it, records its browser and
        # takes up a second factor remembered there.
        user_logged_in.connect(_signed_in, dispatch_uid="customer.signed_in")
        self.order_invoice_view = get_class("customer.views", "OrderInvoiceView")
        self.order_part_cancel_view = get_class("customer.views", "OrderPartCancelView")
        # Returns live in their own package of the orders app.
        from orders.returns import views as return_views

        self.order_part_return_view = return_views.ReturnRequestCreateView
        self.order_return_dispute_view = return_views.ReturnRequestDisputeView

    def get_urls(self):
        from orders.customer.security import views as security_views

        return [
            path(
                "security/",
                security_views.SecurityView.as_view(),
                name="security",
            ),
            path(
                "security/verify/",
                security_views.TwoFactorVerifyView.as_view(),
                name="two-factor-verify",
            ),
            path(
                "security/set-up/",
                security_views.TwoFactorSetupView.as_view(),
                name="two-factor-setup",
            ),
            path(
                "security/recovery-codes/",
                security_views.TwoFactorCodesView.as_view(),
                name="two-factor-codes",
            ),
            path(
                "security/recovery-codes/renew/",
                security_views.RecoveryCodesRenewView.as_view(),
                name="recovery-codes-renew",
            ),
            path(
                "security/turn-off/",
                security_views.TwoFactorRemoveView.as_view(),
                name="two-factor-remove",
            ),
            path(
                "security/browsers/forget/",
                security_views.BrowserForgetView.as_view(),
                name="browser-forget",
            ),
            path(
                "orders/<str:order_number>/invoice/",
                login_required(self.order_invoice_view.as_view()),
                name="order-invoice",
            ),
            path(
                "orders/<str:order_number>/parts/<int:part_id>/cancel/",
                self.order_part_cancel_view.as_view(),
                name="order-part-cancel",
            ),
            path(
                "orders/<str:order_number>/parts/<int:part_id>/return/",
                self.order_part_return_view.as_view(),
                name="order-part-return",
            ),
            path(
                "orders/<str:order_number>/returns/<int:pk>/dispute/",
                self.order_return_dispute_view.as_view(),
                name="order-return-dispute",
            ),
            *super().get_urls(),
        ]


def _signed_in(sender, request, user, **kwargs):
    # Imported here: the app's models are not ready when this module loads.
    from orders.customer.security.services import signed_in

    if request is not None:
        signed_in(request, user)
