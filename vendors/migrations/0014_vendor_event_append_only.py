"""Vendor events are an audit trail: the database refuses to change or delete one."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION partner_vendorevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'vendor events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER partner_vendorevent_append_only
    BEFORE UPDATE OR DELETE ON partner_vendorevent
    FOR EACH ROW EXECUTE FUNCTION partner_vendorevent_append_only();
"""

BACKWARD = """
DROP TRIGGER partner_vendorevent_append_only ON partner_vendorevent;
DROP FUNCTION partner_vendorevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("partner", "0013_vendor_slug_unique")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
