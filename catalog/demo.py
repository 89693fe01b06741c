"""The demo catalogue: the site, the markets' details, categories and product specs.

Texts come from demo_catalogue.json beside this module; product pictures are
drawn here. Everything is keyed by a stable natural key (category code,
UPC), so loading the demo twice changes nothing. The whole demo is loaded by
`manage.py demo_data` (orders), each app building what it owns.
"""

import hashlib
import io
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname
from oscar.core.loading import get_model
from PIL import Image, ImageDraw

Category = get_model("catalogue", "Category")
CategoryVatRate = get_model("catalogue", "CategoryVatRate")
Market = get_model("catalogue", "Market")

CATALOGUE_FILE = Path(__file__).with_name("demo_catalogue.json")


def load_catalogue() -> dict[str, Any]:
    return json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))


def translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    """Map {"ru": ..., "ko": ...} to {"name_ru": ..., "name_ko": ...}."""
    return {
        build_localized_fieldname(field, code): texts[code]
        for code, _name in settings.LANGUAGES
    }


def demo_site_update() -> None:
    """Name the site and point links in emails at the local server."""
    Site._default_manager.filter(pk=settings.SITE_ID).update(
        domain="127.0.0.1:8000", name=settings.OSCAR_SHOP_NAME
    )


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


def demo_product_image(seed: str, index: int) -> bytes:
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
