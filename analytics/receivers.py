"""Receivers of Oscar's signals, in place of Oscar's own where they fall short."""

from typing import Any

from django.dispatch import receiver
from oscar.apps.search.signals import user_search

from analytics.services import user_search_create


@receiver(user_search, dispatch_uid="analytics.user_search_create")
def receive_user_search(sender: Any, query: str, user: Any, **kwargs: Any) -> None:
    if user and user.is_authenticated and not kwargs.get("raw", False):
        user_search_create(user=user, query=query)
