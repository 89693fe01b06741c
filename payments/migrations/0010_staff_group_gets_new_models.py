"""Give the staff group the permissions of the models added since it was filled.

orders/customer's 0009 filled "All Oscar Dashboard Permissions" with every
permission of the shop's apps that existed then; the models added since (order
parts, returns, carriers, shipping methods, the payments' ledger, refunds and
payouts) had none, so staff got 403 on their admin pages. Same rule, again:
the permission rows are created first (Django makes them only after the last
migration), then the group gets every permission of the shop's apps.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "All Oscar Dashboard Permissions"
SHOP_APP_LABELS = [
    "address", "analytics", "basket", "catalogue", "communication", "customer",
    "flatpages", "offer", "order", "partner", "payment", "reviews", "shipping",
    "sites", "voucher", "wishlists",
]


def fill_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=SHOP_APP_LABELS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("address", "0009_patronymic"),
        ("basket", "0013_basket_market"),
        ("catalogue", "0036_product_weight"),
        ("customer", "0010_productalert_market_language"),
        ("offer", "0017_offer_and_range_texts_copied_to_default_language"),
        ("order", "0033_notification_refunded"),
        ("partner", "0024_vendor_return_days"),
        ("payment", "0009_payouts_retries_and_batch_paid"),
        ("shipping", "0008_shipping_methods_and_tracking"),
    ]

    # Reversing leaves the permissions: the group had them in all but name.
    operations = [migrations.RunPython(fill_group, migrations.RunPython.noop)]
