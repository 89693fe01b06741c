default_app_config = "catalog.ue.apps.CatalogueConfig"
