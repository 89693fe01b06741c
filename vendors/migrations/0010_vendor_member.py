"""Give the vendor-user link a model of its own (VendorMember), keeping its rows.

The table Django made for Partner.users becomes VendorMember's table, the way
Django's documentation changes a ManyToManyField to use a through model.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partner", "0009_stockrecord_market"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="VendorMember",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("partner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="partner.partner")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "partner_partner_users", "unique_together": {("partner", "user")}},
                ),
                migrations.AlterField(
                    model_name="partner",
                    name="users",
                    field=models.ManyToManyField(blank=True, related_name="partners", through="partner.VendorMember", to=settings.AUTH_USER_MODEL, verbose_name="Users"),
                ),
            ],
        ),
        migrations.AlterModelTable(name="vendormember", table=None),
        migrations.AddField(
            model_name="vendormember",
            name="role",
            field=models.CharField(choices=[("owner", "Owner"), ("staff", "Staff")], default="staff", max_length=16, verbose_name="Role"),
        ),
        migrations.AddField(
            model_name="vendormember",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="vendormember",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterUniqueTogether(name="vendormember", unique_together=set()),
        migrations.AlterField(
            model_name="vendormember",
            name="partner",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="members", to="partner.partner"),
        ),
        migrations.AlterField(
            model_name="vendormember",
            name="user",
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="vendor_member", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterModelOptions(
            name="vendormember",
            options={"ordering": ("partner", "created_at", "pk"), "verbose_name": "Vendor user", "verbose_name_plural": "Vendor users"},
        ),
    ]
