"""The owner's team: invitations by email, joining by the link, removing staff."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from vendors.models import VendorRole

VendorInvitation = get_model("partner", "VendorInvitation")
VendorMember = get_model("partner", "VendorMember")

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/(\w+)/seller/join/([\w-]+)/)")


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"vendors:{name}", kwargs=kwargs)


@pytest.fixture
def owner(make_seller):
    return make_seller("Медовая заимка", email="owner@example.com")


@pytest.fixture
def invitee(db):
    return get_user_model().objects.create_user(
        username="minsu",
        email="Minsu@Example.com",
        password="pw-minsu-12345",
        first_name="Минсу",
    )


@pytest.fixture
def invitation(owner):
    return VendorInvitation.objects.create(
        partner=owner.partner,
        email="minsu@example.com",
        token="a-known-token",
        invited_by=owner.user,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )


def test_owner_invites_by_email_and_the_invitee_joins_as_staff(client, owner, invitee):
    # given: the owner works in Korean
    client.force_login(owner.user)

    # when: the owner invites, the invitee opens the emailed link and accepts
    response = client.post(url("seller-team", "ko"), {"email": "minsu@example.com"})
    message = mail.outbox[-1]
    path, language, token = LINK.search(message.body).groups()
    client.logout()
    anonymous = client.get(path)
    client.force_login(invitee)
    invitation_page = client.get(path)
    accepted = client.post(path)
    client.force_login(owner.user)
    team = client.get(url("seller-team", "ko")).content.decode()

    # then: a Korean email with a link to the Korean page, valid for 7 days
    assert response.status_code == 302
    assert message.to == ["minsu@example.com"]
    assert "Медовая заимка" in message.subject
    assert "초대" in message.subject
    assert language == "ko"
    invitation = VendorInvitation.objects.get(token=token)
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        datetime.timedelta(days=7), abs=datetime.timedelta(seconds=5)
    )
    assert len(token) >= 40
    # the link asks to sign in first, then names the store
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/ko/accounts/login/?next=")
    assert "Медовая заимка" in invitation_page.content.decode()
    assert accepted.status_code == 302
    member = VendorMember.objects.get(user=invitee)
    assert member.partner == owner.partner
    assert member.role == VendorRole.STAFF
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    assert invitation.accepted_at is not None
    assert "Минсу" in team
    assert "minsu@example.com" not in team.split("seller-team-invitations")[1]


def test_invitation_email_is_written_in_the_owners_language(client, owner):
    # given
    client.force_login(owner.user)

    # when
    client.post(url("seller-team", "ru"), {"email": "anna@example.com"})

    # then
    message = mail.outbox[-1]
    assert "/ru/seller/join/" in message.body
    assert "Здравствуйте" in message.body
    assert "Медовая заимка" in message.subject


def test_the_same_address_is_not_invited_twice(client, owner, invitation):
    # given
    client.force_login(owner.user)

    # when
    response = client.post(url("seller-team", "ru"), {"email": "Minsu@example.com"})

    # then
    assert response.status_code == 200
    assert "уже отправлено" in response.content.decode()
    assert VendorInvitation.objects.count() == 1
    assert mail.outbox == []


def expire(invitation, owner, invitee):
    invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    invitation.save()


def withdraw(invitation, owner, invitee):
    from vendors.services import vendor_invitation_withdraw

    vendor_invitation_withdraw(vendor=owner.partner, invitation=invitation)


def send_to_another_address(invitation, owner, invitee):
    invitation.email = "someone.else@example.com"
    invitation.save()


def make_member_elsewhere(invitation, owner, invitee, *, make_seller=None):
    from oscar.core.loading import get_model

    Partner = get_model("partner", "Partner")
    other = Partner.objects.create(name="Чайный дом")
    VendorMember.objects.create(partner=other, user=invitee, role=VendorRole.OWNER)


def accept_already(invitation, owner, invitee):
    invitation.accepted_at = timezone.now()
    invitation.save()


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        (expire, 200, "Срок действия этого приглашения истёк."),
        (withdraw, 404, "Это приглашение больше не действует"),
        (send_to_another_address, 200, "отправлено на другой адрес"),
        (make_member_elsewhere, 200, "Вы уже представляете продавца."),
        (accept_already, 200, "Это приглашение уже принято."),
    ],
    ids=["expired", "withdrawn", "other-email", "already-member", "accepted"],
)
def test_invitation_is_refused_with_a_translated_reason(
    client, owner, invitee, invitation, change, status, message
):
    # given
    change(invitation, owner, invitee)
    client.force_login(invitee)
    path = url("seller-join", "ru", token=invitation.token)

    # when
    page = client.get(path)
    accepted = client.post(path)

    # then: the reason is told, there is nothing to accept, nobody joins
    assert page.status_code == status
    assert accepted.status_code == status
    for response in (page, accepted):
        html = response.content.decode()
        assert message in html
        assert "someone.else@example.com" not in html
        assert (
            'type="submit"' not in html.split("</header>", 1)[1].split("<footer", 1)[0]
        )
    assert not VendorMember.objects.filter(partner=owner.partner, user=invitee)


def test_owner_withdraws_an_invitation(client, owner, invitation):
    # given
    client.force_login(owner.user)

    # when
    response = client.post(url("seller-invitation-withdraw", pk=invitation.pk))

    # then
    assert response.status_code == 302
    assert not VendorInvitation.objects.filter(pk=invitation.pk).exists()


def test_owner_removes_a_staff_member_but_never_an_owner_nor_themself(
    client, owner, make_seller
):
    # given: a staff member and a second owner
    staff = make_seller("Медовая заимка", email="staff@example.com", role="staff")
    partner = make_seller("Медовая заимка", email="partner@example.com")
    client.force_login(owner.user)

    # when
    removed = client.post(url("seller-member-remove", "ru", pk=staff.pk))
    not_owner = client.post(
        url("seller-member-remove", "ru", pk=partner.pk), follow=True
    )
    not_self = client.post(url("seller-member-remove", "ru", pk=owner.pk))

    # then
    assert removed.status_code == 302
    assert not VendorMember.objects.filter(pk=staff.pk).exists()
    assert "Владельца нельзя удалить из команды" in not_owner.content.decode()
    assert not_self.status_code == 302
    assert VendorMember.objects.filter(pk__in=[owner.pk, partner.pk]).count() == 2


def test_staff_cannot_open_or_change_the_team(client, owner, make_seller, invitation):
    # given
    staff = make_seller("Медовая заимка", email="staff@example.com", role="staff")
    client.force_login(staff.user)

    # when
    page = client.get(url("seller-team"))
    invite = client.post(url("seller-team"), {"email": "x@example.com"})
    remove = client.post(url("seller-member-remove", pk=owner.pk))
    withdrawn = client.post(url("seller-invitation-withdraw", pk=invitation.pk))
    with translation.override("en"):
        orders = client.get(reverse("seller_orders:list")).content.decode()

    # then: 403 everywhere, and no Team chip in the staff's navigation
    assert [page.status_code, invite.status_code] == [403, 403]
    assert [remove.status_code, withdrawn.status_code] == [403, 403]
    assert url("seller-team") not in orders
    assert VendorInvitation.objects.filter(pk=invitation.pk).exists()


def test_another_vendors_members_and_invitations_are_not_found(
    client, owner, make_seller, invitation
):
    # given: the owner of another vendor
    other = make_seller("Чайный дом", email="tea@example.com")
    staff = make_seller("Медовая заимка", email="staff@example.com", role="staff")
    client.force_login(other.user)

    # when
    remove = client.post(url("seller-member-remove", pk=staff.pk))
    withdrawn = client.post(url("seller-invitation-withdraw", pk=invitation.pk))

    # then
    assert [remove.status_code, withdrawn.status_code] == [404, 404]
    assert VendorMember.objects.filter(pk=staff.pk).exists()
    assert VendorInvitation.objects.filter(pk=invitation.pk).exists()
