"""The account's security pages, the second factor's steps and password reset."""

import base64
from urllib.parse import urlencode

import segno
from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import generic
from django_otp.plugins.otp_static.models import StaticToken
from oscar.core.loading import get_class

from orders.customer.forms import (
    ConfirmPasswordForm,
    TwoFactorCodeForm,
    TwoFactorSetupForm,
)
from orders.customer.models import AccountEventKind
from orders.customer.security import services
from orders.customer.security.exceptions import (
    TwoFactorAbsentError,
    TwoFactorError,
)
from orders.customer.security.throttling import password_reset_wait

PageTitleMixin = get_class("customer.mixins", "PageTitleMixin")

# Recovery codes made by the last step, shown once by the codes page.
SESSION_CODES = "two_factor_codes"


def _next_url(request: HttpRequest, default: str = "") -> str:
    """The page to go back to: `next` if it is a path of this site, else the default.

    Always a URL (never a view name for `redirect` to reverse).
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("customer:security")


class SecurityView(LoginRequiredMixin, PageTitleMixin, generic.TemplateView):
    """The account's second factor, remembered browsers and security trail."""

    template_name = "oscar/customer/security/security.html"
    page_title = _("Sign-in and security")
    active_tab = "security"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["device"] = services.authenticator_of(user)
        context["codes_left"] = StaticToken.objects.filter(device__user=user).count()
        context["required"] = services.two_factor_required(user)
        context["browsers"] = user.known_browsers.all()[:20]
        context["current_browser"] = services.browser_current(self.request, user)
        context["events"] = user.account_events.select_related("actor")[:20]
        context["remove_form"] = ConfirmPasswordForm(user)
        context["now"] = timezone.now()
        return context


class TwoFactorVerifyView(LoginRequiredMixin, generic.FormView):
    """The second step of a sign-in: the code."""

    template_name = "oscar/customer/security/verify.html"
    form_class = TwoFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_verified():
            return self.go_on()
        if (
            request.user.is_authenticated
            and services.authenticator_of(request.user) is None
        ):
            return self.no_authenticator()
        return super().dispatch(request, *args, **kwargs)

    def go_on(self) -> HttpResponse:
        return redirect(_next_url(self.request, reverse("customer:summary")))

    def no_authenticator(self) -> HttpResponse:
        """Reset by staff (or turned off elsewhere) since this session began:
        there is no code to ask, and where one is required the middleware now
        sends the person to set one up."""
        self.request.session[services.SESSION_HAS_DEVICE] = False
        return self.go_on()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = _next_url(self.request, "")
        return context

    def form_valid(self, form):
        try:
            services.two_factor_verify(
                request=self.request,
                code=form.cleaned_data["code"],
                remember=form.cleaned_data["remember"],
            )
        except TwoFactorAbsentError:
            return self.no_authenticator()
        except TwoFactorError as error:
            form.add_error("code", str(error))
            return self.form_invalid(form)
        return self.go_on()


class TwoFactorSetupView(LoginRequiredMixin, generic.FormView):
    """Enrolment: the QR code and its secret as text, then the first code."""

    template_name = "oscar/customer/security/setup.html"
    form_class = TwoFactorSetupForm

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and services.authenticator_of(request.user) is not None
        ):
            return redirect("customer:security")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = services.totp_device_start(user=self.request.user)
        secret = base64.b32encode(device.bin_key).decode()
        context["secret"] = " ".join(
            secret[i : i + 4] for i in range(0, len(secret), 4)
        )
        # An inline SVG: no image request, no script, nothing the CSP refuses.
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
            scale=5, dark="#111", light="#fff", omitsize=True
        )
        context["required"] = services.two_factor_required(self.request.user)
        context["next"] = _next_url(self.request, "")
        return context

    def form_valid(self, form):
        try:
            codes = services.totp_device_confirm(
                request=self.request, token=form.cleaned_data["code"]
            )
        except TwoFactorError as error:
            form.add_error("code", str(error))
            return self.form_invalid(form)
        self.request.session[SESSION_CODES] = codes
        target = reverse("customer:two-factor-codes")
        next_url = _next_url(self.request, "")
        return redirect(f"{target}?{urlencode({'next': next_url})}")


class TwoFactorCodesView(LoginRequiredMixin, generic.TemplateView):
    """The recovery codes just made, shown this once."""

    template_name = "oscar/customer/security/codes.html"

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(SESSION_CODES, None)
        if not codes:
            return redirect("customer:security")
        return self.render_to_response(
            self.get_context_data(codes=codes, next=_next_url(request))
        )


class RecoveryCodesRenewView(LoginRequiredMixin, generic.View):
    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            request.session[SESSION_CODES] = services.recovery_codes_renew(
                request=request
            )
        except TwoFactorError as error:
            messages.error(request, str(error))
            return redirect("customer:security")
        return redirect("customer:two-factor-codes")


class TwoFactorRemoveView(LoginRequiredMixin, generic.View):
    def post(self, request: HttpRequest) -> HttpResponse:
        form = ConfirmPasswordForm(request.user, request.POST, request=request)
        if not form.is_valid():
            for error in form.errors.get("password", []):
                messages.error(request, error)
            return redirect("customer:security")
        try:
            services.two_factor_remove(request=request)
        except TwoFactorError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The second factor is turned off."))
        return redirect("customer:security")


class BrowserForgetView(LoginRequiredMixin, generic.View):
    """Stop remembering the second factor on one browser (`browser`), or on all."""

    def post(self, request: HttpRequest) -> HttpResponse:
        browser_id = request.POST.get("browser")
        count = services.browser_forget(
            user=request.user,
            browser_id=int(browser_id) if browser_id and browser_id.isdigit() else None,
        )
        messages.success(
            request,
            ngettext(
                "%(count)s browser will ask for the code again.",
                "%(count)s browsers will ask for the code again.",
                count,
            )
            % {"count": count},
        )
        return redirect("customer:security")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, sending at most a few emails per address and person."""

    def form_valid(self, form):
        minutes = password_reset_wait(self.request, form.cleaned_data["email"])
        if minutes is not None:
            form.add_error(
                None,
                ngettext(
                    "Too many reset emails were asked for. Try again in "
                    "%(minutes)s minute.",
                    "Too many reset emails were asked for. Try again in "
                    "%(minutes)s minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new-password form; it signs the person in and mails the account.

    Signing in here is what lets an owner back in while someone keeps
    failing at their account's password: the email link proves the owner,
    and the browser becomes one the account knows, which the login limits
    never refuse. The failures counted against the account are cleared.
    """

    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("customer:summary")

    def form_valid(self, form):
        self.request.signing_in_by_reset = True
        response = super().form_valid(form)
        user = form.user
        services.account_event_record(
            user=user, kind=AccountEventKind.PASSWORD_RESET, request=self.request
        )
        axes_reset(username=user.email.lower())
        messages.success(
            self.request, _("Your new password is set, and you are signed in.")
        )
        return response
