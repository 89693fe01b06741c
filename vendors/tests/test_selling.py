"""Nobody sells before approval, nor while suspended."""

import pytest
from oscar.core.loading import get_model

from vendors.models import VendorStatus

Partner = get_model("partner", "Partner")


@pytest.fixture
def honey(make_products):
    product = make_products(1)[0]
    product.title_ru = "Мёд липовый"
    product.save()
    return product


@pytest.mark.parametrize(
    "status",
    [VendorStatus.DRAFT, VendorStatus.SUBMITTED, VendorStatus.SUSPENDED],
)
def test_products_of_a_vendor_not_selling_leave_the_storefront(client, honey, status):
    # given
    vendor = honey.stockrecords.get().partner
    shown = client.get("/ru/catalogue/").content.decode()
    vendor_url = vendor.get_absolute_url()
    assert "Мёд липовый" in shown

    # when
    Partner.objects.filter(pk=vendor.pk).update(status=status)

    # then: not listed, not found, no page, no vendor page
    assert "Мёд липовый" not in client.get("/ru/catalogue/").content.decode()
    assert "Мёд липовый" not in client.get("/ru/search/?q=Мёд").content.decode()
    assert "Мёд липовый" not in client.get("/ru/").content.decode()
    assert client.get(honey.get_absolute_url()).status_code == 404
    assert client.get(vendor_url).status_code == 404
    response = client.post(f"/ru/basket/add/{honey.pk}/", {"quantity": 1})
    assert client.get("/ru/basket/").context["basket"].num_lines == 0
    assert response.status_code in (302, 404)


def test_basket_line_of_a_vendor_suspended_later_blocks_checkout(client, honey):
    # given: the product is in the basket
    client.post(f"/ru/basket/add/{honey.pk}/", {"quantity": 1})

    # when: its vendor is suspended
    Partner.objects.filter(pk=honey.stockrecords.get().partner_id).update(
        status=VendorStatus.SUSPENDED
    )
    basket = client.get("/ru/basket/")
    checkout = client.get("/ru/checkout/", follow=True)

    # then: the shopper is sent back to the basket and told which line and why
    assert checkout.redirect_chain[-1][0] == "/ru/basket/"
    html = checkout.content.decode()
    assert "«Мёд липовый» больше нельзя купить (продавец сейчас не продаёт)" in html
    assert "«Мёд липовый» больше нельзя купить: продавец сейчас не продаёт." in (
        basket.content.decode()
    )


def test_vendor_page_shows_its_legal_details_and_products_by_category(
    client, honey, category
):
    # given: a Korean-registered vendor
    vendor = honey.stockrecords.get().partner
    Partner.objects.filter(pk=vendor.pk).update(
        country="KR",
        legal_name="네이버 주식회사",
        representative="최수연",
        tax_number="2208162517",
        mail_order_number="2006-경기성남-0692",
        legal_address="경기도 성남시 분당구 정자일로 95",
        contact_email="help@example.com",
        phone="+82317842560",
    )
    other = category.add_child(name_ru="Прочее", name_ko="기타", name_en="Other")

    # when
    page = client.get(vendor.get_absolute_url()).content.decode()
    filtered = client.get(f"{vendor.get_absolute_url()}?category={other.pk}")

    # then
    for detail in (
        "네이버 주식회사",
        "최수연",
        "220-81-62517",
        "2006-경기성남-0692",
        "경기도 성남시 분당구 정자일로 95",
        "help@example.com",
        "031-784-2560",
        "Мёд липовый",
    ):
        assert detail in page
    assert "Мёд липовый" not in filtered.content.decode()
    assert client.get(f"{vendor.get_absolute_url()}?category=x").status_code == 404
