"""The vendor's products: list, create, edit, publish."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView
from oscar.core.loading import get_model

from vendors.exceptions import StockBelowAllocatedError, VendorError
from vendors.selectors import seller_product_get, seller_product_list
from vendors.seller.forms import ProductImageFormSet, SellerProductForm, offer_forms
from vendors.seller.mixins import SellerMixin
from vendors.services import vendor_product_publish, vendor_product_save

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")


class SellerProductListView(SellerMixin, ListView):
    template_name = "vendors/seller/product_list.html"
    context_object_name = "products"
    paginate_by = 25
    section = "products"

    def get_queryset(self):
        return seller_product_list(
            vendor=self.vendor,
            query=self.request.GET.get("q", ""),
            status=self.request.GET.get("status", ""),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.request.GET.get("q", "")
        context["status"] = self.request.GET.get("status", "")
        context["product_classes"] = ProductClass._default_manager.order_by("name")
        context["page_title"] = _("Products")
        return context


class SellerProductFormView(SellerMixin, TemplateView):
    """Create or edit a product: texts, attributes, photos, markets, publishing."""

    template_name = "vendors/seller/product_form.html"
    section = "products"

    def get_product(self) -> "Product | None":
        if "pk" not in self.kwargs:
            return None
        try:
            return seller_product_get(vendor=self.vendor, pk=self.kwargs["pk"])
        except Product.DoesNotExist as exc:
            raise Http404 from exc

    def get_product_class(self, product) -> "ProductClass":
        if product is not None:
            return product.product_class
        classes = ProductClass._default_manager.order_by("name")
        if "class" in self.request.GET:
            try:
                return get_object_or_404(classes, pk=int(self.request.GET["class"]))
            except ValueError as exc:
                raise Http404 from exc
        first = classes.first()
        if first is None:
            raise Http404
        return first

    def build_forms(self, data=None, files=None) -> dict:
        product = self.get_product()
        product_class = self.get_product_class(product)
        instance = product or Product(product_class=product_class)
        return {
            "product": product,
            "product_class": product_class,
            "form": SellerProductForm(
                product_class,
                data=data,
                files=files,
                instance=instance,
                vendor=self.vendor,
            ),
            "image_formset": ProductImageFormSet(
                data, files, instance=instance, prefix="images"
            ),
            "offer_forms": offer_forms(data=data, product=product, vendor=self.vendor),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = context.get("product")
        context["page_title"] = product.get_title() if product else _("New product")
        return context

    def get(self, request, *args, **kwargs) -> HttpResponse:
        return self.render_to_response(self.get_context_data(**self.build_forms()))

    def post(self, request, *args, **kwargs) -> HttpResponse:
        forms = self.build_forms(request.POST, request.FILES)
        # Every part is validated, so the page shows all its errors at once.
        results = [
            forms["form"].is_valid(),
            forms["image_formset"].is_valid(),
            *(each.is_valid() for each in forms["offer_forms"]),
        ]
        if not all(results):
            return self.render_to_response(self.get_context_data(**forms))
        try:
            product = vendor_product_save(
                vendor=self.vendor,
                product_form=forms["form"],
                image_formset=forms["image_formset"],
                category=forms["form"].cleaned_data["category"],
                sku=forms["form"].cleaned_data["sku"],
                offers=[each.offer() for each in forms["offer_forms"]],
            )
        except StockBelowAllocatedError as exc:
            # A checkout allocated units since the form was checked.
            for each in forms["offer_forms"]:
                if each.market.pk == exc.market:
                    each.add_error("num_in_stock", str(exc))
            return self.render_to_response(self.get_context_data(**forms))
        except VendorError as exc:
            messages.error(request, str(exc))
            return self.render_to_response(self.get_context_data(**forms))
        messages.success(
            request, _("“%(title)s” is saved.") % {"title": product.get_title()}
        )
        return redirect("vendors:seller-product-edit", pk=product.pk)


class SellerProductPublishView(SellerMixin, View):
    """Publish or unpublish one of the vendor's products."""

    def post(self, request, pk: int) -> HttpResponse:
        try:
            product = seller_product_get(vendor=self.vendor, pk=pk)
        except Product.DoesNotExist as exc:
            raise Http404 from exc
        publish = request.POST.get("publish") == "1"
        vendor_product_publish(vendor=self.vendor, product=product, is_public=publish)
        if publish:
            message = _("“%(title)s” is published.")
        else:
            message = _("“%(title)s” is taken off the storefront.")
        messages.success(request, message % {"title": product.get_title()})
        return redirect("vendors:seller-product-list")
