"""Oscar's address models; an address-book address shows in its country's
format and may carry a patronymic."""

from oscar.apps.address.abstract_models import AbstractUserAddress

from logistics.address.formats import FormattedAddressMixin, PatronymicAddress


class UserAddress(FormattedAddressMixin, AbstractUserAddress, PatronymicAddress):
    pass


from oscar.apps.address.models import *
