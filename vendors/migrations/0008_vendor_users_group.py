"""Create the group whose members reach Oscar's dashboard for their own vendor."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Vendor users"


def create_group(apps, schema_editor):
    # Permission rows are normally created after the last migration.
    partner_config = apps.get_app_config("partner")
    partner_config.models_module = True
    create_permissions(partner_config, apps=apps, verbosity=0)
    partner_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partner", "0007_partneraddress_code"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
