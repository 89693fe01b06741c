"""Matching a file's rows to the vendor's own products, and what each changes."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.models import fill_translated_slugs
from vendors.exceptions import stock_below_allocated_message
from vendors.services.bulk.rows import (
    KEEP,
    Offer,
    Row,
    RowErrors,
    batched,
    title_columns,
)

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


@dataclass
class Plan:
    """What the rows change: new products, and changes to existing ones."""

    new: list[Row] = field(default_factory=list)
    products: list = field(default_factory=list)  # changed products
    moved: dict[int, int] = field(default_factory=dict)  # product: category
    offers_new: list = field(default_factory=list)
    offers_changed: list = field(default_factory=list)
    offers_removed: list[int] = field(default_factory=list)
    updated: int = 0


def rows_match(rows: list[Row], *, vendor, markets: dict) -> tuple[Plan, list[dict]]:
    """Find each row's product among the vendor's own and work out its changes.

    A row's SKU finds the vendor's product with that SKU (`VendorProduct.sku`,
    unique per vendor, so at most one); a SKU none of them has makes a new
    product. A row is rejected if the vendor uses its SKU on an offer of
    another vendor's product, since the SKU is copied to the vendor's offers.
    """
    plan = Plan()
    errors: list[dict] = []
    for batch in batched(rows):
        found = _batch_lookup(batch, vendor=vendor)
        for row in batch:
            row_errors = RowErrors(row.number)
            product = found["owned"].get(row.sku)
            if row.sku in found["offered"]:
                row_errors.add(
                    "sku",
                    _(
                        "This SKU is on your offer of another vendor's product; "
                        "use another SKU for a product of your own."
                    ),
                )
            elif product is None:
                _row_new(row, found, plan, row_errors)
            elif not product.is_standalone:
                row_errors.add(
                    "sku",
                    _(
                        "This SKU belongs to a product with variants, which "
                        "cannot be changed from a file."
                    ),
                )
            else:
                _row_existing(row, product, found, markets, plan, row_errors)
            errors += row_errors.items
    return plan, errors


def _batch_lookup(batch: list[Row], *, vendor) -> dict:
    """Read what a batch of rows needs, in a fixed number of queries."""
    skus = [row.sku for row in batch]
    owned = {
        product.vendor_product.sku: product
        for product in Product._default_manager.filter(
            vendor_product__partner=vendor, vendor_product__sku__in=skus
        ).select_related("vendor_product")
    }
    offered = set(
        StockRecord._default_manager.filter(partner=vendor, partner_sku__in=skus)
        .exclude(product__vendor_product__partner=vendor)
        .values_list("partner_sku", flat=True)
    )
    product_ids = [product.pk for product in owned.values()]
    categories: dict[int, set[int]] = defaultdict(set)
    for product_id, category_id in ProductCategory._default_manager.filter(
        product_id__in=product_ids
    ).values_list("product_id", "category_id"):
        categories[product_id].add(category_id)
    offers: dict[int, dict] = defaultdict(dict)
    for record in StockRecord._default_manager.filter(
        partner=vendor, product_id__in=product_ids
    ):
        offers[record.product_id][record.market_id] = record
    upcs = [row.upc for row in batch if isinstance(row.upc, str)]
    upc_owners = dict(
        Product._default_manager.filter(upc__in=upcs).values_list("upc", "pk")
    )
    return {
        "owned": owned,
        "offered": offered,
        "categories": categories,
        "offers": offers,
        "upcs": upc_owners,
    }


def _row_new(row: Row, found: dict, plan: Plan, errors: RowErrors) -> None:
    if not any(row.texts.get(column) for column in title_columns()):
        _title_missing(errors)
    if row.category_id is None:
        errors.add("category", _("Give a category code for a new product."))
    if isinstance(row.upc, str) and row.upc in found["upcs"]:
        errors.add("upc", _("Another product has this barcode already."))
    if not errors.items:
        plan.new.append(row)


def _row_existing(
    row: Row, product, found: dict, markets: dict, plan: Plan, errors: RowErrors
) -> None:
    now = timezone.now()
    changed = False
    for column, text in row.texts.items():
        if (getattr(product, column) or "") != (text or ""):
            setattr(product, column, text)
            changed = True
    if not any(getattr(product, column) for column in title_columns()):
        _title_missing(errors)
    # Oscar's NullCharField reads a missing barcode (NULL) as "".
    if row.upc is not KEEP and row.upc != (product.upc or None):
        if found["upcs"].get(row.upc, product.pk) != product.pk:
            errors.add("upc", _("Another product has this barcode already."))
        product.upc = row.upc
        changed = True
    if row.is_public is not None and row.is_public != product.is_public:
        product.is_public = row.is_public
        changed = True
    if row.weight is not KEEP and row.weight != product.weight:
        product.weight = row.weight
        changed = True
    moved = (
        row.category_id is not None
        and row.category_id not in found["categories"][product.pk]
    )
    current = found["offers"][product.pk]
    offers_new, offers_changed, offers_removed = [], [], []
    for code, offer in row.offers.items():
        record = current.get(code)
        if offer is KEEP:
            continue
        if offer is None:
            if record is not None:
                offers_removed.append(record.pk)
            continue
        if record is None:
            if offer.price is KEEP:
                errors.add(
                    f"price_{code}",
                    _("Give a price in %(market)s: you do not sell there yet.")
                    % {"market": markets[code].name},
                )
                continue
            offers_new.append(offer_new(product.pk, row, code, offer, markets))
            continue
        price = record.price if offer.price is KEEP else offer.price
        stock = (
            record.num_in_stock if offer.num_in_stock is KEEP else offer.num_in_stock
        )
        if (stock or 0) < (record.num_allocated or 0):
            errors.add(
                f"stock_{code}", stock_below_allocated_message(record.num_allocated)
            )
            continue
        currency = markets[code].currency
        if (record.price, record.num_in_stock or 0, record.price_currency) != (
            price,
            stock or 0,
            currency,
        ):
            record.price = price
            record.num_in_stock = stock
            record.price_currency = currency
            record.date_updated = now
            offers_changed.append(record)
    if errors.items:
        return
    if changed:
        fill_translated_slugs(product, "title")
        product.date_updated = now
        plan.products.append(product)
    if moved:
        plan.moved[product.pk] = row.category_id
    plan.offers_new += offers_new
    plan.offers_changed += offers_changed
    plan.offers_removed += offers_removed
    if changed or moved or offers_new or offers_changed or offers_removed:
        plan.updated += 1


def _title_missing(errors: RowErrors) -> None:
    errors.add(
        ", ".join(title_columns()),
        _("Give the product a title in at least one language."),
    )


def offer_new(
    product_id: int | None, row: Row, code: str, offer: Offer, markets: dict
) -> "StockRecord":
    """A new offer; its vendor is set when it is written."""
    return StockRecord(
        product_id=product_id,
        market_id=code,
        partner_sku=row.sku,
        price=offer.price,
        price_currency=markets[code].currency,
        num_in_stock=0 if offer.num_in_stock is KEEP else offer.num_in_stock,
    )
