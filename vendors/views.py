"""Vendor pages: the application, its documents, and the vendor's public page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from oscar.core.loading import get_model

from catalog.search.views import ProductListView
from catalog.selectors import category_get, product_list
from vendors.exceptions import VendorError
from vendors.forms import (
    VendorCompanyForm,
    VendorDocumentForm,
    VendorNumbersForm,
    VendorStoreForm,
)
from vendors.selectors import (
    vendor_category_list,
    vendor_event_list,
    vendor_for_user,
    vendor_missing_fields,
    vendor_selling_get,
)
from vendors.services import (
    vendor_application_start,
    vendor_application_update,
    vendor_document_add,
    vendor_document_delete,
    vendor_submit,
)

Partner = get_model("partner", "Partner")
Category = get_model("catalogue", "Category")
VendorDocument = get_model("partner", "VendorDocument")

# The application's steps, in order: (URL name, title).
APPLICATION_STEPS = (
    ("vendors:apply-company", _("Company")),
    ("vendors:apply-numbers", _("Numbers and payouts")),
    ("vendors:apply-documents", _("Documents")),
    ("vendors:apply-store", _("Store")),
    ("vendors:application", _("Review and send")),
)


class ApplicationMixin(LoginRequiredMixin):
    """The signed-in user's vendor application, if there is one."""

    step: str = ""

    @cached_property
    def vendor(self) -> "Partner | None":
        return vendor_for_user(user=self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.step and self.step != "vendors:apply-company" and self.vendor is None:
            return redirect("vendors:apply-company")
        if (
            self.step
            and self.step != "vendors:application"
            and self.vendor is not None
            and not self.vendor.is_editable_application
        ):
            return redirect("vendors:application")
        return super().dispatch(request, *args, **kwargs)

    def next_step_url(self) -> str:
        names = [name for name, _title in APPLICATION_STEPS]
        return reverse(names[names.index(self.step) + 1])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vendor"] = self.vendor
        context["page_title"] = dict(APPLICATION_STEPS)[self.step]
        context["steps"] = [
            {"url": reverse(name), "title": title, "current": name == self.step}
            for name, title in APPLICATION_STEPS
        ]
        return context


class VendorApplicationStepView(ApplicationMixin, FormView):
    """One form step of the application; each valid step saves the draft."""

    template_name = "vendors/application_step.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.vendor
        return kwargs

    def form_valid(self, form) -> HttpResponse:
        # The form has put its cleaned values on the instance (files too).
        fields = {name: getattr(form.instance, name) for name in form.fields}
        try:
            if self.vendor is None:
                vendor_application_start(
                    user=self.request.user, language=get_language(), fields=fields
                )
            else:
                vendor_application_update(vendor=self.vendor, fields=fields)
        except VendorError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Saved. You can finish the application later.")
        )
        return redirect(self.next_step_url())


class VendorCompanyView(VendorApplicationStepView):
    step = "vendors:apply-company"
    form_class = VendorCompanyForm


class VendorNumbersView(VendorApplicationStepView):
    step = "vendors:apply-numbers"
    form_class = VendorNumbersForm

    def dispatch(self, request, *args, **kwargs):
        if self.vendor is not None and not self.vendor.country:
            return redirect("vendors:apply-company")
        return super().dispatch(request, *args, **kwargs)


class VendorStoreView(VendorApplicationStepView):
    step = "vendors:apply-store"
    form_class = VendorStoreForm


class VendorDocumentsView(ApplicationMixin, FormView):
    step = "vendors:apply-documents"
    template_name = "vendors/application_documents.html"
    form_class = VendorDocumentForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = self.vendor.documents.all()
        context["next_url"] = self.next_step_url()
        return context

    def form_valid(self, form) -> HttpResponse:
        try:
            document = vendor_document_add(
                vendor=self.vendor,
                user=self.request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except VendorError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(name)s” is uploaded.") % {"name": document.original_name},
        )
        return redirect(self.step)


class VendorDocumentDeleteView(ApplicationMixin, View):
    step = "vendors:apply-documents"

    def post(self, request, pk: int) -> HttpResponse:
        document = get_object_or_404(self.vendor.documents, pk=pk)
        try:
            vendor_document_delete(vendor=self.vendor, document=document)
        except VendorError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("“%(name)s” is removed.") % {"name": document.original_name}
            )
        return redirect(self.step)


class VendorApplicationView(ApplicationMixin, TemplateView):
    """The whole application: its state, staff's notes, and sending it."""

    step = "vendors:application"
    template_name = "vendors/application.html"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        if self.vendor is None:
            return redirect("vendors:apply-company")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.vendor.is_editable_application:
            context["page_title"] = _("Your store application")
        context["missing"] = vendor_missing_fields(vendor=self.vendor)
        context["events"] = vendor_event_list(vendor=self.vendor)
        context["documents"] = self.vendor.documents.all()
        return context

    def post(self, request, *args, **kwargs) -> HttpResponse:
        if self.vendor is None:
            return redirect("vendors:apply-company")
        try:
            vendor_submit(vendor=self.vendor, actor=request.user)
        except VendorError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Your application is sent. We will write to you when staff decide."),
            )
        return redirect("vendors:application")


class VendorDocumentDownloadView(LoginRequiredMixin, View):
    """A document, for staff and the users of its vendor only."""

    def get(self, request, pk: int) -> FileResponse:
        document = get_object_or_404(VendorDocument._default_manager, pk=pk)
        if not request.user.is_staff:
            vendor = vendor_for_user(user=request.user)
            if vendor is None or vendor.pk != document.partner_id:
                raise Http404
        return FileResponse(
            document.file.open("rb"),
            content_type=document.content_type,
            filename=document.original_name,
            as_attachment=False,
        )


class VendorDetailView(ProductListView):
    """A selling vendor's public page: its details and its products."""

    template_name = "vendors/vendor_detail.html"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        try:
            self.vendor = vendor_selling_get(slug=kwargs["slug"])
        except Partner.DoesNotExist as exc:
            raise Http404 from exc
        self.category = None
        if "category" in request.GET:
            try:
                self.category = category_get(pk=int(request.GET["category"]))
            except (ValueError, Category.DoesNotExist) as exc:
                raise Http404 from exc
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return product_list(
            market=self.request.market,
            vendor=self.vendor,
            category=self.category,
            sort=self.form.sort(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vendor"] = self.vendor
        context["filter_category"] = self.category
        context["categories"] = vendor_category_list(
            vendor=self.vendor, market=self.request.market
        )
        context["summary"] = self.vendor.name
        return context
