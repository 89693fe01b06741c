"""Forms of the seller dashboard."""

from decimal import Decimal
from typing import ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname
from oscar.apps.dashboard.catalogue.forms import ProductForm as OscarProductForm
from oscar.core.loading import get_model

from catalog.pricing import minor_unit, minor_unit_validate
from vendors.exceptions import StockBelowAllocatedError, stock_below_allocated_message
from vendors.services.products import Offer

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
Market = get_model("catalogue", "Market")
StockRecord = get_model("partner", "StockRecord")
VendorProduct = get_model("partner", "VendorProduct")

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def localized(field: str) -> list[str]:
    return [build_localized_fieldname(field, code) for code in LANGUAGE_CODES]


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories in tree order, each named with its parents ("Дом / Кухня")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paths: dict[int, str] = {}

    def set_tree(self, categories) -> None:
        names: list[str] = []
        for category in categories:
            del names[category.depth - 1 :]
            names.append(str(category.name))
            self.paths[category.pk] = " / ".join(names)
        self.queryset = categories

    def label_from_instance(self, category) -> str:
        return self.paths.get(category.pk, str(category.name))


class SellerProductForm(OscarProductForm):
    """A product's texts in every language side by side, its category and SKU.

    The SKU is the vendor's (VendorProduct.sku), kept whether or not the
    product is offered in any market.

    Oscar's dashboard form adds the product class's attributes and saves
    their values.
    """

    sku = forms.CharField(
        label=pgettext_lazy("vendor's own product code", "SKU"),
        max_length=128,
        help_text=_("Your own code for this product; the same in every market."),
    )
    category = CategoryChoiceField(
        label=_("Category"), queryset=Category._default_manager.none()
    )

    class Meta(OscarProductForm.Meta):
        fields: ClassVar = [
            *localized("title"),
            *localized("description"),
            "upc",
            "weight",
            "is_public",
            "structure",
        ]
        widgets: ClassVar = {
            "structure": forms.HiddenInput(),
            **{
                name: forms.Textarea(attrs={"rows": 5, "lang": name.rsplit("_", 1)[1]})
                for name in localized("description")
            },
            **{
                name: forms.TextInput(attrs={"lang": name.rsplit("_", 1)[1]})
                for name in localized("title")
            },
        }

    def __init__(self, product_class, *args, vendor, **kwargs):
        super().__init__(product_class, *args, **kwargs)
        self.vendor = vendor
        names = dict(settings.LANGUAGES)
        for code in LANGUAGE_CODES:
            title = self.fields[build_localized_fieldname("title", code)]
            title.label = _("Title (%(language)s)") % {"language": _(names[code])}
            description = self.fields[build_localized_fieldname("description", code)]
            description.label = _("Description (%(language)s)") % {
                "language": _(names[code])
            }
        self.fields["upc"].label = _("Barcode (EAN/UPC)")
        self.fields["weight"].help_text = _(
            "The packed parcel's weight, which shipping rates are banded by."
        )
        self.fields["weight"].widget.attrs.update(
            step="0.001", min="0.001", inputmode="decimal"
        )
        self.fields["is_public"].label = _("Published")
        self.fields["category"].set_tree(Category._default_manager.order_by("path"))
        if self.instance.pk:
            # The product comes from seller_product_get: the vendor's own,
            # with its categories and its VendorProduct loaded.
            first = next(iter(self.instance.categories.all()), None)
            if first is not None:
                self.initial["category"] = first.pk
            self.initial["sku"] = self.instance.vendor_product.sku

    def title_fields(self) -> list:
        return [self[name] for name in localized("title")]

    def description_fields(self) -> list:
        return [self[name] for name in localized("description")]

    def attribute_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("attr_")]

    def clean(self):
        cleaned_data = super().clean()
        if not any(cleaned_data.get(name) for name in localized("title")):
            raise ValidationError(
                _("Give the product a title in at least one language."),
                code="title_required",
            )
        return cleaned_data

    def clean_sku(self) -> str:
        sku = self.cleaned_data["sku"].strip()
        taken = VendorProduct._default_manager.filter(
            partner=self.vendor, sku=sku
        ).exclude(product_id=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _("Another of your products has this SKU."), code="sku_taken"
            )
        # The SKU is copied to the vendor's offers, and no two offers of a
        # vendor in one market share a SKU.
        offered = StockRecord._default_manager.filter(
            partner=self.vendor, partner_sku=sku
        ).exclude(product__vendor_product__partner=self.vendor)
        if offered.exists():
            raise ValidationError(
                _(
                    "This SKU is on your offer of another vendor's product; "
                    "use another SKU for a product of your own."
                ),
                code="sku_offered",
            )
        return sku


class ProductImageForm(forms.ModelForm):
    """A photo: the file, its text for those who cannot see it, its place."""

    class Meta:
        model = ProductImage
        fields = ("original", "caption", "display_order")
        labels: ClassVar = {
            "original": _("Photo"),
            "caption": _("Alternative text"),
            "display_order": _("Position"),
        }
        help_texts: ClassVar = {
            "caption": _("What the photo shows, for shoppers who cannot see it."),
        }
        widgets: ClassVar = {
            "original": forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp"}
            ),
            "display_order": forms.NumberInput(attrs={"min": 0}),
        }


ProductImageFormSet = forms.inlineformset_factory(
    Product, ProductImage, form=ProductImageForm, extra=2, can_delete=True
)


class OfferForm(forms.Form):
    """The vendor's price and stock in one market; no price: not sold there."""

    price = forms.DecimalField(
        label=_("Price with VAT"), required=False, min_value=Decimal(0), max_digits=12
    )
    num_in_stock = forms.IntegerField(
        label=_("In stock"), required=False, min_value=0, initial=0
    )

    def __init__(self, *args, market, allocated: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.market = market
        self.allocated = allocated
        self.step = minor_unit(market.currency)
        self.fields["price"].widget.attrs.update(
            step=str(self.step), inputmode="decimal"
        )
        self.fields["price"].label = _("Price in %(currency)s, VAT included") % {
            "currency": market.currency
        }

    def clean_price(self) -> Decimal | None:
        price = self.cleaned_data.get("price")
        minor_unit_validate(price, self.market.currency)
        return price

    def clean_num_in_stock(self) -> int | None:
        stock = self.cleaned_data.get("num_in_stock")
        if stock is not None and stock < self.allocated:
            raise ValidationError(
                stock_below_allocated_message(self.allocated),
                code=StockBelowAllocatedError.code,
            )
        return stock

    def offer(self) -> Offer:
        return Offer(
            market=self.market,
            price=self.cleaned_data.get("price"),
            num_in_stock=self.cleaned_data.get("num_in_stock") or 0,
        )


def offer_forms(*, data=None, product=None, vendor) -> list[OfferForm]:
    """One offer form per market, filled with the vendor's current offers."""
    current = {}
    if product is not None and product.pk:
        current = {
            record.market_id: record
            for record in StockRecord._default_manager.filter(
                product=product, partner=vendor
            )
        }
    forms_ = []
    for market in Market._default_manager.order_by("code"):
        record = current.get(market.code)
        initial = (
            {"price": record.price, "num_in_stock": record.num_in_stock}
            if record
            else {}
        )
        forms_.append(
            OfferForm(
                data,
                market=market,
                prefix=f"offer-{market.code}",
                initial=initial,
                allocated=(record.num_allocated or 0) if record else 0,
            )
        )
    return forms_


class VendorInvitationForm(forms.Form):
    """The email address of the person the owner invites to the team."""

    email = forms.EmailField(
        label=_("Email"),
        help_text=_(
            "They will get a link to accept; it works for 7 days. "
            "They sign in or register with this address."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class CatalogueUploadForm(forms.Form):
    """A catalogue file to upload; its content is judged by the service."""

    file = forms.FileField(
        label=_("Catalogue file (CSV or XLSX)"),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "At most %(size)d MB and %(rows)d rows; a larger catalogue goes in parts."
        ) % {
            "size": settings.MARKETPLACE_VENDOR_UPLOAD_MAX_BYTES // (1024 * 1024),
            "rows": settings.MARKETPLACE_VENDOR_UPLOAD_MAX_ROWS,
        }
