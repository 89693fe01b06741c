"""Vendor reads."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from vendors.identifiers import identifier_kinds

Partner = get_model("partner", "Partner")
VendorMember = get_model("partner", "VendorMember")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

# What an application must hold before it is sent, besides the numbers the
# vendor's country asks for and at least one document.
APPLICATION_REQUIRED_FIELDS = (
    "legal_name",
    "legal_form",
    "country",
    "legal_address",
    "representative",
    "contact_name",
    "contact_email",
    "phone",
    "payout_account_holder",
    "payout_bank_name",
    "payout_account",
    "name",
    "slug",
)


def vendor_for_user(*, user) -> "Partner | None":
    """Return the vendor the user acts for, or None."""
    if not user.is_authenticated:
        return None
    member = (
        VendorMember._default_manager.select_related("partner")
        .filter(user=user)
        .first()
    )
    return member.partner if member else None


def vendor_missing_fields(*, vendor: "Partner") -> list[str]:
    """Return the names of what the application still lacks, in form order."""
    missing = [
        str(Partner._meta.get_field(name).verbose_name)
        for name in APPLICATION_REQUIRED_FIELDS
        if not getattr(vendor, name)
    ]
    for kind in identifier_kinds(vendor.country) if vendor.country else ():
        if kind.required and not getattr(vendor, kind.code):
            missing.append(str(kind.label))
    if not vendor.documents.exists():
        missing.append(str(_("Documents")))
    return missing


def vendor_selling_get(*, slug: str) -> "Partner":
    """Return the approved vendor with this store address (raises DoesNotExist)."""
    return Partner._default_manager.selling().get(slug=slug)


def vendor_event_list(*, vendor: "Partner") -> QuerySet:
    """Return the vendor's audit trail, oldest first, with who did each step."""
    return vendor.events.select_related("actor").order_by("created_at", "pk")


def vendor_category_list(*, vendor: "Partner", market) -> QuerySet:
    """Return the categories the vendor has products on sale in, in the market."""
    offered = ProductCategory._default_manager.filter(
        category=OuterRef("pk"),
        product__is_public=True,
        product__stockrecords__partner=vendor,
        product__stockrecords__market=market,
    )
    return Category._default_manager.filter(Exists(offered)).order_by("path")
