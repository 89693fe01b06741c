"""Who reaches which part of the site: staff, vendors, and visitors by language."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory, create_product

Partner = get_model("partner", "Partner")

STAFF_PAGES = [
    "dashboard:index",
    "dashboard:catalogue-product-list",
    "dashboard:catalogue-category-list",
    "dashboard:order-list",
    "dashboard:users-index",
    "dashboard:partner-list",
    "dashboard:offer-list",
    "dashboard:range-list",
    "dashboard:voucher-list",
    "dashboard:reviews-list",
    "dashboard:page-list",
    "dashboard:comms-list",
    "dashboard:shipping-method-list",
    "dashboard:reports-index",
    "admin:index",
    "admin:catalogue_product_changelist",
    "admin:order_order_changelist",
    "admin:address_country_changelist",
    "admin:catalogue_market_changelist",
    "admin:catalogue_market_add",
    "admin:partner_stockrecord_changelist",
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_group_reaches_dashboard_and_admin(client, page):
    # given: a staff member in the group the migrations provision
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="All Oscar Dashboard Permissions"))
    client.force_login(staff)

    # when
    response = client.get(reverse(page))

    # then
    assert response.status_code == 200


@pytest.mark.django_db
def test_staff_flag_alone_does_not_open_the_dashboard(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("dashboard:catalogue-product-list")).status_code == 403


@pytest.mark.django_db
def test_vendor_users_sell_from_the_seller_dashboard_not_oscars(client):
    # given: a user of a vendor, in the "Vendor users" group
    create_product(title="Чайник", partner_name="Тульские мастера")
    vendor_user = UserFactory()
    vendor_user.groups.add(Group.objects.get(name="Vendor users"))
    Partner.objects.get(name="Тульские мастера").users.add(
        vendor_user, through_defaults={"role": "owner"}
    )
    client.force_login(vendor_user)

    # when
    oscars = client.get(reverse("dashboard:catalogue-product-list"))
    sellers = client.get(reverse("vendors:seller-product-list"))

    # then: Oscar's dashboard (Oscar issue #4580) is closed to vendors
    assert oscars.status_code in (302, 403)
    assert sellers.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "prefix"),
    [("ko-KR,ko;q=0.9,en;q=0.5", "/ko/"), ("en-US,en;q=0.9", "/en/"), ("de", "/ru/")],
)
def test_visitor_without_language_goes_to_best_match(client, accept_language, prefix):
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"].startswith(prefix)


@pytest.mark.django_db
def test_robots_keep_crawlers_out_of_accounts_and_the_dashboard(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /*/dashboard/" in response.content.decode()
