"""Return pages: the shopper asks and disputes from the account, the vendor
decides in the seller dashboard."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_class, get_model

from orders.exceptions import OrderError
from orders.returns.forms import (
    ReturnDecisionForm,
    ReturnDisputeForm,
    ReturnRequestForm,
    ReturnWindowForm,
)
from orders.returns.selectors import (
    customer_return_get,
    return_held_quantities,
    seller_return_get,
    seller_return_list,
)
from orders.returns.services import (
    return_parts_deadlines,
    return_request_create,
    return_request_decide,
    return_request_dispute,
    vendor_return_days_set,
)
from orders.selectors import customer_order_part_get
from vendors.seller.mixins import SellerMixin

OrderPart = get_model("order", "OrderPart")
ReturnRequest = get_model("order", "ReturnRequest")
PageTitleMixin = get_class("customer.mixins", "PageTitleMixin")


class ReturnRequestCreateView(LoginRequiredMixin, PageTitleMixin, generic.FormView):
    """The shopper asks to return units of a delivered part, within its window."""

    template_name = "orders/returns/return_form.html"
    form_class = ReturnRequestForm
    active_tab = "orders"
    page_title = _("Return items")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.part = customer_order_part_get(
                user=request.user,
                number=kwargs["order_number"],
                part_id=kwargs["part_id"],
            )
        except OrderPart.DoesNotExist as exc:
            raise Http404 from exc
        self.deadline = return_parts_deadlines(parts=[self.part]).get(self.part.pk)
        if self.deadline is None or timezone.now() > self.deadline:
            messages.error(
                request,
                _("The items of %(seller)s can no longer be returned here.")
                % {"seller": self.part.vendor.name},
            )
            return redirect("customer:order", order_number=kwargs["order_number"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        lines = list(self.part.lines.order_by("pk"))
        held = return_held_quantities(line_ids=[line.pk for line in lines])
        kwargs["lines"] = lines
        kwargs["available"] = {
            line.pk: max(line.quantity - held.get(line.pk, 0), 0) for line in lines
        }
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["part"] = self.part
        context["order"] = self.part.order
        context["deadline"] = self.deadline
        return context

    def form_valid(self, form: ReturnRequestForm) -> HttpResponse:
        try:
            return_request_create(
                part_id=self.part.pk,
                user=self.request.user,
                reason=form.cleaned_data["reason"],
                description=form.cleaned_data["description"],
                quantities=form.quantities(),
                photos=form.cleaned_data["photos"],
            )
        except OrderError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your return request is sent to %(seller)s.")
            % {"seller": self.part.vendor.name},
        )
        return redirect("customer:order", order_number=self.kwargs["order_number"])


class ReturnRequestDisputeView(LoginRequiredMixin, generic.View):
    """The shopper disputes a refused return; staff will decide."""

    def post(self, request, order_number: str, pk: int) -> HttpResponse:
        try:
            return_request = customer_return_get(
                user=request.user, number=order_number, pk=pk
            )
        except ReturnRequest.DoesNotExist as exc:
            raise Http404 from exc
        form = ReturnDisputeForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["note"][0])
        else:
            try:
                return_request_dispute(
                    request_id=return_request.pk,
                    user=request.user,
                    note=form.cleaned_data["note"],
                )
            except OrderError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("Your dispute is sent to the marketplace's staff.")
                )
        return redirect("customer:order", order_number=order_number)


class SellerReturnListView(SellerMixin, generic.ListView):
    """The vendor's returns, newest first, and its return window."""

    template_name = "orders/returns/seller_list.html"
    context_object_name = "returns"
    paginate_by = 20
    section = "returns"

    def get_queryset(self):
        return seller_return_list(vendor=self.vendor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Returns")
        context.setdefault(
            "window_form",
            ReturnWindowForm(initial={"return_days": self.vendor.return_days}),
        )
        return context


class SellerReturnDetailView(SellerMixin, generic.DetailView):
    """One return of the vendor's: lines, reason, photos, history, decision."""

    template_name = "orders/returns/seller_detail.html"
    context_object_name = "return_request"
    section = "returns"

    def get_object(self, queryset=None) -> "ReturnRequest":
        try:
            return seller_return_get(vendor=self.vendor, pk=self.kwargs["pk"])
        except ReturnRequest.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Return of order #%(number)s") % {
            "number": self.object.part.order.number
        }
        context["order"] = self.object.part.order
        context.setdefault("form", ReturnDecisionForm())
        return context


class SellerReturnDecideView(SellerReturnDetailView):
    """The vendor accepts a return or refuses it with a note."""

    http_method_names = ("post",)

    def post(self, request, pk: int) -> HttpResponse:
        self.object = self.get_object()
        form = ReturnDecisionForm(request.POST)
        if form.is_valid():
            try:
                return_request_decide(
                    request_id=self.object.pk,
                    vendor=self.vendor,
                    accept=form.cleaned_data["decision"] == "accept",
                    actor=request.user,
                    note=form.cleaned_data["note"],
                )
            except OrderError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The shopper is told of your decision."))
                return redirect("seller_returns:detail", pk=pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SellerReturnWindowView(SellerReturnListView):
    """The vendor's owner sets how many days after delivery returns are taken."""

    owner_only = True
    http_method_names = ("post",)

    def post(self, request) -> HttpResponse:
        form = ReturnWindowForm(request.POST)
        if form.is_valid():
            vendor_return_days_set(
                vendor=self.vendor, days=form.cleaned_data["return_days"]
            )
            messages.success(request, _("Your return window is saved."))
            return redirect("seller_returns:list")
        self.object_list = self.get_queryset()
        return self.render_to_response(
            self.get_context_data(window_form=form), status=400
        )
