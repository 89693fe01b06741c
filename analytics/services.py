"""Records of what shoppers do, written from the signals analytics listens to."""

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, transaction
from oscar.core.loading import get_model

UserSearch = get_model("analytics", "UserSearch")

logger = logging.getLogger(__name__)


def user_search_create(*, user: AbstractBaseUser, query: str) -> None:
    """Record a signed-in user's search query; never raise.

    The query is cut to the column's length and loses any NUL byte, which
    PostgreSQL refuses in text. A record that still fails is logged and
    rolled back to its own savepoint, so the search page is shown anyway.
    """
    max_length = UserSearch._meta.get_field("query").max_length
    query = query.replace("\x00", "")[:max_length]
    try:
        with transaction.atomic():
            UserSearch._default_manager.create(user=user, query=query)
    except DatabaseError:
        logger.exception("The search of user %s could not be recorded.", user.pk)
