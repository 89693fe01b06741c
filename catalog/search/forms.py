"""Search and sorting forms for catalogue pages, read straight from the database."""

from typing import ClassVar

from django import forms
from django.forms.widgets import Input
from django.utils.translation import gettext_lazy as _


class SearchInput(Input):
    input_type = "search"


class BrowseCategoryForm(forms.Form):
    """Sorting of a product list; unknown values fall back to the default order."""

    SORT_BY_CHOICES: ClassVar = [
        ("newest", _("Newest")),
        ("price-asc", _("Price low to high")),
        ("price-desc", _("Price high to low")),
        ("title-asc", _("Title A to Z")),
        ("title-desc", _("Title Z to A")),
    ]

    sort_by = forms.ChoiceField(
        label=_("Sort by"),
        choices=SORT_BY_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-control"}),
    )

    def sort(self) -> str:
        return self.cleaned_data.get("sort_by", "") if self.is_valid() else ""


CategoryForm = BrowseCategoryForm


class SearchForm(BrowseCategoryForm):
    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("Search"),
        widget=SearchInput(
            attrs={
                "placeholder": _("Search"),
                "class": "form-control",
                "autocomplete": "off",
            }
        ),
    )

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""
