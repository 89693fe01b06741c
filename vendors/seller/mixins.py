"""Access to the seller dashboard: every view knows its vendor, or refuses."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from vendors.models import VendorRole
from vendors.selectors import vendor_member_get


class SellerMixin(LoginRequiredMixin):
    """Let in the users of an approved vendor; `self.vendor` is theirs.

    Every query of a seller view starts from `self.vendor`, so an object of
    another vendor is simply not found (404).
    """

    owner_only = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        member = vendor_member_get(user=request.user)
        if member is None:
            return redirect("vendors:apply-company")
        if not member.partner.is_selling:
            return redirect("vendors:application")
        if self.owner_only and member.role != VendorRole.OWNER:
            raise PermissionDenied
        self.member = member
        self.vendor = member.partner
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vendor"] = self.vendor
        context["member"] = self.member
        context["seller_section"] = getattr(self, "section", "")
        return context
