"""Order part events are an audit trail: the database refuses to change or
delete one."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION order_orderpartevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'order part events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER order_orderpartevent_append_only
    BEFORE UPDATE OR DELETE ON order_orderpartevent
    FOR EACH ROW EXECUTE FUNCTION order_orderpartevent_append_only();
"""

BACKWARD = """
DROP TRIGGER order_orderpartevent_append_only ON order_orderpartevent;
DROP FUNCTION order_orderpartevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("order", "0026_order_parts_of_earlier_orders")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
