"""Staff decide on applications; every step is recorded and mailed to the vendor."""

import pytest
from django.core import mail
from django.db import DatabaseError, transaction
from django.utils import translation
from oscar.core.loading import get_model

from vendors.exceptions import VendorNoteRequiredError, VendorTransitionError
from vendors.models import VendorRole, VendorStatus
from vendors.services import vendor_transition

Partner = get_model("partner", "Partner")
VendorMember = get_model("partner", "VendorMember")
VendorEvent = get_model("partner", "VendorEvent")


@pytest.fixture
def submitted_vendor(applicant):
    vendor = Partner.objects.create(
        name="Самовары от Анны",
        legal_name="ООО «Самовары»",  # noqa: RUF001
        status=VendorStatus.SUBMITTED,
        language="ko",
    )
    VendorMember.objects.create(partner=vendor, user=applicant, role=VendorRole.OWNER)
    return vendor


def test_staff_approve_with_a_note_from_the_admin(
    client, staff_user, submitted_vendor, django_capture_on_commit_callbacks
):
    # given
    client.force_login(staff_user)
    url = f"/en/admin/partner/partner/{submitted_vendor.pk}/decide/"

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"to_status": "approved", "note": "All good."})

    # then: approved, recorded, and the applicant told in Korean
    assert response.status_code == 302
    submitted_vendor.refresh_from_db()
    assert submitted_vendor.status == VendorStatus.APPROVED
    event = VendorEvent.objects.get(partner=submitted_vendor)
    assert (event.from_status, event.to_status) == ("submitted", "approved")
    assert (event.actor, event.note) == (staff_user, "All good.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.com"]
    assert "승인" in mail.outbox[0].subject
    assert "All good." in mail.outbox[0].body


def test_staff_decision_without_a_note_is_refused(client, staff_user, submitted_vendor):
    # given
    client.force_login(staff_user)

    # when
    response = client.post(
        f"/ru/admin/partner/partner/{submitted_vendor.pk}/decide/",
        {"to_status": "rejected", "note": "  "},
    )

    # then
    assert response.status_code == 200
    submitted_vendor.refresh_from_db()
    assert submitted_vendor.status == VendorStatus.SUBMITTED
    assert not VendorEvent.objects.exists()


def test_decide_page_offers_only_what_the_status_allows(
    client, staff_user, submitted_vendor
):
    # given
    client.force_login(staff_user)
    url = f"/en/admin/partner/partner/{submitted_vendor.pk}/decide/"

    # when
    submitted = client.get(url).content.decode()
    vendor_transition(
        vendor=submitted_vendor, to_status="approved", actor=staff_user, note="ok"
    )
    approved = client.get(url).content.decode()

    # then
    assert 'value="approved"' in submitted
    assert 'value="more_info"' in submitted
    assert 'value="suspended"' not in submitted
    assert 'value="suspended"' in approved
    assert 'value="rejected"' not in approved


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        ([], "approved_from_draft"),
        (["submitted", "rejected"], "approved_after_rejection"),
    ],
)
def test_transition_table_refuses_a_step_it_does_not_list(
    applicant, staff_user, steps, refused
):
    # given: a draft, maybe taken through some steps
    vendor = Partner.objects.create(name="Чай", status=VendorStatus.DRAFT)
    for status in steps:
        vendor_transition(vendor=vendor, to_status=status, actor=staff_user, note="n")

    # when / then
    with (
        translation.override("en"),
        pytest.raises(VendorTransitionError, match="cannot become"),
    ):
        vendor_transition(
            vendor=vendor, to_status="approved", actor=staff_user, note=refused
        )


def test_suspension_and_its_lifting_are_in_the_same_trail(staff_user, submitted_vendor):
    # given
    vendor_transition(
        vendor=submitted_vendor, to_status="approved", actor=staff_user, note="ok"
    )

    # when
    vendor_transition(
        vendor=submitted_vendor, to_status="suspended", actor=staff_user, note="fake"
    )
    with pytest.raises(VendorNoteRequiredError):
        vendor_transition(
            vendor=submitted_vendor, to_status="approved", actor=staff_user, note=""
        )
    vendor_transition(
        vendor=submitted_vendor, to_status="approved", actor=staff_user, note="fixed"
    )

    # then
    trail = list(
        VendorEvent.objects.filter(partner=submitted_vendor).values_list(
            "to_status", "note"
        )
    )
    assert trail == [("approved", "ok"), ("suspended", "fake"), ("approved", "fixed")]


def test_audit_trail_cannot_be_changed_or_deleted(staff_user, submitted_vendor):
    # given
    event = vendor_transition(
        vendor=submitted_vendor, to_status="approved", actor=staff_user, note="ok"
    )

    # when / then: the database refuses both
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        VendorEvent.objects.filter(pk=event.pk).update(note="forged")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        VendorEvent.objects.filter(pk=event.pk).delete()
    assert VendorEvent.objects.get(pk=event.pk).note == "ok"


def test_review_queue_lists_oldest_submission_first(client, staff_user, applicant):
    # given
    from django.utils import timezone

    now = timezone.now()
    for name, days in (("Новый", 1), ("Старый", 9), ("Средний", 4)):
        Partner.objects.create(
            name=name,
            status=VendorStatus.SUBMITTED,
            submitted_at=now - timezone.timedelta(days=days),
        )
    client.force_login(staff_user)

    # when
    html = client.get("/en/admin/partner/partner/?status__exact=submitted").content
    html = html.decode()

    # then
    assert html.index("Старый") < html.index("Средний") < html.index("Новый")
