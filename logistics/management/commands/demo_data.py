"""Build the demo marketplace; safe to run again (a second run changes nothing).

Each app builds the part of the demo it owns: catalog/demo.py the site,
markets, categories and product texts; vendors/demo.py staff, vendors,
their products and offers; orders/demo.py customers, orders, offers and
vouchers; logistics/demo.py the vendors' shipping methods and the orders'
parcels; payments/demo.py commission rules, the orders' payments, the
vendors' ledgers, a refund and a payout. This command runs them in
order; it lives in logistics, the app that may use all the others.
"""

from django.core.management.base import BaseCommand
from django.db import connection
from tqdm import tqdm

from catalog import demo as catalog_demo
from logistics import demo as logistics_demo
from orders import demo as orders_demo
from payments import demo as payments_demo
from vendors import demo as vendors_demo


class Command(BaseCommand):
    help = (
        "Load the demo marketplace: vendors, a translated catalogue, customers, orders."
    )

    def handle(self, *args, **options) -> None:
        catalogue = catalog_demo.load_catalogue()
        catalog_demo.demo_site_update()
        vendors_demo.demo_staff_create()
        orders_demo.demo_customers_create()
        vendors = vendors_demo.demo_vendors_create(catalogue)
        categories = catalog_demo.demo_categories_create(catalogue)
        catalog_demo.demo_markets_update(catalogue)

        def progress(specs):
            return tqdm(
                specs,
                desc="Products",
                unit="product",
                disable=options["verbosity"] == 0,
            )

        count = vendors_demo.demo_products_create(
            catalogue, vendors=vendors, categories=categories, progress=progress
        )
        logistics_demo.demo_shipping_methods_create()
        orders_demo.demo_orders_create()
        logistics_demo.demo_shipments_create()
        payments_demo.demo_payments_create()
        orders_demo.demo_offers_create()
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
