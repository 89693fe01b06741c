"""Customer account pages of our own, beside Oscar's."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.customer import views as oscar_views
from oscar.core.loading import get_class, get_model

from orders.customer.forms import OrderPartCancelForm, PasswordChangeForm
from orders.customer.models import AccountEventKind
from orders.customer.security.services import account_event_record
from orders.exceptions import OrderError
from orders.models import OrderPartStatus
from orders.returns.selectors import customer_order_returns_prefetch
from orders.returns.services import return_parts_deadlines
from orders.selectors import (
    customer_order_get,
    customer_order_list_prefetch,
    customer_order_part_get,
    customer_reviewed_product_ids,
    order_parts_prefetch,
)
from orders.services import order_part_transition

Order = get_model("order", "Order")
OrderPart = get_model("order", "OrderPart")
PageTitleMixin = get_class("customer.mixins", "PageTitleMixin")


class PasswordFormMixin:
    """Give the form the request: it checks the password as a login does."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class ChangePasswordView(PasswordFormMixin, oscar_views.ChangePasswordView):
    """Oscar's password change; the account is mailed once, from its trail.

    Django ends the account's other sessions: each keeps a hash of the
    password it was signed in with, which no longer matches.
    """

    form_class = PasswordChangeForm

    def send_password_changed_email(self):
        account_event_record(
            user=self.request.user,
            kind=AccountEventKind.PASSWORD_CHANGED,
            request=self.request,
        )


class ProfileUpdateView(PasswordFormMixin, oscar_views.ProfileUpdateView):
    """Oscar's profile form; an email change is mailed to the old address."""

    def send_email_changed_email(self, old_user, new_email):
        account_event_record(
            user=self.request.user,
            kind=AccountEventKind.EMAIL_CHANGED,
            request=self.request,
            email_to=old_user.email,
            context={"new_email": new_email},
        )


class ProfileDeleteView(PasswordFormMixin, oscar_views.ProfileDeleteView):
    """Oscar's profile deletion, its password checked as a login."""


class OrderDetailView(oscar_views.OrderDetailView):
    """Oscar's order page, the order shown part by part, one part per vendor."""

    def get_object(self, queryset=None):
        try:
            return customer_order_get(
                user=self.request.user, number=self.kwargs["order_number"]
            )
        except Order.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One query for every line, where Oscar's template tag asks per line.
        context["reviewed_product_ids"] = customer_reviewed_product_ids(
            user=self.request.user, order=self.object
        )
        # Each part's returns, and until when a delivered part may be returned.
        parts = list(self.object.parts.all())
        customer_order_returns_prefetch(order=self.object)
        deadlines = return_parts_deadlines(parts=parts)
        now = timezone.now()
        for part in parts:
            deadline = deadlines.get(part.pk)
            part.return_deadline = deadline if deadline and now <= deadline else None
        return context


class OrderHistoryView(oscar_views.OrderHistoryView):
    """Oscar's order history, each order with its sellers' parts and statuses."""

    def get_queryset(self):
        return customer_order_list_prefetch(super().get_queryset())


class AnonymousOrderDetailView(oscar_views.AnonymousOrderDetailView):
    """Oscar's order page for guests, with each seller's part and parcels."""

    def get_object(self, queryset=None):
        order = super().get_object()
        if order is not None:
            order_parts_prefetch(order=order)
        return order


class OrderInvoiceView(PageTitleMixin, generic.DetailView):
    """A printable invoice of one of the customer's orders, with VAT per rate."""

    template_name = "oscar/customer/order/order_invoice.html"
    context_object_name = "order"
    active_tab = "orders"
    page_title = _("Invoice")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Order._default_manager.select_related(
                "market", "shipping_address__country"
            ).prefetch_related("lines"),
            user=self.request.user,
            number=self.kwargs["order_number"],
        )


class OrderPartCancelView(LoginRequiredMixin, generic.View):
    """The shopper cancels one seller's part of their order, before it ships."""

    def post(self, request, order_number: str, part_id: int) -> HttpResponse:
        try:
            part = customer_order_part_get(
                user=request.user, number=order_number, part_id=part_id
            )
        except OrderPart.DoesNotExist as exc:
            raise Http404 from exc
        form = OrderPartCancelForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["reason"][0])
        else:
            try:
                order_part_transition(
                    part_id=part.pk,
                    to_status=OrderPartStatus.CANCELLED,
                    actor=request.user,
                    note=form.cleaned_data["reason"],
                )
            except OrderError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("The part of %(seller)s is cancelled.")
                    % {"seller": part.vendor.name},
                )
        return redirect("customer:order", order_number=order_number)
