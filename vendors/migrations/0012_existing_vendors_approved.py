"""Vendors that existed before applications keep selling, at their code's address.

Their users, who had acted for them alone, become their owners.
"""

from django.db import migrations


def approve_existing(apps, schema_editor):
    Partner = apps.get_model("partner", "Partner")
    for partner in Partner.objects.filter(slug="").order_by("pk"):
        partner.slug = partner.code
        partner.legal_name = partner.legal_name or partner.name
        partner.save(update_fields=["slug", "legal_name"])
    apps.get_model("partner", "VendorMember").objects.update(role="owner")


class Migration(migrations.Migration):
    dependencies = [("partner", "0011_vendor_application")]

    operations = [migrations.RunPython(approve_existing, migrations.RunPython.noop)]
