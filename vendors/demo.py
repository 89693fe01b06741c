"""The demo vendors: their owners, applications in every state, products and offers.

Keyed by vendor code and UPC, so loading the demo twice changes nothing.
"""

import zlib
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import phonenumbers
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from oscar.core.loading import get_model

from catalog.demo import demo_product_image, demo_product_specs, translated
from vendors.models import VendorRole, VendorStatus
from vendors.services import vendor_transition

Category = get_model("catalogue", "Category")
Market = get_model("catalogue", "Market")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Partner = get_model("partner", "Partner")
VendorMember = get_model("partner", "VendorMember")
VendorProduct = get_model("partner", "VendorProduct")
VendorDocument = get_model("partner", "VendorDocument")
StockRecord = get_model("partner", "StockRecord")

User = get_user_model()

DEMO_PASSWORD = "marketplace-demo"  # noqa: S105 - published demo logins


STAFF_EMAIL = "staff@example.com"


STAFF_GROUP = "All Oscar Dashboard Permissions"


IMAGES_PER_PRODUCT = 2


# Demo exchange rates from the catalogue's RUB prices, and each currency's
# shelf-price step: prices end in 90 (RUB, KZT), in 00 (KRW) or in .90 (EUR).
DEMO_RATES = {
    "RUB": Decimal(1),
    "KZT": Decimal("5.9"),
    "KRW": Decimal(17),
    "EUR": Decimal("0.0105"),
}


SHELF_STEPS = {
    "RUB": (100, 10),
    "KZT": (100, 10),
    "KRW": (100, 0),
    "EUR": (1, Decimal("0.10")),
}


def vendor_email(code: str) -> str:
    return f"vendor-{code}@example.com"


def demo_user(email: str, *, first_name: str, last_name: str, **flags: bool) -> "User":
    user, created = User._default_manager.get_or_create(
        email=email,
        defaults={
            "username": email.split("@")[0][:30],
            "first_name": first_name,
            "last_name": last_name,
            **flags,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def demo_staff_create() -> None:
    """Create the staff login, who reviews the vendors' applications."""
    staff = demo_user(
        STAFF_EMAIL, first_name="Ольга", last_name="Смирнова", is_staff=True
    )
    staff.groups.add(Group.objects.get(name=STAFF_GROUP))


def _shelf_price(rub_price: Decimal, currency: str) -> Decimal:
    """Convert a demo RUB price to a shelf price in the currency."""
    step, below = SHELF_STEPS[currency]
    steps = (rub_price * DEMO_RATES[currency] / step).to_integral_value() or 1
    return (steps * step - below).quantize(Decimal("0.01"))


def _vendor_legal_details(vendor: dict[str, Any]) -> dict[str, Any]:
    """The company details of a demo vendor, as the application form stores them."""
    legal = vendor["legal"]
    return {
        **legal,
        "country": vendor["country"],
        # Written in the vendor's country's own language where the demo has it.
        "legal_address": vendor.get("city", {}).get(
            {"KR": "ko", "LV": "en"}.get(vendor["country"], "ru"), ""
        ),
        "contact_name": legal["representative"],
        "contact_email": vendor_email(vendor["code"]),
        "phone": phonenumbers.format_number(
            phonenumbers.parse(legal["phone"]), phonenumbers.PhoneNumberFormat.E164
        ),
        "payout_account_holder": legal["legal_name"],
        "payout_bank_name": "Demo Bank",
        "payout_account": "LV80BANK0000435195001"
        if vendor["country"] == "LV"
        else "40702810900000000001",
    }


@transaction.atomic
def demo_vendors_create(catalogue: dict[str, Any]) -> dict[str, "Partner"]:
    """Create the selling vendors and their owners' logins; return them by code.

    Also the applicants, one in every other state of the application, with
    the audit trail that led there.
    """
    vendors = {}
    staff = User._default_manager.get(email=STAFF_EMAIL)
    for vendor in [*catalogue["vendors"], *catalogue["applicants"]]:
        status = vendor.get("status", VendorStatus.APPROVED)
        partner, created = Partner._default_manager.update_or_create(
            code=vendor["code"],
            defaults={"name": vendor["name"], **_vendor_legal_details(vendor)},
            create_defaults={
                "name": vendor["name"],
                "status": VendorStatus.DRAFT
                if status != VendorStatus.APPROVED
                else status,
                **_vendor_legal_details(vendor),
            },
        )
        user = demo_user(
            vendor_email(vendor["code"]), first_name=vendor["name"][:30], last_name=""
        )
        VendorMember._default_manager.get_or_create(
            user=user, defaults={"partner": partner, "role": VendorRole.OWNER}
        )
        if created and status != VendorStatus.APPROVED:
            _demo_application_file(partner, staff=staff, status=status, owner=user)
        if status == VendorStatus.APPROVED:
            vendors[vendor["code"]] = partner
    return vendors


# How each demo applicant got to its state: (status, who, note).
APPLICATION_PATHS = {
    VendorStatus.DRAFT: [],
    VendorStatus.SUBMITTED: [(VendorStatus.SUBMITTED, "owner", "")],
    VendorStatus.MORE_INFO: [
        (VendorStatus.SUBMITTED, "owner", ""),
        (VendorStatus.MORE_INFO, "staff", "Please upload the bank confirmation."),
    ],
    VendorStatus.REJECTED: [
        (VendorStatus.SUBMITTED, "owner", ""),
        (VendorStatus.REJECTED, "staff", "The registration number is not yours."),
    ],
    VendorStatus.SUSPENDED: [
        (VendorStatus.SUBMITTED, "owner", ""),
        (VendorStatus.APPROVED, "staff", "Documents check out."),
        (VendorStatus.SUSPENDED, "staff", "Complaints about counterfeit goods."),
    ],
}


DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _demo_application_file(partner: "Partner", *, staff, status: str, owner) -> None:
    VendorDocument._default_manager.create(
        partner=partner,
        kind="registration",
        file=ContentFile(DEMO_PDF, name="registration.pdf"),
        original_name="registration.pdf",
        content_type="application/pdf",
        size=len(DEMO_PDF),
        uploaded_by=owner,
    )
    for to_status, who, note in APPLICATION_PATHS[status]:
        vendor_transition(
            vendor=partner,
            to_status=to_status,
            actor=staff if who == "staff" else owner,
            note=note,
        )


@transaction.atomic
def demo_weight(upc: str) -> Decimal:
    """A parcel weight from 0.2 to 4 kg, the same for a UPC on every load."""
    return Decimal(zlib.crc32(upc.encode()) % 20 + 1) / 5


def demo_product_create(
    *,
    spec: dict[str, Any],
    product_class: "ProductClass",
    category: "Category",
    vendor: "Partner",
) -> None:
    """Create a product of the vendor with its category, images and offers.

    The product is the vendor's (VendorProduct), its SKU the upper-cased UPC,
    which its stock records (one per market) carry as well. An existing
    product only becomes the vendor's, if it belongs to nobody yet (a demo
    loaded before products had owners).
    """
    sku = spec["upc"].upper()
    existing = Product._default_manager.filter(upc=spec["upc"]).first()
    if existing is not None:
        VendorProduct._default_manager.get_or_create(
            product=existing, defaults={"partner": vendor, "sku": sku}
        )
        return
    product = Product._default_manager.create(
        upc=spec["upc"],
        product_class=product_class,
        structure=Product.STANDALONE,
        **translated("title", spec["title"]),
        **translated("description", spec["description"]),
        weight=demo_weight(spec["upc"]),
    )
    VendorProduct._default_manager.create(product=product, partner=vendor, sku=sku)
    ProductCategory._default_manager.create(product=product, category=category)
    for index in range(IMAGES_PER_PRODUCT):
        image = ProductImage(
            product=product, display_order=index, caption=spec["title"]["en"]
        )
        image.original.save(
            f"{spec['upc']}-{index + 1}.jpg",
            ContentFile(demo_product_image(spec["upc"], index)),
            save=False,
        )
        image.save()
    for market in Market._default_manager.filter(pk__in=spec["markets"]):
        StockRecord._default_manager.create(
            product=product,
            partner=vendor,
            market=market,
            partner_sku=sku,
            price_currency=market.currency,
            price=_shelf_price(spec["price"], market.currency),
            num_in_stock=spec["stock"],
        )


def demo_products_create(
    catalogue: dict[str, Any],
    *,
    vendors: dict[str, "Partner"],
    categories: dict[str, "Category"],
    progress: Callable[[Iterable], Iterable] = iter,
) -> int:
    """Create the demo products that do not exist yet; return how many there are."""
    product_class, _created = ProductClass._default_manager.get_or_create(
        slug="goods",
        defaults={"name": "Goods", "requires_shipping": True, "track_stock": True},
    )
    specs = demo_product_specs(catalogue)
    for spec in progress(specs):
        demo_product_create(
            spec=spec,
            product_class=product_class,
            category=categories[spec["category"]],
            vendor=vendors[spec["vendor"]],
        )
    return len(specs)
