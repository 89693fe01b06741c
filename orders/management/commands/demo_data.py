"""Build the demo marketplace; safe to run again (a second run changes nothing)."""

from django.core.management.base import BaseCommand
from django.db import connection
from tqdm import tqdm

from orders import demo


class Command(BaseCommand):
    help = (
        "Load the demo marketplace: vendors, a translated catalogue, customers, orders."
    )

    def handle(self, *args, **options) -> None:
        catalogue = demo.load_catalogue()
        demo.demo_site_update()
        demo.demo_users_create()
        vendors = demo.demo_vendors_create(catalogue)
        categories = demo.demo_categories_create(catalogue)
        demo.demo_markets_update(catalogue)

        def progress(specs):
            return tqdm(
                specs,
                desc="Products",
                unit="product",
                disable=options["verbosity"] == 0,
            )

        count = demo.demo_products_create(
            catalogue, vendors=vendors, categories=categories, progress=progress
        )
        demo.demo_orders_create()
        demo.demo_offers_create()
        # Fresh bulk data: give the query planner its statistics now rather
        # than when autovacuum gets round to it (until then it plans for
        # empty tables, and listing pages run ten times slower).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo marketplace ready: {len(vendors)} vendors, {len(categories)} "
                f"categories, {count} products."
            )
        )
