default_app_config = "logistics.address.apps.AddressConfig"
