import pytest
from django.urls import reverse
from django.utils import translation
from oscar.test.factories import UserFactory

from orders.customer.forms import ProfileForm


@pytest.fixture
def user(db):
    return UserFactory(email="anna@example.com", password="old-secret-1990")


def test_email_change_without_current_password_is_refused(user):
    # given
    data = {"first_name": "Анна", "last_name": "Иванова", "email": "thief@example.com"}

    # when
    form = ProfileForm(user=user, data=data)

    # then
    assert not form.is_valid()
    assert "current_password" in form.errors


def test_email_change_with_current_password_is_accepted(user):
    # given
    data = {
        "first_name": "Анна",
        "last_name": "Иванова",
        "email": "anna.new@example.com",
        "current_password": "old-secret-1990",
    }

    # when
    form = ProfileForm(user=user, data=data)

    # then
    assert form.is_valid(), form.errors


def test_name_change_needs_no_password(user):
    form = ProfileForm(
        user=user,
        data={"first_name": "Аня", "last_name": "Иванова", "email": user.email},
    )
    assert form.is_valid(), form.errors


def test_profile_page_refuses_email_change_in_russian(client, user):
    # given
    client.force_login(user)
    with translation.override("ru"):
        url = reverse("customer:profile-update")

    # when
    response = client.post(
        url,
        {"first_name": "Анна", "last_name": "Иванова", "email": "thief@example.com"},
    )

    # then
    assert response.status_code == 200
    assert "Введите текущий пароль" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "anna@example.com"
