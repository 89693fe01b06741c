"""Vendors sell from the seller dashboard; Oscar's dashboard is for staff only.

Oscar 4.2 lets a partner's user reach other partners' products and users
through its dashboard (Oscar issue #4580), so vendor users lose its access.
"""

from django.db import migrations

GROUP_NAME = "Vendor users"


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="partner", codename="dashboard_access"
            )
        )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="partner", codename="dashboard_access"
            )
        )


class Migration(migrations.Migration):
    dependencies = [("partner", "0016_vendor_products_of_existing_offers")]

    operations = [migrations.RunPython(revoke, grant)]
