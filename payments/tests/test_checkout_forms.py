import pytest
from oscar.core.loading import get_class, get_model

ShippingAddressForm = get_class("checkout.forms", "ShippingAddressForm")
Market = get_model("catalogue", "Market")


@pytest.mark.django_db
def test_shipping_address_fields_name_their_autofill_purpose():
    # given: Latvia, which ships to three countries, so the form asks for one
    form = ShippingAddressForm(market=Market.objects.get(pk="LV"))

    # when
    html = form.as_p()

    # then
    assert 'autocomplete="shipping given-name"' in html
    assert 'autocomplete="shipping postal-code"' in html
    assert 'autocomplete="shipping country"' in html
    assert 'type="tel"' in html
    countries = {str(value) for value, _label in form.fields["country"].choices}
    assert countries == {"LV", "LT", "EE"}
