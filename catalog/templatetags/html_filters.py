"""Filters that print HTML written by vendors, staff or shoppers."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from catalog.models import sanitize_html as clean_html

register = template.Library()


@register.filter
def sanitize_html(value: object) -> SafeString:
    """Return the HTML with only the formatting of product descriptions left.

    For text whose author is not this code (descriptions, flat pages,
    shipping methods, notifications quoting product titles): scripts, event
    handlers, styles, images and `javascript:` links are removed by the one
    allow-list of `catalog.models.sanitize_html`, so the result is printed as
    it is. Text that is sanitised on save goes through it again: rows written
    by `update()` or SQL never passed the field's sanitiser.
    """
    # The value is nh3's output, built only from the allow-list.
    return mark_safe(clean_html(str(value or "")))  # noqa: S308
