"""Staff (the dashboard's permission group, not superusers) open the payments'
admin pages."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from oscar.test.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "page",
    [
        "admin:payment_source_changelist",
        "admin:payment_providerevent_changelist",
        "admin:payment_commissionrule_changelist",
        "admin:payment_ledgerentry_changelist",
        "admin:payment_refund_changelist",
        "admin:payment_payout_changelist",
        "admin:payment_payoutbatch_changelist",
        "admin:order_returnrequest_changelist",
        "admin:shipping_carrier_changelist",
    ],
)
def test_staff_open_the_payments_admin_pages(client, page):
    # given: a staff member as the demo's, in the dashboard's group
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="All Oscar Dashboard Permissions"))
    client.force_login(staff)
    with translation.override("en"):
        url = reverse(page)

    # when
    response = client.get(url)

    # then
    assert response.status_code == 200
