# ruff: noqa: RUF001  (Russian text is meant)
"""Error pages a shopper can read, in the page's language, without the database.

The 400 and 403 pages and the CSRF failure are the storefront's own; the
sign-in a page asks for is in that page's language.
"""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from oscar.test.factories import UserFactory

from catalog.views import bad_request, csrf_failure, permission_denied

CSRF_EXPIRED = {
    "ru": "Вернитесь назад, обновите страницу и попробуйте ещё раз.",
    "ko": "이전 페이지로 돌아가 새로고침한 뒤 다시 시도해 주세요.",
    "en": "Go back, reload the page and try again.",
}
BAD_REQUEST = {
    "ru": "Не удалось прочитать запрос",
    "ko": "요청을 읽을 수 없습니다",
    "en": "The request could not be read",
}
FORBIDDEN = {
    "ru": "У вас нет доступа к этой странице.",
    "ko": "이 페이지에 접근할 권한이 없습니다.",
    "en": "You do not have access to this page.",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "ko", "en"])
def test_form_sent_without_csrf_token_says_to_reload_in_the_pages_language(language):
    # given: a browser whose cookies were cleared since it opened the form
    client = Client(enforce_csrf_checks=True)

    # when
    response = client.post(
        f"/{language}/accounts/login/",
        {"login-username": "anna@example.com", "login-password": "pw-anna-12345"},
    )

    # then
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}">' in html
    assert CSRF_EXPIRED[language] in html
    assert "CSRF verification failed" not in html
    assert "catalog/css/storefront." in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "ko", "en"])
def test_bad_request_page_is_in_the_pages_language(client, language):
    # when: a NUL byte, refused before the language is even chosen
    response = client.get(f"/{language}/vendors/%00/")

    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<html lang="{language}">' in html
    assert BAD_REQUEST[language] in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "ko"])
def test_forbidden_page_is_in_the_pages_language(client, language):
    # given: a shopper, who has no access to Oscar's dashboard
    client.force_login(UserFactory())

    # when
    response = client.get(f"/{language}/dashboard/")

    # then
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}">' in html
    assert FORBIDDEN[language] in html


@pytest.mark.django_db
def test_signed_in_shopper_is_told_password_reset_is_for_visitors(client):
    # given
    client.force_login(UserFactory())

    # when: Oscar's login_forbidden page, which fills in the 403 page
    response = client.get("/en/password-reset/")

    # then
    html = response.content.decode()
    assert response.status_code == 403
    assert "only available to users who aren't logged in" in html
    assert FORBIDDEN["en"] not in html


@pytest.mark.django_db
def test_nul_byte_is_refused_before_any_query(client, django_assert_num_queries):
    # when / then: no session, market or view was reached
    with django_assert_num_queries(0):
        response = client.get("/ko/search/?q=%00")
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "arguments", "status"),
    [
        (bad_request, (SuspiciousOperation(),), 400),
        (permission_denied, (PermissionDenied(),), 403),
        (csrf_failure, ("CSRF cookie not set.",), 403),
    ],
    ids=["400", "403", "csrf"],
)
def test_error_pages_render_without_the_database(
    django_assert_num_queries, view, arguments, status
):
    # given: the database, the cache or the session may be what failed
    request = RequestFactory().post("/ko/accounts/login/")

    # when
    with django_assert_num_queries(0):
        response = view(request, *arguments)

    # then
    assert response.status_code == status
    assert '<html lang="ko">' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "ko"])
@pytest.mark.parametrize(
    "page", ["accounts/", "accounts/orders/", "seller/", "seller/join/a-token/"]
)
def test_sign_in_asked_for_by_a_page_is_in_its_language(client, language, page):
    # when: a visitor opens a page for signed-in users
    response = client.get(f"/{language}/{page}")

    # then
    assert response.status_code == 302
    assert (
        response["Location"] == f"/{language}/accounts/login/?next=/{language}/{page}"
    )
