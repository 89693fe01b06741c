"""Catalogue pages render what they promise, once."""

import pytest
from django.utils import translation


@pytest.mark.django_db
def test_category_page_shows_its_description_once(client, category):
    # given
    category.description_ru = "<p>Книги малых издательств.</p>"
    category.save()
    with translation.override("ru"):
        url = category.get_absolute_url()

    # when
    html = client.get(url).content.decode()

    # then: once on the page, once in the meta description
    assert html.count("Книги малых издательств.") == 2
    assert '<meta name="description" content="Книги малых издательств.">' in html
