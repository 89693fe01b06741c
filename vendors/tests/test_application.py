# ruff: noqa: RUF001  (Cyrillic letters in Russian company data are meant)
"""A registered user applies to sell, step by step, and sends the application."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_model

from vendors.models import VendorRole, VendorStatus
from vendors.tests.conftest import PDF_BYTES, png_bytes

Partner = get_model("partner", "Partner")
VendorEvent = get_model("partner", "VendorEvent")

COMPANY = {
    "legal_name": "ПАО Сбербанк",
    "legal_form": "ПАО",
    "country": "RU",
    "legal_address": "117312, Москва, ул. Вавилова, 19",
    "representative": "Греф Герман Оскарович",
    "contact_name": "Анна Петрова",
    "contact_email": "shop@example.com",
    "phone": "8 (495) 500-55-50",
}
NUMBERS = {
    # Sberbank's published INN and OGRN.
    "tax_number": "7707083893",
    "registration_number": "1027700132195",
    "payout_account_holder": "ПАО Сбербанк",
    "payout_bank_name": "Сбербанк",
    "payout_bank_code": "044525225",
    "payout_account": "40702810900000000001",
}
STORE = {
    "name": "Самовары от Анны",
    "slug": "самовары-анны",
    "description_ru": "Тульские самовары.",
    "description_ko": "툴라 사모바르.",
    "description_en": "Samovars from Tula.",
}


def apply(client, *, company=COMPANY, numbers=NUMBERS, store=STORE) -> "Partner":
    assert client.post("/ru/sell/", company).status_code == 302
    assert client.post("/ru/sell/numbers/", numbers).status_code == 302
    document = SimpleUploadedFile("ogrn.pdf", PDF_BYTES, "application/pdf")
    response = client.post(
        "/ru/sell/documents/", {"kind": "registration", "file": document}
    )
    assert response.status_code == 302
    assert client.post("/ru/sell/store/", store).status_code == 302
    return Partner.objects.get(legal_name=company["legal_name"])


def test_application_saves_a_draft_at_each_step_and_is_sent(client, applicant):
    # given
    client.force_login(applicant)

    # when: the applicant fills the steps, leaves, and comes back to send it
    vendor = apply(client)
    draft = client.get("/ru/sell/application/").content.decode()
    response = client.post("/ru/sell/application/")

    # then: one draft vendor with the applicant as owner, now submitted
    assert response.status_code == 302
    assert "Статус: Черновик" in draft
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.SUBMITTED
    assert vendor.submitted_at is not None
    assert vendor.language == "ru"
    assert str(vendor.phone) == "+74955005550"
    assert vendor.description_ko == "툴라 사모바르."
    assert vendor.members.get().user == applicant
    assert vendor.members.get().role == VendorRole.OWNER
    event = VendorEvent.objects.get(partner=vendor)
    assert (event.from_status, event.to_status, event.actor) == (
        VendorStatus.DRAFT,
        VendorStatus.SUBMITTED,
        applicant,
    )
    # a sent application can no longer be changed
    assert client.get("/ru/sell/numbers/").url == "/ru/sell/application/"


def test_incomplete_application_is_not_sent_and_says_what_is_missing(client, applicant):
    # given: only the company step done
    client.force_login(applicant)
    client.post("/ru/sell/", COMPANY)

    # when
    response = client.post("/ru/sell/application/", follow=True)

    # then
    html = response.content.decode()
    assert "Заявка ещё не заполнена" in html
    assert "ИНН" in html
    assert Partner.objects.get().status == VendorStatus.DRAFT


@pytest.mark.parametrize(
    ("language", "tax_number", "message"),
    [
        ("ru", "7707083894", "Контрольная цифра ИНН не сходится."),
        ("ru", "77070838", "ИНН должен содержать 10 цифр"),
        ("ko", "7707083894", "INN의 검증 숫자가 맞지 않습니다."),
    ],
)
def test_wrong_tax_number_is_refused_in_the_forms_language(
    client, applicant, language, tax_number, message
):
    # given
    client.force_login(applicant)
    client.post(f"/{language}/sell/", COMPANY)

    # when
    response = client.post(
        f"/{language}/sell/numbers/", {**NUMBERS, "tax_number": tax_number}
    )

    # then
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Partner.objects.get().tax_number == ""


def test_korean_vendor_gives_its_business_and_mail_order_numbers(client, applicant):
    # given
    client.force_login(applicant)
    client.post(
        "/ko/sell/",
        {
            **COMPANY,
            "country": "KR",
            "legal_name": "네이버 주식회사",
            "phone": "031-784-2560",
        },
    )

    # when: Naver's published numbers, typed with their usual dashes
    response = client.post(
        "/ko/sell/numbers/",
        {
            **NUMBERS,
            "tax_number": "220-81-62517",
            "registration_number": "",
            "mail_order_number": "2006-경기성남-0692",
        },
    )

    # then
    assert response.status_code == 302
    vendor = Partner.objects.get()
    assert vendor.tax_number == "2208162517"
    assert vendor.mail_order_number == "2006-경기성남-0692"
    assert str(vendor.phone) == "+82317842560"
    assert vendor.phone_display == "031-784-2560"


def test_phone_is_read_in_the_vendors_country(client, applicant):
    # given
    client.force_login(applicant)

    # when: a Korean number for a Russian company
    response = client.post("/ru/sell/", {**COMPANY, "phone": "02-1234"})

    # then
    assert response.status_code == 200
    assert "Введите номер телефона этой страны" in response.content.decode()
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "accepted_as"),
    [
        ("scan.png", png_bytes(), "image/png"),
        # the name lies: the content decides
        ("scan.pdf", png_bytes(), "image/png"),
        ("contract.pdf", PDF_BYTES, "application/pdf"),
        ("virus.pdf", b"MZ\x90\x00 not a pdf", None),
        ("notes.png", b"plain text", None),
    ],
)
def test_document_type_is_read_from_its_content(
    client, applicant, name, content, accepted_as
):
    # given
    client.force_login(applicant)
    client.post("/ru/sell/", COMPANY)

    # when
    response = client.post(
        "/ru/sell/documents/",
        {"kind": "tax", "file": SimpleUploadedFile(name, content, "application/pdf")},
    )

    # then
    vendor = Partner.objects.get()
    if accepted_as:
        assert response.status_code == 302
        assert vendor.documents.get().content_type == accepted_as
    else:
        assert response.status_code == 200
        assert "не PDF, JPEG или PNG" in response.content.decode()
        assert not vendor.documents.exists()


def test_document_larger_than_the_limit_is_refused(client, applicant, settings):
    # given
    settings.MARKETPLACE_VENDOR_DOCUMENT_MAX_BYTES = 1024 * 1024
    client.force_login(applicant)
    client.post("/ru/sell/", COMPANY)
    big = PDF_BYTES + b"0" * (1024 * 1024)

    # when
    response = client.post(
        "/ru/sell/documents/",
        {"kind": "tax", "file": SimpleUploadedFile("big.pdf", big)},
    )

    # then
    assert "больше 1 МБ" in response.content.decode()
    assert not Partner.objects.get().documents.exists()


def test_documents_open_for_staff_and_the_vendors_users_only(
    client, applicant, staff_user, django_user_model
):
    # given
    client.force_login(applicant)
    vendor = apply(client)
    url = f"/ru/sell/documents/{vendor.documents.get().pk}/file/"
    stranger = django_user_model.objects.create_user(
        username="ivan", email="ivan@example.com", password="pw-ivan-12345"
    )

    # when
    own = client.get(url)
    client.force_login(stranger)
    strangers = client.get(url)
    client.force_login(staff_user)
    staffs = client.get(url)
    client.logout()
    anonymous = client.get(url)

    # then
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PDF_BYTES
    assert own["Content-Type"] == "application/pdf"
    assert strangers.status_code == 404
    assert staffs.status_code == 200
    assert anonymous.status_code == 302
    assert "/login/" in anonymous.url


def test_user_acting_for_a_vendor_cannot_start_a_second(client, applicant):
    # given
    client.force_login(applicant)
    first = apply(client)
    client.post("/ru/sell/application/")

    # when
    response = client.post("/ru/sell/", {**COMPANY, "legal_name": "Другое ООО"})

    # then: the sent application is shown, nothing new is created
    assert response.status_code == 302
    assert response.url == "/ru/sell/application/"
    assert list(Partner.objects.all()) == [first]
