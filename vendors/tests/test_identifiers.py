"""Vendors' tax and registration numbers pass or fail by their country's rules.

Valid numbers are published ones (a company's own, or python-stdnum's
documented examples) or are built here with check digits computed by the
helpers below, written from the published rules and independent of the code
under test.
"""

# The expected messages are Russian and Korean, and some typed numbers hold
# full-width digits, en dashes or Cyrillic letters on purpose: what a vendor's
# keyboard produces is part of what is tested.
# ruff: noqa: RUF001

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vendors.identifiers import (
    identifier_clean,
    identifier_format,
    identifier_kinds,
    identifiers_clean,
)


def ru_inn_check(body: str) -> str:
    """Return an INN's check digits: one for 9 digits, two for 10 (FNS rule)."""

    def digit(digits: str, weights: tuple[int, ...]) -> str:
        return str(
            sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 % 10
        )

    if len(body) == 9:
        return digit(body, (2, 4, 10, 3, 5, 9, 4, 6, 8))
    first = digit(body, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
    return first + digit(body + first, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8))


def ru_ogrn_check(body: str) -> str:
    """Return the last digit of the remainder by 11 (ОГРН) or 13 (ОГРНИП)."""
    return str(int(body) % (11 if len(body) == 12 else 13) % 10)


def kz_check(body: str) -> str | None:
    """Return a БИН/ИИН check digit, or None where no number is issued."""
    for weights in (
        (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
        (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2),
    ):
        check = sum(w * int(d) for w, d in zip(weights, body, strict=True)) % 11
        if check < 10:
            return str(check)
    return None


def ee_registrikood_check(body: str) -> str:
    """Return an Estonian registry code's check digit (the isikukood rule)."""
    for weights in ((1, 2, 3, 4, 5, 6, 7), (3, 4, 5, 6, 7, 8, 9)):
        check = sum(w * int(d) for w, d in zip(weights, body, strict=True)) % 11
        if check < 10:
            return str(check)
    return "0"


def lv_company_check(body: str) -> str:
    """Return the digit that makes the weighted sum of a Latvian number 3 mod 11."""
    total = sum(
        w * int(d) for w, d in zip((9, 1, 4, 8, 3, 10, 2, 5, 7, 6), body, strict=True)
    )
    return str((3 - total) % 11)


def kz_unissuable_body() -> str:
    """Return the first 11 digits for which both passes of the check give 10."""
    body = 10**10
    while kz_check(str(body)) is not None:
        body += 1
    return str(body)


def ogrnip_body_past_nine() -> str:
    """Return 14 digits of an ОГРНИП whose remainder by 13 is 10, 11 or 12."""
    body = 30450011600015
    while body % 13 < 10:
        body += 1
    return str(body)


# Sberbank's ИНН and ОГРН; Kaspi Bank's БИН; Samsung Electronics' number;
# PrivatBank's ЄДРПОУ.
SBERBANK_INN = "7707083893"
SBERBANK_OGRN = "1027700132195"
KASPI_BIN = "971240001315"
SAMSUNG_BRN = "1248100998"
PRIVATBANK_EDRPOU = "14360570"

SOLE_PROPRIETOR_INN = "500100732" + "2" + ru_inn_check("5001007322")
OGRNIP = "30450011600015" + ru_ogrn_check("30450011600015")
OGRNIP_ENDING_PAST_NINE = ogrnip_body_past_nine() + ru_ogrn_check(
    ogrnip_body_past_nine()
)
IIN = "85010530012" + kz_check("85010530012")
EE_REGISTRY_CODE = "1000035" + ee_registrikood_check("1000035")
LV_COMPANY = "4010304582" + lv_company_check("4010304582")


@pytest.mark.parametrize(
    ("country", "kind", "typed", "stored"),
    [
        ("RU", "tax_number", SBERBANK_INN, "7707083893"),
        ("RU", "tax_number", SOLE_PROPRIETOR_INN, SOLE_PROPRIETOR_INN),
        ("RU", "registration_number", "1 027 700 132 195", "1027700132195"),
        ("RU", "registration_number", OGRNIP, OGRNIP),
        ("RU", "registration_number", OGRNIP_ENDING_PAST_NINE, OGRNIP_ENDING_PAST_NINE),
        ("KZ", "tax_number", "9712 4000 1315", KASPI_BIN),
        ("KZ", "tax_number", IIN, IIN),
        ("UZ", "tax_number", "301 234 567", "301234567"),
        ("KR", "tax_number", "124-81-00998", SAMSUNG_BRN),
        ("KR", "tax_number", "１２４－８１－００９９８", SAMSUNG_BRN),
        ("KR", "mail_order_number", "제2024-서울강남-01234호", "2024-서울강남-01234"),
        ("KR", "mail_order_number", "2019 – 경기성남 – 0823", "2019-경기성남-0823"),
        ("LV", "tax_number", "LV 4000 3521 600", "40003521600"),
        ("LV", "tax_number", "161175-19997", "16117519997"),
        ("LV", "registration_number", "40003521600", "40003521600"),
        ("LV", "registration_number", LV_COMPANY, LV_COMPANY),
        ("LT", "tax_number", "LT119511515", "119511515"),
        ("LT", "tax_number", "LT 100001919017", "100001919017"),
        ("LT", "registration_number", "110 053 842", "110053842"),
        ("EE", "tax_number", "EE 100 594 102", "100594102"),
        ("EE", "registration_number", EE_REGISTRY_CODE, EE_REGISTRY_CODE),
        ("BY", "tax_number", "200988541", "200988541"),
        ("BY", "tax_number", "УНП МА1953684", "MA1953684"),
        ("UA", "tax_number", PRIVATBANK_EDRPOU, "14360570"),
        ("UA", "tax_number", "32855961", "32855961"),
    ],
)
def test_valid_number_is_stored_compact(country, kind, typed, stored):
    # given
    arguments = {"country": country, "kind": kind, "value": typed}

    # when
    cleaned = identifier_clean(**arguments)

    # then
    assert cleaned == stored


@pytest.mark.parametrize(
    ("country", "kind", "typed", "code", "russian", "korean"),
    [
        (
            "RU",
            "tax_number",
            "770708389",
            "length",
            "ИНН должен содержать 10 цифр (организация) или 12 (ИП).",
            "INN은 10자리(법인) 또는 12자리(개인사업자)여야 합니다.",
        ),
        (
            "RU",
            "tax_number",
            "7707083894",
            "checksum",
            "Контрольная цифра ИНН не сходится.",
            "INN의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "RU",
            "tax_number",
            "77070838AB",
            "format",
            "ИНН должен состоять только из цифр.",
            "INN은 숫자로만 입력해야 합니다.",
        ),
        (
            "RU",
            "registration_number",
            "102770013219",
            "length",
            "ОГРН должен содержать 13 цифр (организация) или 15 (ОГРНИП).",
            "OGRN은 13자리(법인) 또는 15자리(개인사업자의 OGRNIP)여야 합니다.",
        ),
        (
            "RU",
            "registration_number",
            "1027700132196",
            "checksum",
            "Контрольная цифра ОГРН не сходится.",
            "OGRN의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "RU",
            "registration_number",
            OGRNIP[:-1] + str((int(OGRNIP[-1]) + 1) % 10),
            "checksum",
            "Контрольная цифра ОГРН не сходится.",
            "OGRN의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "RU",
            "registration_number",
            "0027700132195",
            "component",
            "ОГРН не может начинаться с 0, а ОГРНИП начинается с 3 или 4.",
            "OGRN은 0으로 시작할 수 없고, OGRNIP은 3 또는 4로 시작합니다.",
        ),
        (
            "RU",
            "registration_number",
            "10277OO132195",
            "format",
            "ОГРН должен состоять только из цифр.",
            "OGRN은 숫자로만 입력해야 합니다.",
        ),
        (
            "KZ",
            "tax_number",
            "97124000131",
            "length",
            "БИН/ИИН должен содержать 12 цифр.",
            "BIN/IIN은 12자리여야 합니다.",
        ),
        (
            "KZ",
            "tax_number",
            "971240001316",
            "checksum",
            "Контрольная цифра БИН/ИИН не сходится.",
            "BIN/IIN의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "KZ",
            "tax_number",
            kz_unissuable_body() + "0",
            "checksum",
            "Контрольная цифра БИН/ИИН не сходится.",
            "BIN/IIN의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "KZ",
            "tax_number",
            "97124000131X",
            "format",
            "БИН/ИИН должен состоять только из цифр.",
            "BIN/IIN은 숫자로만 입력해야 합니다.",
        ),
        (
            "UZ",
            "tax_number",
            "30123456",
            "length",
            "ИНН/СТИР должен содержать 9 цифр.",
            "INN/STIR은 9자리여야 합니다.",
        ),
        (
            "UZ",
            "tax_number",
            "30123456A",
            "format",
            "ИНН/СТИР должен состоять только из цифр.",
            "INN/STIR은 숫자로만 입력해야 합니다.",
        ),
        (
            "KR",
            "tax_number",
            "124-81-0099",
            "length",
            "Регистрационный номер бизнеса должен содержать 10 цифр, "
            "например 123-45-67890.",
            "사업자등록번호는 123-45-67890처럼 10자리여야 합니다.",
        ),
        (
            "KR",
            "tax_number",
            "124-81-0099A",
            "format",
            "Регистрационный номер бизнеса должен состоять только из цифр.",
            "사업자등록번호는 숫자로만 입력해야 합니다.",
        ),
        (
            "KR",
            "tax_number",
            "100-81-00998",
            "component",
            "Первые три цифры регистрационного номера бизнеса должны быть не "
            "меньше 101, а двузначный код типа и четырёхзначный порядковый номер "
            "не могут состоять из одних нулей.",
            "사업자등록번호의 앞 세 자리는 101 이상이어야 하며, 두 자리 구분코드와 "
            "네 자리 일련번호는 모두 0일 수 없습니다.",
        ),
        (
            "KR",
            "mail_order_number",
            "2024/서울강남/01234",
            "format",
            "Номер уведомления о дистанционной торговле должен иметь вид "
            "2024-서울강남-01234: год, орган, принявший уведомление, затем "
            "порядковый номер.",
            "통신판매업 신고번호는 2024-서울강남-01234처럼 연도-신고기관-일련번호 "
            "형식이어야 합니다.",
        ),
        (
            "KR",
            "mail_order_number",
            "24-서울강남-01234",
            "format",
            "Номер уведомления о дистанционной торговле должен иметь вид "
            "2024-서울강남-01234: год, орган, принявший уведомление, затем "
            "порядковый номер.",
            "통신판매업 신고번호는 2024-서울강남-01234처럼 연도-신고기관-일련번호 "
            "형식이어야 합니다.",
        ),
        (
            "LV",
            "tax_number",
            "LV4000352160",
            "length",
            "Номер PVN должен содержать 11 цифр после LV.",
            "PVN 번호는 LV 뒤에 11자리여야 합니다.",
        ),
        (
            "LV",
            "tax_number",
            "40003521601",
            "checksum",
            "Контрольная цифра номера PVN не сходится.",
            "PVN 번호의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "LV",
            "tax_number",
            "4000352160A",
            "format",
            "Номер PVN должен состоять только из цифр, префикс LV необязателен.",
            "PVN 번호는 숫자로만 입력해야 하며, 앞의 LV는 생략할 수 있습니다.",
        ),
        (
            "LV",
            "tax_number",
            "161375-19997",
            "component",
            "Этот номер PVN — персональный код с несуществующей датой рождения.",
            "이 PVN 번호는 존재하지 않는 생년월일이 들어 있는 개인 코드입니다.",
        ),
        (
            "LV",
            "registration_number",
            "4000352160",
            "length",
            "Регистрационный номер предприятия должен содержать 11 цифр.",
            "기업 등록번호는 11자리여야 합니다.",
        ),
        (
            "LV",
            "registration_number",
            "40003521601",
            "checksum",
            "Контрольная цифра регистрационного номера предприятия не сходится.",
            "기업 등록번호의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "LV",
            "registration_number",
            "32867300679",
            "component",
            "Регистрационный номер предприятия начинается с цифры от 4 до 9; "
            "номер, начинающийся с 0–3, — это персональный код.",
            "기업 등록번호는 4~9로 시작합니다. 0~3으로 시작하는 번호는 개인 "
            "코드입니다.",
        ),
        (
            "LV",
            "registration_number",
            "4000352160A",
            "format",
            "Регистрационный номер предприятия должен состоять только из цифр.",
            "기업 등록번호는 숫자로만 입력해야 합니다.",
        ),
        (
            "LT",
            "tax_number",
            "11951151",
            "length",
            "Код PVM должен содержать 9 цифр (юридическое лицо) или 12 "
            "(временная регистрация).",
            "PVM 코드는 9자리(법인) 또는 12자리(임시 등록)여야 합니다.",
        ),
        (
            "LT",
            "tax_number",
            "119511516",
            "checksum",
            "Контрольная цифра кода PVM не сходится.",
            "PVM 코드의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "LT",
            "tax_number",
            "119511525",
            "component",
            "Предпоследняя цифра кода PVM должна быть 1.",
            "PVM 코드의 끝에서 두 번째 숫자는 1이어야 합니다.",
        ),
        (
            "LT",
            "tax_number",
            "11951151X",
            "format",
            "Код PVM должен состоять только из цифр, префикс LT необязателен.",
            "PVM 코드는 숫자로만 입력해야 하며, 앞의 LT는 생략할 수 있습니다.",
        ),
        (
            "LT",
            "registration_number",
            "11005384",
            "length",
            "Код предприятия должен содержать 9 цифр.",
            "기업 코드는 9자리여야 합니다.",
        ),
        (
            "LT",
            "registration_number",
            "11005384A",
            "format",
            "Код предприятия должен состоять только из цифр.",
            "기업 코드는 숫자로만 입력해야 합니다.",
        ),
        (
            "EE",
            "tax_number",
            "10059410",
            "length",
            "Номер KMKR должен содержать 9 цифр после EE.",
            "KMKR 번호는 EE 뒤에 9자리여야 합니다.",
        ),
        (
            "EE",
            "tax_number",
            "100594103",
            "checksum",
            "Контрольная цифра номера KMKR не сходится.",
            "KMKR 번호의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "EE",
            "tax_number",
            "EE10059410X",
            "format",
            "Номер KMKR должен состоять только из цифр, префикс EE необязателен.",
            "KMKR 번호는 숫자로만 입력해야 하며, 앞의 EE는 생략할 수 있습니다.",
        ),
        (
            "EE",
            "registration_number",
            "1234567",
            "length",
            "Регистрационный код должен содержать 8 цифр.",
            "등록 코드는 8자리여야 합니다.",
        ),
        (
            "EE",
            "registration_number",
            EE_REGISTRY_CODE[:-1] + str((int(EE_REGISTRY_CODE[-1]) + 1) % 10),
            "checksum",
            "Контрольная цифра регистрационного кода не сходится.",
            "등록 코드의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "EE",
            "registration_number",
            "32345674",
            "component",
            "Регистрационный код начинается с 1, 7, 8 или 9.",
            "등록 코드는 1, 7, 8 또는 9로 시작합니다.",
        ),
        (
            "EE",
            "registration_number",
            "1234567A",
            "format",
            "Регистрационный код должен состоять только из цифр.",
            "등록 코드는 숫자로만 입력해야 합니다.",
        ),
        (
            "BY",
            "tax_number",
            "20098854",
            "length",
            "УНП должен содержать 9 знаков.",
            "UNP는 9자여야 합니다.",
        ),
        (
            "BY",
            "tax_number",
            "200988542",
            "checksum",
            "Контрольная цифра УНП не сходится.",
            "UNP의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "BY",
            "tax_number",
            "2009885A1",
            "format",
            "УНП должен состоять из 9 цифр или из двух букв и 7 цифр.",
            "UNP는 숫자 9자리 또는 문자 2자 뒤에 숫자 7자리여야 합니다.",
        ),
        (
            "BY",
            "tax_number",
            "800988541",
            "component",
            "Первый знак УНП не является кодом региона.",
            "UNP의 첫 글자가 지역 코드가 아닙니다.",
        ),
        (
            "UA",
            "tax_number",
            "1436057",
            "length",
            "Код ЕГРПОУ должен содержать 8 цифр.",
            "EDRPOU 코드는 8자리여야 합니다.",
        ),
        (
            "UA",
            "tax_number",
            "14360571",
            "checksum",
            "Контрольная цифра кода ЕГРПОУ не сходится.",
            "EDRPOU 코드의 검증 숫자가 맞지 않습니다.",
        ),
        (
            "UA",
            "tax_number",
            "1436057A",
            "format",
            "Код ЕГРПОУ должен состоять только из цифр.",
            "EDRPOU 코드는 숫자로만 입력해야 합니다.",
        ),
    ],
)
def test_wrong_number_says_which_rule_failed_in_the_form_language(
    country, kind, typed, code, russian, korean
):
    # given
    arguments = {"country": country, "kind": kind, "value": typed}

    # when
    with pytest.raises(ValidationError) as caught:
        identifier_clean(**arguments)

    # then
    assert caught.value.code == code
    with translation.override("ru"):
        assert caught.value.messages == [russian]
    with translation.override("ko"):
        assert caught.value.messages == [korean]


def test_blank_required_number_is_refused():
    # given
    blank = "  - "

    # when
    with pytest.raises(ValidationError) as caught:
        identifier_clean(country="RU", kind="tax_number", value=blank)

    # then
    assert caught.value.code == "required"
    with translation.override("ru"):
        assert caught.value.messages == ["Обязательное поле."]
    with translation.override("ko"):
        assert caught.value.messages == ["필수 항목입니다."]


def test_blank_optional_number_is_stored_empty():
    # given
    blank = ""

    # when
    cleaned = identifier_clean(country="LV", kind="tax_number", value=blank)

    # then
    assert cleaned == ""


@pytest.mark.parametrize(
    ("country", "kinds"),
    [
        ("RU", [("tax_number", True), ("registration_number", True)]),
        ("KZ", [("tax_number", True)]),
        ("UZ", [("tax_number", True)]),
        ("KR", [("tax_number", True), ("mail_order_number", False)]),
        ("LV", [("tax_number", False), ("registration_number", True)]),
        ("LT", [("tax_number", False), ("registration_number", True)]),
        ("EE", [("tax_number", False), ("registration_number", True)]),
        ("BY", [("tax_number", True)]),
        ("UA", [("tax_number", True)]),
        ("ru", [("tax_number", True), ("registration_number", True)]),
        ("FR", []),
    ],
)
def test_each_country_asks_for_its_own_numbers(country, kinds):
    # given
    code = country

    # when
    listed = identifier_kinds(code)

    # then
    assert [(kind.code, kind.required) for kind in listed] == kinds


@pytest.mark.parametrize(
    ("country", "kind", "russian", "korean"),
    [
        (
            "RU",
            "tax_number",
            "ИНН (идентификационный номер налогоплательщика)",
            "INN(러시아 납세자 번호)",
        ),
        (
            "KR",
            "tax_number",
            "Регистрационный номер бизнеса (사업자등록번호)",
            "사업자등록번호",
        ),
        (
            "KZ",
            "tax_number",
            "БИН или ИИН (бизнес- или индивидуальный идентификационный номер)",
            "BIN 또는 IIN(카자흐스탄 사업자·개인 식별번호)",
        ),
    ],
)
def test_label_names_the_local_abbreviation_in_the_form_language(
    country, kind, russian, korean
):
    # given
    (label,) = [each.label for each in identifier_kinds(country) if each.code == kind]

    # when
    with translation.override("ru"):
        in_russian = str(label)
    with translation.override("ko"):
        in_korean = str(label)

    # then
    assert (in_russian, in_korean) == (russian, korean)


def test_kind_a_country_lacks_is_a_lookup_error():
    # given
    kind = "mail_order_number"

    # when, then
    with pytest.raises(LookupError, match="mail_order_number"):
        identifier_clean(country="RU", kind=kind, value="2024-서울강남-01234")


@pytest.mark.parametrize(
    ("country", "kind", "stored", "shown"),
    [
        ("KR", "tax_number", SAMSUNG_BRN, "124-81-00998"),
        ("RU", "tax_number", SBERBANK_INN, "7707083893"),
        ("UA", "tax_number", PRIVATBANK_EDRPOU, "14360570"),
        ("KR", "tax_number", "12345", "12345"),
    ],
)
def test_stored_number_is_shown_as_usually_written(country, kind, stored, shown):
    # given
    arguments = {"country": country, "kind": kind, "value": stored}

    # when
    written = identifier_format(**arguments)

    # then
    assert written == shown


def test_russian_numbers_are_cleaned_together():
    # given
    values = {"tax_number": "7707 083 893", "registration_number": SBERBANK_OGRN}

    # when
    cleaned = identifiers_clean(country="RU", values=values)

    # then
    assert cleaned == {
        "tax_number": SBERBANK_INN,
        "registration_number": SBERBANK_OGRN,
    }


def test_organization_inn_with_sole_proprietor_ogrnip_is_a_mismatch():
    # given
    values = {"tax_number": SBERBANK_INN, "registration_number": OGRNIP}

    # when
    with pytest.raises(ValidationError) as caught:
        identifiers_clean(country="RU", values=values)

    # then
    (error,) = caught.value.error_dict["registration_number"]
    assert error.code == "mismatch"
    with translation.override("ru"):
        assert error.messages == [
            "К ИНН организации (10 цифр) относится ОГРН из 13 цифр."
        ]


def test_sole_proprietor_inn_with_organization_ogrn_is_a_mismatch():
    # given
    values = {"tax_number": SOLE_PROPRIETOR_INN, "registration_number": SBERBANK_OGRN}

    # when
    with pytest.raises(ValidationError) as caught:
        identifiers_clean(country="RU", values=values)

    # then
    (error,) = caught.value.error_dict["registration_number"]
    assert error.code == "mismatch"
    with translation.override("ko"):
        assert error.messages == [
            "개인사업자의 12자리 INN에는 15자리 OGRNIP을 입력해야 합니다."
        ]


def test_missing_required_numbers_are_reported_per_kind():
    # given
    values = {"tax_number": "", "ignored": "x"}

    # when
    with pytest.raises(ValidationError) as caught:
        identifiers_clean(country="LV", values=values)

    # then
    codes = {
        kind: [error.code for error in errors]
        for kind, errors in caught.value.error_dict.items()
    }
    assert codes == {"registration_number": ["required"]}
