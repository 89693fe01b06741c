"""Offers and vouchers apply in their markets only, funded by the platform or a
vendor."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

Basket = get_model("basket", "Basket")
Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Market = get_model("catalogue", "Market")
OrderLineDiscount = get_model("order", "OrderLineDiscount")
Partner = get_model("partner", "Partner")
Range = get_model("offer", "Range")
StockRecord = get_model("partner", "StockRecord")
Voucher = get_model("voucher", "Voucher")
Applicator = get_class("offer.applicator", "Applicator")
Free = get_class("shipping.methods", "Free")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")
RestrictionsForm = get_class("dashboard.offers.forms", "RestrictionsForm")


def make_offer(
    *,
    benefit_type: str,
    value: str,
    markets: list[str],
    funded_by=None,
    condition_type: str = Condition.COUNT,
    condition_value: str = "1",
    offer_type: str = ConditionalOffer.SITE,
    exclusive: bool = True,
):
    everything = Range.objects.create(
        name=f"Всё {Range.objects.count()}", includes_all_products=True
    )
    offer = ConditionalOffer.objects.create(
        name=f"Акция {ConditionalOffer.objects.count()}",
        offer_type=offer_type,
        condition=Condition.objects.create(
            range=everything, type=condition_type, value=Decimal(condition_value)
        ),
        benefit=Benefit.objects.create(
            range=everything, type=benefit_type, value=Decimal(value)
        ),
        funded_by=funded_by,
        exclusive=exclusive,
    )
    offer.markets.set(markets)
    return offer


def offer_for(vendor, product, market_code: str, price: str):
    market = Market.objects.get(pk=market_code)
    return StockRecord.objects.create(
        product=product,
        partner=vendor,
        partner_sku=f"{vendor.pk}-{product.pk}-{market_code}",
        market=market,
        price_currency=market.currency,
        price=Decimal(price),
        num_in_stock=10,
    )


def basket_in(market_code: str, *products):
    basket = Basket.objects.create(market=Market.objects.get(pk=market_code))
    basket.strategy = Selector().strategy(market=basket.market)
    for product in products:
        basket.add_product(product)
    Applicator().apply(basket)
    return basket


@pytest.fixture
def lavka(db):
    return Partner.objects.create(name="Лавка")


@pytest.fixture
def product(lavka):
    """A product sold for 2 000 ₽ in Russia and ₩20,000 in Korea."""
    product = create_product(title="Самовар")
    offer_for(lavka, product, "RU", "2000.00")
    offer_for(lavka, product, "KR", "20000")
    return product


@pytest.mark.parametrize(
    ("benefit_type", "value", "discount"),
    [
        (Benefit.FIXED, "500", Decimal("500.00")),
        (Benefit.PERCENTAGE, "10", Decimal("200.00")),
    ],
)
def test_an_offer_of_russia_discounts_russian_baskets_only(
    product, benefit_type, value, discount
):
    # given
    make_offer(benefit_type=benefit_type, value=value, markets=["RU"])

    # when
    russian = basket_in("RU", product)
    korean = basket_in("KR", product)

    # then
    assert russian.total_discount == discount
    assert korean.total_discount == Decimal(0)
    assert korean.total_incl_tax == Decimal(20000)


def test_a_shipping_offer_applies_in_its_market_only(product):
    # given
    make_offer(benefit_type=Benefit.SHIPPING_PERCENTAGE, value="100", markets=["KR"])

    # when
    russian = basket_in("RU", product)
    korean = basket_in("KR", product)

    # then
    assert len(korean.offer_applications.shipping_discounts) == 1
    assert russian.offer_applications.shipping_discounts == []


def test_a_percentage_offer_may_span_markets_of_two_currencies(product):
    # given
    make_offer(benefit_type=Benefit.PERCENTAGE, value="10", markets=["RU", "KR"])

    # when
    russian = basket_in("RU", product)
    korean = basket_in("KR", product)

    # then
    assert russian.total_discount == Decimal("200.00")
    assert korean.total_discount == Decimal(2000)


@pytest.mark.parametrize(
    ("benefit_type", "condition_type", "max_discount"),
    [
        (Benefit.FIXED, Condition.COUNT, None),
        (Benefit.SHIPPING_ABSOLUTE, Condition.COUNT, None),
        (Benefit.PERCENTAGE, Condition.VALUE, None),
        (Benefit.PERCENTAGE, Condition.COUNT, Decimal(1000)),
    ],
)
def test_amounts_of_money_refuse_markets_of_two_currencies(
    db, benefit_type, condition_type, max_discount
):
    # given
    markets = Market.objects.filter(pk__in=["RU", "KR"])

    # when, then
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="share one currency"),
    ):
        ConditionalOffer.clean_markets(
            markets=markets,
            condition=Condition(type=condition_type, value=Decimal(1)),
            benefit=Benefit(type=benefit_type, value=Decimal(500)),
            max_discount=max_discount,
        )


def test_the_dashboard_asks_for_a_market_and_explains_currencies(db):
    # given: the offer wizard's last step, after a fixed 500 discount
    benefit = Benefit(type=Benefit.FIXED, value=Decimal(500))
    data = {"priority": 0, "start_datetime": "", "end_datetime": ""}

    # when
    with translation.override("ko"):
        without_market = RestrictionsForm(data=data, benefit=benefit)
        two_currencies = RestrictionsForm(
            data={**data, "markets": ["RU", "KR"]}, benefit=benefit
        )
        one_market = RestrictionsForm(data={**data, "markets": ["KR"]}, benefit=benefit)

        # then
        assert not without_market.is_valid()
        assert not two_currencies.is_valid()
        assert "통화" in " ".join(two_currencies.non_field_errors())
        assert one_market.is_valid(), one_market.errors


def test_a_vendor_funded_offer_discounts_that_vendors_lines_only(lavka, product):
    # given: a second vendor's product in the same basket
    other = Partner.objects.create(name="Другая лавка")
    teapot = create_product(title="Чайник")
    offer_for(other, teapot, "RU", "1000.00")
    make_offer(
        benefit_type=Benefit.PERCENTAGE, value="10", markets=["RU"], funded_by=lavka
    )

    # when
    basket = basket_in("RU", product, teapot)

    # then
    discounts = {
        line.stockrecord.partner_id: line.discount_value for line in basket.all_lines()
    }
    assert discounts == {lavka.pk: Decimal("200.00"), other.pk: Decimal(0)}


def test_a_vendor_funded_threshold_counts_that_vendors_lines_only(lavka, product):
    # given: 2 000 ₽ of the vendor's goods, 1 000 ₽ of another's
    other = Partner.objects.create(name="Другая лавка")
    teapot = create_product(title="Чайник")
    offer_for(other, teapot, "RU", "1000.00")
    make_offer(
        benefit_type=Benefit.FIXED,
        value="300",
        markets=["RU"],
        funded_by=lavka,
        condition_type=Condition.VALUE,
        condition_value="2500",
    )

    # when
    basket = basket_in("RU", product, teapot)

    # then: 3 000 ₽ in the basket, but only 2 000 ₽ of them count
    assert basket.total_discount == Decimal(0)


def test_each_order_line_keeps_its_discount_and_who_funds_it(lavka, product):
    # given: a platform offer on everything and the vendor's own, which stack
    make_offer(
        benefit_type=Benefit.PERCENTAGE, value="10", markets=["RU"], exclusive=False
    )
    make_offer(
        benefit_type=Benefit.PERCENTAGE,
        value="5",
        markets=["RU"],
        funded_by=lavka,
        exclusive=False,
    )

    basket = basket_in("RU", product)

    # when
    shipping = Free().calculate(basket)
    order = OrderCreator().place_order(
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, shipping),
        shipping_method=Free(),
        shipping_charge=shipping,
    )

    # then: Oscar takes each percentage of the price before discounts
    line = order.lines.get()
    funded = {
        (discount.funded_by_id, discount.amount)
        for discount in OrderLineDiscount.objects.filter(line=line)
    }
    assert funded == {(None, Decimal("200.00")), (lavka.pk, Decimal("100.00"))}
    assert line.line_price_before_discounts_incl_tax == Decimal("2000.00")
    assert line.line_price_incl_tax == Decimal("1700.00")


def test_upsell_message_prints_the_markets_money_in_the_shoppers_language(product):
    # given: spend ₩50,000 in Korea for 10 % off
    offer = make_offer(
        benefit_type=Benefit.PERCENTAGE,
        value="10",
        markets=["KR"],
        condition_type=Condition.VALUE,
        condition_value="50000",
    )
    basket = basket_in("KR", product)

    # when
    with translation.override("ko"):
        message = offer.get_upsell_message(basket)

    # then: ₩50,000 - ₩20,000
    assert "₩30,000" in message
    assert "KRW" not in message
    assert "Spend" not in message


def language_url(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(
    ("language", "accepted"),
    [("ru", True), ("ko", False)],
)
def test_a_voucher_entered_at_the_basket_works_in_its_market_only(
    client, product, language, accepted
):
    # given: a 500 ₽ voucher of the Russian market
    offer = make_offer(
        benefit_type=Benefit.FIXED,
        value="500",
        markets=["RU"],
        offer_type=ConditionalOffer.VOUCHER,
    )
    voucher = Voucher.objects.create(
        name="Скидка",
        code="MINUS500",
        start_datetime=timezone.now() - timedelta(days=1),
        end_datetime=timezone.now() + timedelta(days=30),
    )
    voucher.offers.add(offer)
    client.post(language_url(language, "basket:add", pk=product.pk), {"quantity": 1})

    # when
    response = client.post(
        language_url(language, "basket:vouchers-add"),
        {"code": "minus500"},
        follow=True,
    )

    # then
    basket = Basket.objects.get()
    assert basket.market_id == {"ru": "RU", "ko": "KR"}[language]
    assert basket.vouchers.filter(pk=voucher.pk).exists() is accepted
    text = " ".join(str(message) for message in response.context["messages"])
    assert "MINUS500" in text
    if not accepted:
        assert Market.objects.get(pk="KR").name in text


def test_offer_pages_list_the_shoppers_market_only(client, product):
    # given
    russian = make_offer(benefit_type=Benefit.FIXED, value="500", markets=["RU"])

    # when
    ru_list = client.get(language_url("ru", "offer:list"))
    ko_list = client.get(language_url("ko", "offer:list"))
    ko_detail = client.get(language_url("ko", "offer:detail", slug=russian.slug))

    # then
    assert russian.name in ru_list.content.decode()
    assert russian.name not in ko_list.content.decode()
    assert ko_detail.status_code == 404
