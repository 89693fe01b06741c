"""Fill the staff group Oscar 4.2 creates empty on a fresh database.

Oscar's 0008 migration assigns permissions to "All Oscar Dashboard
Permissions", but on a fresh database the permission rows do not exist yet
(Django creates them after the last migration), so the group stays empty and
every staff user gets 403 in the dashboard. This migration creates the
permission rows first, then gives the group every permission of the shop's
apps, which also opens the matching pages of Django admin.
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
    permissions = Permission.objects.filter(
        content_type__app_label__in=SHOP_APP_LABELS
    ) | Permission.objects.filter(content_type__app_label="auth", content_type__model="user")
    group.permissions.add(*permissions)


def empty_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("address", "0007_useraddress_code"),
        ("analytics", "0003_auto_20200801_0817"),
        ("basket", "0012_line_code"),
        ("catalogue", "0033_translated_text_and_sanitized_html"),
        ("communication", "0004_auto_20200801_0817"),
        ("customer", "0008_assign_permissions_to_staff"),
        ("flatpages", "0001_initial"),
        ("offer", "0013_range_excluded_categories"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
        ("partner", "0007_partneraddress_code"),
        ("payment", "0005_auto_20200801_0817"),
        ("reviews", "0005_productreview_code"),
        ("shipping", "0003_auto_20181115_1953"),
        ("sites", "0002_alter_domain_unique"),
        ("voucher", "0010_auto_20210224_0712"),
        ("wishlists", "0004_auto_20220328_0939"),
    ]

    operations = [migrations.RunPython(fill_group, empty_group)]
