"""Catalogue, category and search pages listed straight from the database.

Oscar 4.2 lists these pages through django-haystack; with its SimpleEngine
they show no products at all. These views keep Oscar's names, templates and
URLs but read through catalog.selectors.
"""

from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.apps.search.signals import user_search
from oscar.core.loading import get_model

from catalog.search.forms import BrowseCategoryForm, SearchForm
from catalog.selectors import category_get, product_list, vendor_get

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")


class ProductListView(ListView):
    form_class = BrowseCategoryForm
    context_object_name = "products"
    page_kwarg = "page"

    def get_paginate_by(self, queryset) -> int:
        return settings.OSCAR_PRODUCTS_PER_PAGE

    def get(self, request, *args, **kwargs) -> HttpResponse:
        self.form = self.form_class(request.GET)
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            messages.error(request, _("The given page number was invalid."))
            return redirect(self.first_page_url())

    def first_page_url(self) -> str:
        return self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        return context


class CatalogueView(ProductListView):
    """All products. The old ?vendor=<id> filter moves to the vendor's page."""

    template_name = "oscar/catalogue/browse.html"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        if "vendor" in request.GET:
            try:
                vendor = vendor_get(pk=int(request.GET["vendor"]))
            except (ValueError, Partner.DoesNotExist) as exc:
                raise Http404 from exc
            return HttpResponsePermanentRedirect(vendor.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return product_list(market=self.request.market, sort=self.form.sort())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("All products")
        return context


class ProductCategoryView(ProductListView):
    """Products of a category and its subcategories."""

    template_name = "oscar/catalogue/browse.html"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        try:
            self.category = category_get(pk=kwargs["pk"])
        except Category.DoesNotExist as exc:
            raise Http404 from exc
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        # Categories are found by primary key, so an old or other-language
        # slug redirects to the current one.
        expected_path = self.category.get_absolute_url()
        if unquote(expected_path) != unquote(request.path):
            return HttpResponsePermanentRedirect(expected_path)
        return super().get(request, *args, **kwargs)

    def first_page_url(self) -> str:
        return self.category.get_absolute_url()

    def get_queryset(self):
        return product_list(
            market=self.request.market, category=self.category, sort=self.form.sort()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.name
        return context


class FacetedSearchView(ProductListView):
    """Products whose title, in any language, contains the query."""

    form_class = SearchForm
    template_name = "oscar/search/results.html"

    def get(self, request, *args, **kwargs) -> HttpResponse:
        user_search.send(
            sender=self,
            session=request.session,
            user=request.user,
            query=request.GET.get("q", ""),
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return product_list(
            market=self.request.market, query=self.form.query(), sort=self.form.sort()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.form.query()
        context["search_form"] = self.form
        return context
