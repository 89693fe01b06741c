from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from oscar.apps.address.admin import *
from oscar.apps.address.admin import CountryAdmin as OscarCountryAdmin
from oscar.core.loading import get_model

Country = get_model("address", "Country")


class CountryAdmin(OscarCountryAdmin, TranslationAdmin):
    """Oscar's country admin with the name editable in every site language."""


admin.site.unregister(Country)
admin.site.register(Country, CountryAdmin)
