"""Odd input never gives a 500: NUL bytes, overlong and broken values."""

import pytest
from django.contrib.auth.models import Group
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory

from vendors.models import VendorRole, VendorStatus

Partner = get_model("partner", "Partner")
VendorMember = get_model("partner", "VendorMember")
UserSearch = get_model("analytics", "UserSearch")


@pytest.fixture
def client_no_raise(client):
    client.raise_request_exception = False
    return client


@pytest.fixture
def vendor_owner(db):
    vendor = Partner.objects.create(name="Самовары", status=VendorStatus.APPROVED)
    owner = UserFactory()
    owner.groups.add(Group.objects.get(name="Vendor users"))
    VendorMember.objects.create(partner=vendor, user=owner, role=VendorRole.OWNER)
    return owner


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/ru/vendors/%00/",
        "/ru/search/?q=%00",
        "/ru/catalogue/?sort_by=%00",
        "/ko/%00/",
        "/ru/search/?%00=1",
    ],
)
def test_nul_byte_in_path_or_query_is_a_bad_request(client_no_raise, url):
    # when
    response = client_no_raise.get(url)

    # then
    assert response.status_code == 400


@pytest.mark.django_db
def test_nul_byte_in_the_seller_product_filter_is_a_bad_request(
    client_no_raise, vendor_owner
):
    # given
    client_no_raise.force_login(vendor_owner)

    # when
    response = client_no_raise.get("/ru/seller/?q=%00")

    # then
    assert response.status_code == 400


@pytest.mark.django_db
def test_signed_in_search_with_a_nul_byte_is_a_bad_request(client_no_raise):
    # given
    client_no_raise.force_login(UserFactory())

    # when
    response = client_no_raise.get("/ru/search/?q=%00")

    # then
    assert response.status_code == 400


@pytest.mark.django_db
def test_signed_in_overlong_search_is_shown_and_recorded_truncated(client_no_raise):
    # given
    user = UserFactory()
    client_no_raise.force_login(user)
    query = "самовар" * 50

    # when
    response = client_no_raise.get("/ru/search/", {"q": query})

    # then
    assert response.status_code == 200
    recorded = UserSearch.objects.get(user=user)
    assert recorded.query == query[:255]
