"""A vendor's products: created, edited and published from the seller dashboard."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from vendors.exceptions import StockBelowAllocatedError, VendorProductNotOwnedError

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
VendorProduct = get_model("partner", "VendorProduct")


@dataclass(frozen=True)
class Offer:
    """The vendor's price and stock of a product in one market (no price: not sold)."""

    market: "object"
    price: Decimal | None
    num_in_stock: int


def vendor_product_save(
    *, vendor, product_form, image_formset, category, sku: str, offers: list[Offer]
) -> "Product":
    """Save a vendor's product, its SKU, category, photos and offers at once.

    `product_form` (Oscar's product form, which also saves the attribute
    values) and `image_formset` must be bound and valid, the SKU none of the
    vendor's other products'. A new product becomes the vendor's; an
    existing one must be the vendor's already. The SKU is kept on the
    vendor's product, so a product offered nowhere keeps it too, and copied
    to each offer's `partner_sku` (order lines copy it from there). A market
    without a price loses the vendor's offer there. Raises
    StockBelowAllocatedError, changing nothing, when an offer's stock is
    below its units sold and not shipped yet. One transaction.
    """
    with transaction.atomic():
        owned = None
        if product_form.instance.pk is not None:
            owned = VendorProduct._default_manager.filter(
                product_id=product_form.instance.pk, partner=vendor
            ).first()
            if owned is None:
                raise VendorProductNotOwnedError
        product = product_form.save()
        if owned is None:
            VendorProduct._default_manager.create(
                product=product, partner=vendor, sku=sku
            )
        elif owned.sku != sku:
            owned.sku = sku
            owned.save(update_fields=["sku", "updated_at"])
        ProductCategory._default_manager.filter(product=product).exclude(
            category=category
        ).delete()
        ProductCategory._default_manager.get_or_create(
            product=product, category=category
        )
        image_formset.instance = product
        image_formset.save()
        for offer in offers:
            _offer_save(vendor=vendor, product=product, sku=sku, offer=offer)
    return product


def _offer_save(*, vendor, product, sku: str, offer: Offer) -> None:
    if offer.price is None:
        StockRecord._default_manager.filter(
            product=product, partner=vendor, market=offer.market
        ).delete()
        return
    # Locked, so that no checkout allocates between this check and the save.
    current = (
        StockRecord._default_manager.select_for_update()
        .filter(product=product, partner=vendor, market=offer.market)
        .values_list("num_allocated", flat=True)
        .first()
    )
    if current and offer.num_in_stock < current:
        raise StockBelowAllocatedError(market=offer.market.pk, allocated=current)
    StockRecord._default_manager.update_or_create(
        product=product,
        partner=vendor,
        market=offer.market,
        defaults={
            "partner_sku": sku,
            "price": offer.price,
            "price_currency": offer.market.currency,
            "num_in_stock": offer.num_in_stock,
        },
    )


def vendor_product_publish(*, vendor, product: "Product", is_public: bool) -> None:
    """Show the vendor's product in the storefront, or take it off."""
    with transaction.atomic():
        updated = Product._default_manager.filter(
            pk=product.pk, vendor_product__partner=vendor
        ).update(is_public=is_public, date_updated=timezone.now())
        if not updated:
            raise VendorProductNotOwnedError
