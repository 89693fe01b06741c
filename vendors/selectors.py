"""Vendor reads."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from oscar.core.loading import get_model
from oscar.core.prices import Price

from vendors.identifiers import identifier_kinds
from vendors.models import VendorRole

Partner = get_model("partner", "Partner")
VendorMember = get_model("partner", "VendorMember")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

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


def vendor_member_get(*, user) -> "VendorMember | None":
    """Return the user's membership of a vendor, with the vendor, or None."""
    if not user.is_authenticated:
        return None
    return (
        VendorMember._default_manager.select_related("partner")
        .filter(user=user)
        .first()
    )


def vendor_for_user(*, user) -> "Partner | None":
    """Return the vendor the user acts for, or None."""
    member = vendor_member_get(user=user)
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


def seller_product_list(
    *, vendor: "Partner", query: str = "", status: str = ""
) -> QuerySet:
    """Return the vendor's own products, newest first, with what the list shows.

    Their class, images and the vendor's own offers with their market.
    `status` narrows to "published" or "unpublished" ones.
    """
    products = (
        Product._default_manager.filter(vendor_product__partner=vendor)
        .select_related("product_class")
        .prefetch_related(
            "images",
            Prefetch(
                "stockrecords",
                queryset=StockRecord._default_manager.filter(partner=vendor)
                .select_related("market")
                .order_by("market_id"),
            ),
        )
    )
    query = query.strip()
    if query:
        matches = Q(upc__iexact=query) | Q(vendor_product__sku__iexact=query)
        for code, _name in settings.LANGUAGES:
            matches |= Q(
                **{f"{build_localized_fieldname('title', code)}__icontains": query}
            )
        products = products.filter(matches)
    if status == "published":
        products = products.filter(is_public=True)
    elif status == "unpublished":
        products = products.filter(is_public=False)
    return products.order_by("-date_created", "-pk")


def seller_product_get(*, vendor: "Partner", pk: int) -> "Product":
    """Return the vendor's own product (raises Product.DoesNotExist otherwise)."""
    return (
        Product._default_manager.filter(vendor_product__partner=vendor)
        .select_related("product_class", "vendor_product")
        .prefetch_related("categories")
        .get(pk=pk)
    )


# The seller dashboard reads the order lines of the vendor's goods (Oscar's
# Line carries its vendor); orders are written by the orders app alone.
Order = get_model("order", "Order")
OrderLine = get_model("order", "Line")
VendorInvitation = get_model("partner", "VendorInvitation")

# The periods the figures cover, in days, today included.
SALES_PERIODS = (1, 7, 30)
# The status that takes an order or a line out of the figures, where the
# order status pipeline has it (a plain string: vendors imports nothing of
# the orders app).
CANCELLED_STATUS = "Cancelled"


def _seller_lines(*, vendor: "Partner") -> QuerySet:
    return OrderLine._default_manager.filter(partner=vendor)


@dataclass(frozen=True)
class SalesPeriod:
    """The vendor's sales over the last `days` days, today included."""

    days: int
    since: datetime.datetime
    revenue: list[Price]  # one per currency, VAT included
    orders: int
    units: int


@dataclass(frozen=True)
class TopProduct:
    product: "Product"
    units: int
    revenue: list[Price]  # one per currency, VAT included


def _period_start(*, now: datetime.datetime, days: int) -> datetime.datetime:
    """Return midnight (current time zone) of the first of the last `days` days."""
    first_day = timezone.localdate(now) - datetime.timedelta(days=days - 1)
    return timezone.make_aware(datetime.datetime.combine(first_day, datetime.time()))


def _sold_lines(
    *, vendor: "Partner", since: datetime.datetime, now: datetime.datetime
) -> QuerySet:
    """The vendor's lines of orders placed since then, cancelled ones left out."""
    lines = _seller_lines(vendor=vendor).filter(
        order__date_placed__gte=since, order__date_placed__lte=now
    )
    if CANCELLED_STATUS in settings.OSCAR_ORDER_STATUS_PIPELINE:
        lines = lines.exclude(order__status=CANCELLED_STATUS).exclude(
            status=CANCELLED_STATUS
        )
    return lines


def seller_sales_list(
    *, vendor: "Partner", now: datetime.datetime
) -> list[SalesPeriod]:
    """Return the vendor's revenue, orders and units for each of SALES_PERIODS.

    One aggregate query, grouped by currency: a vendor selling in several
    markets earns in several currencies, which are never added together.
    An order is in one currency, so its orders and units add up across them.
    """
    starts = {days: _period_start(now=now, days=days) for days in SALES_PERIODS}
    aggregates = {}
    for days, since in starts.items():
        placed = Q(order__date_placed__gte=since)
        aggregates[f"incl_{days}"] = models.Sum("line_price_incl_tax", filter=placed)
        aggregates[f"excl_{days}"] = models.Sum("line_price_excl_tax", filter=placed)
        aggregates[f"units_{days}"] = models.Sum("quantity", filter=placed)
        aggregates[f"orders_{days}"] = models.Count(
            "order", filter=placed, distinct=True
        )
    rows = list(
        _sold_lines(vendor=vendor, since=min(starts.values()), now=now)
        .order_by("order__currency")
        .values("order__currency")
        .annotate(**aggregates)
    )
    periods = []
    for days, since in starts.items():
        sold = [row for row in rows if row[f"orders_{days}"]]
        periods.append(
            SalesPeriod(
                days=days,
                since=since,
                revenue=[
                    Price(
                        currency=row["order__currency"],
                        excl_tax=row[f"excl_{days}"],
                        incl_tax=row[f"incl_{days}"],
                    )
                    for row in sold
                ],
                orders=sum(row[f"orders_{days}"] for row in sold),
                units=sum(row[f"units_{days}"] for row in sold),
            )
        )
    return periods


def seller_top_product_list(
    *, vendor: "Partner", now: datetime.datetime, days: int = 30, limit: int = 10
) -> list[TopProduct]:
    """Return the vendor's best sellers of the last `days` days, by units sold.

    Three queries whatever the sales: the top products, their revenue per
    currency, the products themselves (titles in the page's language).
    Lines of products deleted since are left out.
    """
    lines = _sold_lines(
        vendor=vendor, since=_period_start(now=now, days=days), now=now
    ).filter(product__isnull=False)
    top = list(
        lines.order_by()
        .values("product_id")
        .annotate(units=models.Sum("quantity"))
        .order_by("-units", "product_id")[:limit]
    )
    ids = [row["product_id"] for row in top]
    revenue: dict[int, list[Price]] = {pk: [] for pk in ids}
    for row in (
        lines.filter(product_id__in=ids)
        .order_by("order__currency")
        .values("product_id", "order__currency")
        .annotate(
            incl=models.Sum("line_price_incl_tax"),
            excl=models.Sum("line_price_excl_tax"),
        )
    ):
        revenue[row["product_id"]].append(
            Price(
                currency=row["order__currency"],
                excl_tax=row["excl"],
                incl_tax=row["incl"],
            )
        )
    products = Product._default_manager.select_related("parent").in_bulk(ids)
    return [
        TopProduct(
            product=products[row["product_id"]],
            units=row["units"],
            revenue=revenue[row["product_id"]],
        )
        for row in top
    ]


def seller_member_list(*, vendor: "Partner") -> QuerySet:
    """Return the vendor's users with their accounts, owners first, then by age."""
    return (
        VendorMember._default_manager.filter(partner=vendor)
        .select_related("user")
        .order_by(
            models.Case(
                models.When(role=VendorRole.OWNER, then=0),
                default=1,
            ),
            "created_at",
            "pk",
        )
    )


def seller_member_get(*, vendor: "Partner", pk: int) -> "VendorMember":
    """Return one of the vendor's users (raises VendorMember.DoesNotExist)."""
    return (
        VendorMember._default_manager.filter(partner=vendor)
        .select_related("user")
        .get(pk=pk)
    )


def seller_invitation_list(*, vendor: "Partner") -> QuerySet:
    """Return the vendor's invitations not accepted yet, newest first.

    Expired ones are listed too, so the owner sees who never answered.
    """
    return (
        VendorInvitation._default_manager.filter(
            partner=vendor, accepted_at__isnull=True
        )
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def seller_invitation_get(*, vendor: "Partner", pk: int) -> "VendorInvitation":
    """Return an unaccepted invitation of the vendor's (raises DoesNotExist)."""
    return seller_invitation_list(vendor=vendor).get(pk=pk)


def vendor_invitation_get(*, token: str) -> "VendorInvitation":
    """Return the invitation with this token and its vendor (raises DoesNotExist)."""
    return VendorInvitation._default_manager.select_related(
        "partner", "invited_by"
    ).get(token=token)


# ---- Bulk upload and download of the catalogue. ----

VendorUpload = get_model("partner", "VendorUpload")


def vendor_upload_list(*, vendor: "Partner") -> QuerySet:
    """Return the vendor's catalogue uploads, newest first, without their reports."""
    return (
        VendorUpload._default_manager.filter(partner=vendor)
        .defer("errors")
        .order_by("-created_at", "-pk")
    )


def vendor_upload_get(*, vendor: "Partner", pk: int) -> "VendorUpload":
    """Return one of the vendor's uploads (raises VendorUpload.DoesNotExist)."""
    return VendorUpload._default_manager.filter(partner=vendor).get(pk=pk)


def seller_catalogue_export_list(*, vendor: "Partner") -> QuerySet:
    """Return the vendor's own products, oldest first, offered or not.

    Stand-alone products only (a file has no place for variants), each with
    its SKU (`vendor_product`), the vendor's offers by market
    (`vendor_offers`) and its categories that have a code, in tree order
    (`coded_categories`).
    """
    return (
        Product._default_manager.filter(
            vendor_product__partner=vendor, structure=Product.STANDALONE
        )
        .select_related("vendor_product")
        .prefetch_related(
            Prefetch(
                "stockrecords",
                queryset=StockRecord._default_manager.filter(partner=vendor).order_by(
                    "market__display_order", "market_id", "pk"
                ),
                to_attr="vendor_offers",
            ),
            Prefetch(
                "categories",
                queryset=Category._default_manager.exclude(code__isnull=True)
                .exclude(code="")
                .only("pk", "code", "path")
                .order_by("path"),
                to_attr="coded_categories",
            ),
        )
        .order_by("pk")
    )


def seller_category_code_list() -> list[tuple[str, str]]:
    """Return (code, path) of each category a catalogue file may name.

    In tree order, each named with its parents ("Дом / Кухня"), in the
    active language; categories without a code are only part of a path.
    """
    names: list[str] = []
    coded = []
    for category in Category._default_manager.order_by("path"):
        del names[category.depth - 1 :]
        names.append(str(category.name))
        if category.code:
            coded.append((category.code, " / ".join(names)))
    return coded
