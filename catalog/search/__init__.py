default_app_config = "catalog.search.search.apps.SearchConfig"
