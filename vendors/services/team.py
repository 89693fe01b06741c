"""A vendor's team: the owner invites staff by email, withdraws and removes them."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.sites.models import Site
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from vendors.exceptions import (
    VendorAlreadyMemberError,
    VendorInvitationAcceptedError,
    VendorInvitationEmailError,
    VendorInvitationExpiredError,
    VendorInvitationNotFoundError,
    VendorInvitationPendingError,
    VendorMemberNotRemovableError,
    VendorTeamMemberExistsError,
)
from vendors.lock_objects import (
    vendor_invitation_qs_select_for_update,
    vendor_member_qs_select_for_update,
    vendor_qs_select_for_update,
)
from vendors.models import VendorRole

Partner = get_model("partner", "Partner")
VendorMember = get_model("partner", "VendorMember")
VendorInvitation = get_model("partner", "VendorInvitation")

INVITATION_LIFETIME = datetime.timedelta(days=7)


def vendor_invitation_create(
    *, vendor: Partner, invited_by, email: str, language: str
) -> "VendorInvitation":
    """Invite a person by email to act for the vendor as its staff.

    The invitation holds a random token and lasts INVITATION_LIFETIME; the
    email with its link is written in `language` (the owner's page language)
    and queued by the mail backend when the transaction commits. Refuses an
    address already in the team or with an invitation still waiting.
    """
    email = BaseUserManager.normalize_email(email.strip())
    now = timezone.now()
    with transaction.atomic():
        locked = vendor_qs_select_for_update().get(pk=vendor.pk)
        if VendorMember._default_manager.filter(
            partner=locked, user__email__iexact=email
        ).exists():
            raise VendorTeamMemberExistsError(params={"email": email})
        if VendorInvitation._default_manager.filter(
            partner=locked,
            email__iexact=email,
            accepted_at__isnull=True,
            expires_at__gt=now,
        ).exists():
            raise VendorInvitationPendingError(params={"email": email})
        invitation = VendorInvitation._default_manager.create(
            partner=locked,
            email=email,
            role=VendorRole.STAFF,
            token=secrets.token_urlsafe(32),
            invited_by=invited_by,
            expires_at=now + INVITATION_LIFETIME,
        )
        vendor_invitation_send(invitation=invitation, language=language)
    return invitation


def vendor_invitation_send(*, invitation: "VendorInvitation", language: str) -> None:
    """Email the invitation's link, in `language`, through Django's send_mail.

    The project's mail backend queues the message to Celery once the
    transaction commits, so a rolled-back invitation sends nothing.
    """
    with translation.override(language):
        site = Site.objects.get_current()
        path = reverse("vendors:seller-join", kwargs={"token": invitation.token})
        context = {
            "invitation": invitation,
            "vendor": invitation.partner,
            "invited_by": invitation.invited_by,
            "join_url": f"{settings.OSCAR_URL_SCHEMA}://{site.domain}{path}",
        }
        subject = render_to_string("vendors/emails/invitation_subject.txt", context)
        send_mail(
            subject=" ".join(subject.split()),
            message=render_to_string("vendors/emails/invitation_body.txt", context),
            from_email=settings.OSCAR_FROM_EMAIL,
            recipient_list=[invitation.email],
        )


def vendor_invitation_withdraw(
    *, vendor: Partner, invitation: "VendorInvitation"
) -> None:
    """Withdraw an invitation not accepted yet: its link stops working.

    The row is deleted, so its token is not found any more.
    """
    with transaction.atomic():
        vendor_qs_select_for_update().get(pk=vendor.pk)
        locked = (
            vendor_invitation_qs_select_for_update()
            .filter(partner=vendor, pk=invitation.pk)
            .first()
        )
        if locked is None:
            return  # withdrawn already
        if locked.accepted_at is not None:
            raise VendorInvitationAcceptedError
        locked.delete()


def vendor_invitation_check(*, invitation: "VendorInvitation", user) -> None:
    """Raise the reason the user may not accept the invitation, if there is one.

    It must be waiting (not accepted, not expired), sent to the user's own
    email address, and the user must act for no vendor yet.
    """
    if invitation.accepted_at is not None:
        raise VendorInvitationAcceptedError
    if invitation.expires_at <= timezone.now():
        raise VendorInvitationExpiredError
    if (user.email or "").casefold() != invitation.email.casefold():
        raise VendorInvitationEmailError
    if VendorMember._default_manager.filter(user=user).exists():
        raise VendorAlreadyMemberError


def vendor_invitation_accept(*, token: str, user) -> "VendorMember":
    """Make the user a staff member of the vendor that invited them.

    Locks the vendor, then the invitation, checks it
    (vendor_invitation_check), records who accepted it and when.
    """
    found = VendorInvitation._default_manager.filter(token=token).first()
    if found is None:
        raise VendorInvitationNotFoundError
    with transaction.atomic():
        vendor = vendor_qs_select_for_update().get(pk=found.partner_id)
        invitation = (
            vendor_invitation_qs_select_for_update().filter(pk=found.pk).first()
        )
        if invitation is None:
            raise VendorInvitationNotFoundError
        vendor_invitation_check(invitation=invitation, user=user)
        try:
            # A savepoint: the user may have joined a vendor (or applied)
            # in a concurrent request since the check.
            with transaction.atomic():
                member = VendorMember._default_manager.create(
                    partner=vendor, user=user, role=VendorRole.STAFF
                )
        except IntegrityError as exc:
            raise VendorAlreadyMemberError from exc
        invitation.accepted_by = user
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_by", "accepted_at", "updated_at"])
    return member


def vendor_member_remove(*, vendor: Partner, member: "VendorMember", actor) -> None:
    """Remove a staff member from the vendor's team.

    Owners are never removed this way, and nobody removes themself.
    """
    with transaction.atomic():
        vendor_qs_select_for_update().get(pk=vendor.pk)
        locked = (
            vendor_member_qs_select_for_update()
            .filter(partner=vendor, pk=member.pk)
            .first()
        )
        if locked is None:
            return  # removed already
        if locked.role == VendorRole.OWNER or locked.user_id == actor.pk:
            raise VendorMemberNotRemovableError
        locked.delete()
