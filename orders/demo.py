"""The demo marketplace: vendors, a translated catalogue, customers and past orders.

Everything is keyed by a stable natural key (category code, vendor code, UPC,
email, order number), so loading the demo twice changes nothing. Texts come
from demo_catalogue.json beside this module; product images are drawn here.
"""

import hashlib
import io
import json
import random
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname
from oscar.core.loading import get_class, get_model
from PIL import Image, ImageDraw

from orders.models import OrderPartStatus
from orders.services import order_part_transition
from vendors.models import VendorRole, VendorStatus
from vendors.services import vendor_transition

Category = get_model("catalogue", "Category")
CategoryVatRate = get_model("catalogue", "CategoryVatRate")
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
Basket = get_model("basket", "Basket")
Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Voucher = get_model("voucher", "Voucher")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Free = get_class("shipping.methods", "Free")
Selector = get_class("partner.strategy", "Selector")

User = get_user_model()

CATALOGUE_FILE = Path(__file__).with_name("demo_catalogue.json")
DEMO_PASSWORD = "marketplace-demo"  # noqa: S105 - published demo logins
STAFF_EMAIL = "staff@example.com"
CUSTOMER_EMAILS = ["anna@example.com", "minji@example.com", "arman@example.com"]
STAFF_GROUP = "All Oscar Dashboard Permissions"
IMAGES_PER_PRODUCT = 2
DEMO_ADDRESSES = {
    "RU": {"line1": "ул. Ленина, 1", "line4": "Москва", "postcode": "101000"},
    "KR": {"line1": "세종대로 110", "line4": "서울특별시", "postcode": "04524"},
    "KZ": {"line1": "пр. Абая, 10", "line4": "Алматы", "postcode": "050000"},
}
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


def load_catalogue() -> dict[str, Any]:
    return json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))


def translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    """Map {"ru": ..., "ko": ...} to {"name_ru": ..., "name_ko": ...}."""
    return {
        build_localized_fieldname(field, code): texts[code]
        for code, _name in settings.LANGUAGES
    }


def vendor_email(code: str) -> str:
    return f"vendor-{code}@example.com"


def _user(email: str, *, first_name: str, last_name: str, **flags: bool) -> "User":
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


def demo_site_update() -> None:
    """Name the site and point links in emails at the local server."""
    Site._default_manager.filter(pk=settings.SITE_ID).update(
        domain="127.0.0.1:8000", name=settings.OSCAR_SHOP_NAME
    )


@transaction.atomic
def demo_users_create() -> None:
    """Create the staff login and the demo customers."""
    staff = _user(STAFF_EMAIL, first_name="Ольга", last_name="Смирнова", is_staff=True)
    staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    names = [("Анна", "Иванова"), ("민지", "김"), ("Арман", "Сейткали")]
    for email, (first_name, last_name) in zip(CUSTOMER_EMAILS, names, strict=True):
        _user(email, first_name=first_name, last_name=last_name)


@transaction.atomic
def demo_markets_update(catalogue: dict[str, Any]) -> None:
    """Give the markets the demo operator's legal details and reduced VAT rates."""
    for code, details in catalogue["markets"].items():
        market = Market._default_manager.get(pk=code)
        for field, value in details.items():
            if isinstance(value, dict):
                for language, text in translated(field, value).items():
                    setattr(market, language, text)
            else:
                setattr(market, field, value)
        market.save()
    for reduced in catalogue["reduced_vat"]:
        CategoryVatRate._default_manager.update_or_create(
            market_id=reduced["market"],
            category=Category._default_manager.get(code=reduced["category"]),
            defaults={"rate": Decimal(reduced["rate"])},
        )


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
        user = _user(
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
def demo_categories_create(catalogue: dict[str, Any]) -> dict[str, "Category"]:
    """Create the two-level category tree; return the leaf categories by code."""
    leaves = {}
    for top in catalogue["categories"]:
        root = Category._default_manager.filter(code=top["code"]).first()
        if root is None:
            root = Category.add_root(
                code=top["code"],
                **translated("name", top["name"]),
                **translated("description", top["description"]),
            )
        for child in top["children"]:
            leaf = Category._default_manager.filter(code=child["code"]).first()
            if leaf is None:
                root.refresh_from_db()
                leaf = root.add_child(
                    code=child["code"],
                    **translated("name", child["name"]),
                    **translated("description", child["description"]),
                )
            leaves[child["code"]] = leaf
    return leaves


def _product_image(seed: str, index: int) -> bytes:
    """Draw a product picture: a soft gradient with a few shapes, as JPEG."""
    rng = random.Random(f"{seed}-{index}")  # noqa: S311 - pictures, not secrets
    size = 640
    base = [rng.randint(60, 200) for _ in range(3)]
    image = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(image)
    for y in range(size):
        shade = y / size
        draw.line(
            [(0, y), (size, y)],
            fill=tuple(int(c + (255 - c) * shade * 0.6) for c in base),
        )
    for _shape in range(3 + index):
        x, y = rng.randint(60, size - 220), rng.randint(60, size - 220)
        extent = rng.randint(120, 220)
        colour = tuple(rng.randint(20, 235) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse([x, y, x + extent, y + extent], fill=colour)
        else:
            draw.rounded_rectangle(
                [x, y, x + extent, y + extent], radius=24, fill=colour
            )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def _price(upc: str, low: int, high: int) -> Decimal:
    """A stable price between low and high, ending in 90 like real shelf prices."""
    digest = int(hashlib.sha256(upc.encode()).hexdigest(), 16)
    hundreds = low // 100 + digest % max(1, (high - low) // 100 + 1)
    return Decimal(hundreds * 100 - 10).quantize(Decimal("0.01"))


def demo_product_specs(catalogue: dict[str, Any]) -> list[dict[str, Any]]:
    """List every demo product as plain values: texts, category, vendor, price."""
    specs = []
    vendor_countries = {
        vendor["code"]: vendor["country"] for vendor in catalogue["vendors"]
    }
    for top in catalogue["categories"]:
        for child in top["children"]:
            low, high = child["price"]
            for kind_index, kind in enumerate(child["kinds"]):
                for variant_index, variant in enumerate(child["variants"]):
                    upc = f"{child['code']}-{kind_index + 1}{variant_index + 1}"
                    vendors = child["vendors"]
                    specs.append(
                        {
                            "upc": upc,
                            "category": child["code"],
                            "vendor": vendors[
                                (kind_index + variant_index) % len(vendors)
                            ],
                            "title": {
                                code: f"{kind['name'][code]}, {variant[code]}"
                                for code, _name in settings.LANGUAGES
                            },
                            "description": kind["description"],
                            "price": _price(upc, low, high),
                            "markets": catalogue["vendor_markets"][
                                vendor_countries[
                                    vendors[(kind_index + variant_index) % len(vendors)]
                                ]
                            ],
                            "stock": 5
                            + int(hashlib.md5(upc.encode()).hexdigest(), 16) % 60,  # noqa: S324
                        }
                    )
    return specs


@transaction.atomic
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
    )
    VendorProduct._default_manager.create(product=product, partner=vendor, sku=sku)
    ProductCategory._default_manager.create(product=product, category=category)
    for index in range(IMAGES_PER_PRODUCT):
        image = ProductImage(
            product=product, display_order=index, caption=spec["title"]["en"]
        )
        image.original.save(
            f"{spec['upc']}-{index + 1}.jpg",
            ContentFile(_product_image(spec["upc"], index)),
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


@transaction.atomic
def demo_order_create(
    *, number: str, user: "User", upcs: list[str], country: str
) -> None:
    """Place a past order in the country's market, unless it exists."""
    if Order._default_manager.filter(number=number).exists():
        return
    market = Market._default_manager.get(pk=country)
    basket = Basket._default_manager.create(owner=user, market=market)
    basket.strategy = Selector().strategy(user=user, market=market)
    for upc in upcs:
        basket.add_product(Product._default_manager.get(upc=upc), quantity=1)
    method = Free()
    shipping_charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, shipping_charge)
    address = ShippingAddress._default_manager.create(
        first_name=user.first_name,
        last_name=user.last_name,
        **DEMO_ADDRESSES[country],
        country=Country._default_manager.get(iso_3166_1_a2=country),
        phone_number="",
    )
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=shipping_charge,
        user=user,
        shipping_address=address,
        order_number=number,
    )
    source_type, _created = SourceType._default_manager.get_or_create(
        code="cash-on-delivery", defaults={"name": "Cash on delivery"}
    )
    Source._default_manager.create(
        order=order,
        source_type=source_type,
        currency=total.currency,
        amount_allocated=total.incl_tax,
    )
    basket.submit()
    Order._default_manager.filter(pk=order.pk).update(
        date_placed=timezone.now() - timezone.timedelta(days=int(number[-2:]) * 3)
    )
    _demo_parts_advance(order=order)


# The demo's parts of orders, in turn: where each is brought, and the path.
DEMO_PART_PATHS = [
    [],
    [OrderPartStatus.ACCEPTED],
    [OrderPartStatus.ACCEPTED, OrderPartStatus.PACKED],
    [OrderPartStatus.ACCEPTED, OrderPartStatus.PACKED, OrderPartStatus.SHIPPED],
    [
        OrderPartStatus.ACCEPTED,
        OrderPartStatus.PACKED,
        OrderPartStatus.SHIPPED,
        OrderPartStatus.DELIVERED,
    ],
    [OrderPartStatus.CANCELLED],
]


def _demo_parts_advance(*, order: "Order") -> None:
    """Bring the order's new parts to every status, the way vendors would."""
    for part in order.parts.order_by("pk"):
        path = DEMO_PART_PATHS[part.pk % len(DEMO_PART_PATHS)]
        for status in path:
            order_part_transition(
                part_id=part.pk,
                to_status=status,
                note="Нет в наличии" if status == OrderPartStatus.CANCELLED else "",
            )


def demo_orders_create() -> None:
    """Give each demo customer a few past orders."""
    rng = random.Random("orders")  # noqa: S311 - demo data
    countries = ["RU", "KR", "KZ"]
    for customer_index, email in enumerate(CUSTOMER_EMAILS):
        user = User._default_manager.get(email=email)
        upcs = list(
            Product._default_manager.filter(
                stockrecords__market_id=countries[customer_index]
            )
            .order_by("upc")
            .values_list("upc", flat=True)
        )
        for order_index in range(1, 3 + customer_index):
            demo_order_create(
                number=f"D{customer_index + 1}{order_index:02d}",
                user=user,
                upcs=rng.sample(upcs, k=1 + order_index % 3),
                country=countries[customer_index],
            )


# One threshold offer per market, in its own currency, and a voucher each for
# Russia and Korea: (market, name in ru / ko / en, threshold, percent, voucher
# code, amount off).
DEMO_OFFERS = [
    (
        "RU",
        ("Скидка 5 % от 5 000 ₽", "5,000₽ 이상 구매 시 5% 할인", "5% off 5,000 ₽"),
        "5000",
        "5",
        "PRIVET500",
        "500",
    ),
    (
        "KZ",
        ("Скидка 5 % от 25 000 ₸", "25,000₸ 이상 구매 시 5% 할인", "5% off 25,000 ₸"),
        "25000",
        "5",
        "",
        "",
    ),
    (
        "KR",
        ("Скидка 5 % от ₩50 000", "5만 원 이상 구매 시 5% 할인", "5% off ₩50,000"),
        "50000",
        "5",
        "ANNYEONG5000",
        "5000",
    ),
    (
        "LV",
        ("Скидка 5 % от 50 €", "50€ 이상 구매 시 5% 할인", "5% off 50 €"),
        "50",
        "5",
        "",
        "",
    ),
]


def _demo_offer(
    *,
    names: tuple[str, str, str],
    market: "Market",
    offer_type: str,
    benefit,
    condition,
):
    offer, created = ConditionalOffer._default_manager.get_or_create(
        name_ru=names[0],
        defaults={
            "name_ko": names[1],
            "name_en": names[2],
            "offer_type": offer_type,
            "benefit": benefit,
            "condition": condition,
            "exclusive": False,
        },
    )
    if created:
        offer.markets.set([market])
    return offer


@transaction.atomic
def demo_offers_create() -> None:
    """Create each market's demo offer and the Russian and Korean vouchers."""
    everything, _created = Range._default_manager.get_or_create(
        name_ru="Весь каталог",
        defaults={
            "name_ko": "모든 상품",
            "name_en": "the whole catalogue",
            "includes_all_products": True,
        },
    )
    now = timezone.now()
    for code, names, threshold, percent, voucher_code, amount in DEMO_OFFERS:
        market = Market._default_manager.get(pk=code)
        _demo_offer(
            names=names,
            market=market,
            offer_type=ConditionalOffer.SITE,
            condition=Condition._default_manager.get_or_create(
                range=everything, type=Condition.VALUE, value=Decimal(threshold)
            )[0],
            benefit=Benefit._default_manager.get_or_create(
                range=everything, type=Benefit.PERCENTAGE, value=Decimal(percent)
            )[0],
        )
        if not voucher_code:
            continue
        offer = _demo_offer(
            names=(voucher_code, voucher_code, voucher_code),
            market=market,
            offer_type=ConditionalOffer.VOUCHER,
            condition=Condition._default_manager.get_or_create(
                range=everything, type=Condition.COUNT, value=Decimal(1)
            )[0],
            benefit=Benefit._default_manager.get_or_create(
                range=everything, type=Benefit.FIXED, value=Decimal(amount)
            )[0],
        )
        voucher, created = Voucher._default_manager.get_or_create(
            code=voucher_code,
            defaults={
                "name": voucher_code,
                "start_datetime": now,
                "end_datetime": now.replace(year=now.year + 5),
            },
        )
        if created:
            voucher.offers.add(offer)
