"""Oscar's address models; an address-book address shows in its country's format."""

from oscar.apps.address.abstract_models import AbstractUserAddress

from logistics.address.formats import FormattedAddressMixin


class UserAddress(FormattedAddressMixin, AbstractUserAddress):
    pass


from oscar.apps.address.models import *
