default_app_config = "vendors.partner.apps.PartnerConfig"
