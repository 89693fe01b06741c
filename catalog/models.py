"""Catalogue models: Oscar's, with text translated per language and safe HTML.

Oscar's forking pattern: the classes defined here replace Oscar's concrete
models; everything else comes from the star import at the bottom.
"""

import nh3
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from oscar.apps.catalogue.abstract_models import AbstractCategory, AbstractProduct
from oscar.core.utils import slugify

# Formatting a vendor may use in a description; everything else (scripts,
# styles, event handlers, iframes, images) is stripped.
DESCRIPTION_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
DESCRIPTION_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan"}, "td": {"colspan"}}


def sanitize_html(value: str) -> str:
    """Return value with only the safelisted formatting tags left."""
    return nh3.clean(
        value,
        tags=DESCRIPTION_TAGS,
        attributes=DESCRIPTION_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow ugc",
    )


class SanitizedHTMLField(models.TextField):
    """A TextField whose HTML is sanitised every time the row is saved.

    Oscar's templates print descriptions with `|safe`, so nothing unsanitised
    may reach the database, whichever path (dashboard, admin, import, shell)
    saves it. modeltranslation subclasses this field for every language, so
    each translation is sanitised too.
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = getattr(model_instance, self.attname)
        if value:
            value = sanitize_html(value)
            setattr(model_instance, self.attname, value)
        return value


def fill_translated_slugs(instance: models.Model, source_field: str) -> None:
    """Give the instance a slug in every language that lacks one.

    Without it, a category saved while Korean is active has no Russian slug
    and every Russian page that links to it fails to reverse its URL. Each
    slug comes from the name in that language, or from the fallback name.
    """
    fallback_source = getattr(instance, source_field)
    for code, _name in settings.LANGUAGES:
        slug_field = build_localized_fieldname("slug", code)
        if getattr(instance, slug_field, None):
            continue
        source = getattr(instance, build_localized_fieldname(source_field, code))
        setattr(instance, slug_field, slugify(source or fallback_source or ""))


class Category(AbstractCategory):
    description = SanitizedHTMLField(_("Description"), blank=True)
    long_description = SanitizedHTMLField(_("Long description"), blank=True)

    def save(self, *args, **kwargs):
        # Slugs are derived data Oscar itself fills in save(); the same place
        # keeps every language's slug present, whatever form saved the row.
        fill_translated_slugs(self, "name")
        super().save(*args, **kwargs)


class Product(AbstractProduct):
    description = SanitizedHTMLField(_("Description"), blank=True)

    def save(self, *args, **kwargs):
        fill_translated_slugs(self, "title")
        super().save(*args, **kwargs)


from oscar.apps.catalogue.models import *
