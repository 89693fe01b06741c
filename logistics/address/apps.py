import oscar.apps.address.apps as apps


class AddressConfig(apps.AddressConfig):
    """Oscar's address app, forked so that country names are translated."""

    name = "logistics.address"
