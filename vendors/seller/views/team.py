"""The vendor's team: its users, the owner's invitations, joining by a link."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from oscar.core.loading import get_model

from vendors.exceptions import VendorError, VendorInvitationNotFoundError
from vendors.selectors import (
    seller_invitation_get,
    seller_invitation_list,
    seller_member_get,
    seller_member_list,
    vendor_invitation_get,
)
from vendors.seller.forms import VendorInvitationForm
from vendors.seller.mixins import SellerMixin
from vendors.services import (
    vendor_invitation_accept,
    vendor_invitation_check,
    vendor_invitation_create,
    vendor_invitation_withdraw,
    vendor_member_remove,
)

VendorInvitation = get_model("partner", "VendorInvitation")
VendorMember = get_model("partner", "VendorMember")


class SellerTeamView(SellerMixin, FormView):
    """The owner's page: the team, the invitations waiting, a new invitation."""

    template_name = "vendors/seller/team.html"
    form_class = VendorInvitationForm
    owner_only = True
    section = "team"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Team")
        context["members"] = seller_member_list(vendor=self.vendor)
        context["invitations"] = seller_invitation_list(vendor=self.vendor)
        context["now"] = timezone.now()
        return context

    def form_valid(self, form: VendorInvitationForm) -> HttpResponse:
        try:
            invitation = vendor_invitation_create(
                vendor=self.vendor,
                invited_by=self.request.user,
                email=form.cleaned_data["email"],
                language=self.request.LANGUAGE_CODE,
            )
        except VendorError as exc:
            form.add_error("email", str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("An invitation has been sent to %(email)s.")
            % {"email": invitation.email},
        )
        return redirect("vendors:seller-team")


class SellerInvitationWithdrawView(SellerMixin, View):
    """Withdraw an invitation that has not been accepted yet."""

    owner_only = True

    def post(self, request, pk: int) -> HttpResponse:
        try:
            invitation = seller_invitation_get(vendor=self.vendor, pk=pk)
        except VendorInvitation.DoesNotExist as exc:
            raise Http404 from exc
        try:
            vendor_invitation_withdraw(vendor=self.vendor, invitation=invitation)
        except VendorError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The invitation to %(email)s is withdrawn.")
                % {"email": invitation.email},
            )
        return redirect("vendors:seller-team")


class SellerMemberRemoveView(SellerMixin, View):
    """Remove a staff member from the team."""

    owner_only = True

    def post(self, request, pk: int) -> HttpResponse:
        try:
            member = seller_member_get(vendor=self.vendor, pk=pk)
        except VendorMember.DoesNotExist as exc:
            raise Http404 from exc
        try:
            vendor_member_remove(vendor=self.vendor, member=member, actor=request.user)
        except VendorError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s no longer acts for your store.")
                % {"name": member.user.get_full_name() or member.user.email},
            )
        return redirect("vendors:seller-team")


class SellerInvitationAcceptView(LoginRequiredMixin, TemplateView):
    """The invitee's page: which store invites them, and the button to accept.

    Anyone signed in may open it; the invitation decides whether they may
    accept (vendors.services.vendor_invitation_check).
    """

    template_name = "vendors/seller/join.html"

    def render_page(self, *, invitation=None, error: str = "", status: int = 200):
        context = self.get_context_data(
            invitation=invitation,
            error=error,
            page_title=_("Invitation to a store's team"),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, token: str) -> HttpResponse:
        try:
            invitation = vendor_invitation_get(token=token)
        except VendorInvitation.DoesNotExist:
            return self.render_page(
                error=str(VendorInvitationNotFoundError()), status=404
            )
        try:
            vendor_invitation_check(invitation=invitation, user=request.user)
        except VendorError as exc:
            return self.render_page(invitation=invitation, error=str(exc))
        return self.render_page(invitation=invitation)

    def post(self, request, token: str) -> HttpResponse:
        try:
            member = vendor_invitation_accept(token=token, user=request.user)
        except VendorInvitationNotFoundError as exc:
            return self.render_page(error=str(exc), status=404)
        except VendorError as exc:
            return self.render_page(
                invitation=vendor_invitation_get(token=token), error=str(exc)
            )
        messages.success(
            request,
            _("Welcome to the team of %(store)s.") % {"store": member.partner.name},
        )
        return redirect("vendors:seller-product-list")
