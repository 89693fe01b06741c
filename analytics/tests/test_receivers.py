"""Recording what happens on the site never breaks the page it happens on."""

import logging

import pytest
from django.db import DatabaseError
from oscar.apps.search.signals import user_search
from oscar.core.loading import get_model
from oscar.test.factories import UserFactory

UserSearch = get_model("analytics", "UserSearch")


@pytest.mark.django_db
def test_search_is_recorded_once_for_a_signed_in_user():
    # given
    user = UserFactory()

    # when
    user_search.send(sender=None, session=None, user=user, query="самовар")

    # then
    assert list(UserSearch.objects.values_list("query", flat=True)) == ["самовар"]


@pytest.mark.django_db
def test_search_longer_than_the_column_is_recorded_truncated():
    # given
    user = UserFactory()
    max_length = UserSearch._meta.get_field("query").max_length

    # when
    user_search.send(sender=None, session=None, user=user, query="я" * 1000)

    # then
    assert UserSearch.objects.get().query == "я" * max_length


@pytest.mark.django_db
def test_search_with_a_nul_byte_is_recorded_without_it():
    # given
    user = UserFactory()

    # when
    user_search.send(sender=None, session=None, user=user, query="чай\x00ник")

    # then
    assert UserSearch.objects.get().query == "чайник"


@pytest.mark.django_db
def test_failing_record_is_logged_and_does_not_raise(monkeypatch, caplog):
    # given: the database refuses the row
    def refuse(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(UserSearch._default_manager, "create", refuse)

    # when
    with caplog.at_level(logging.ERROR, logger="analytics"):
        user_search.send(sender=None, session=None, user=UserFactory(), query="чай")

    # then
    assert "disk full" in caplog.text
    assert UserSearch.objects.count() == 0
