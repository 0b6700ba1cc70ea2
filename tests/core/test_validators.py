"""Resident ID numbers, unified social credit codes and mobile numbers (bangfu.core.validators)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from bangfu.core.identifiers.mobile import validate_mobile
from bangfu.core.identifiers.regions import is_known_region_code, region_name, region_table
from bangfu.core.identifiers.resident_id import (
    ID_CHECK_CHARS,
    id_birth_date,
    id_check_char,
    id_sex,
    make_id_number,
    normalize_id_number,
    validate_id_number,
)
from bangfu.core.identifiers.uscc import USCC_ALPHABET, make_uscc, uscc_check_char, validate_uscc
from bangfu.core.text import normalize_text
from bangfu.core.validators import IdNumberValidator, MobileValidator, UsccValidator

# Every example is computed by the ISO 7064 MOD 11-2 rule of GB 11643-1999 and cross-checked
# against python-stdnum's cn.ric and id-validator's generator when the tests were written.
VALID_ID = "130821199001011234"  # 承德县, born 1990-01-01, 17th digit 3: male
PINGQUAN_OLD = "130823198501011239"  # 平泉县 (code abolished 2017), born 1985
PINGQUAN_NEW = "130881198501011232"  # 平泉市 (code since 2017), born 1985
PINGQUAN_1980S = "13262419800101123X"  # 平泉县 under 承德地区, code used until 1992


@pytest.fixture(autouse=True)
def _english():
    """Assert the English msgids, whatever the Chinese catalogue says."""
    with translation.override("en"):
        yield


def error_of(func, value, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        func(value, **kwargs)
    return excinfo.value


# --------------------------------------------------------------------------------------------
# normalize_text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  承德县  ", "承德县"),
        ("ＡＢＣ　１２３！", "ABC 123!"),
        ("承德县（兴隆），隆化：", "承德县(兴隆),隆化:"),
        ("a \t\n\u3000\u3000 b", "a b"),
        ("\ufeff13812345678\u200b", "13812345678"),
        # Chinese punctuation outside the full-width ASCII block and symbols NFKC would
        # rewrite are kept.
        ("平泉市。宽城、《丰宁》①Ⅲ㎡℃…", "平泉市。宽城、《丰宁》①Ⅲ㎡℃…"),
        ("\uf9dc化县", "\u9686化县"),  # CJK compatibility ideograph 隆 -> unified 隆 (NFC)
        ("lu\u0308\u0300", "l\u01dc"),  # decomposed pinyin ǜ -> composed
        (12345, "12345"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        (" 1308 2119 9001 0112 3x ", "13082119900101123X"),
        ("１３０８２１\u3000１９９００１０１\u3000１２３４", VALID_ID),
        ("13082119900101123ｘ", "13082119900101123X"),
        (130821199001011234, VALID_ID),
        (Decimal(130821199001011234), VALID_ID),
    ],
)
def test_normalize_id_number(raw, expected):
    assert normalize_id_number(raw) == expected


# --------------------------------------------------------------------------------------------
# Resident ID number: valid numbers
# --------------------------------------------------------------------------------------------


def test_check_char_of_known_bodies():
    assert id_check_char("13082119900101123") == "4"
    assert id_check_char("13082319850101123") == "9"
    assert id_check_char("13088119850101123") == "2"
    assert id_check_char("13082119900101120") == "X"
    # Published examples (python-stdnum's cn.ric tests).
    assert id_check_char("36042619910101007") == "1"
    assert id_check_char("44011320141005001") == "X"
    assert make_id_number("13082119900101123") == VALID_ID
    with pytest.raises(ValueError, match="17 digits"):
        id_check_char("1308211990010112")


@pytest.mark.parametrize(
    "number",
    [
        VALID_ID,
        PINGQUAN_OLD,
        PINGQUAN_NEW,
        PINGQUAN_1980S,
        "13082119900101120X",
        "360426199101010071",
        "44011320141005001X",
        "13087119850101123X",  # 承德高新区: a statistical code, not in GB/T 2260
        "130821200002291237",  # 2000 was a leap year
    ],
)
def test_valid_id_numbers(number):
    assert validate_id_number(number) == number


def test_pingquan_old_code_is_accepted_whatever_the_birth_year():
    """130823 dates from 1993-2016, but the prefix says where the number was issued."""
    for year in ("1950", "1985", "2016", "2018"):
        number = make_id_number(f"130823{year}0101123")
        assert validate_id_number(number) == number


def test_lowercase_x_is_accepted_and_upper_cased():
    assert validate_id_number("13082119900101120x") == "13082119900101120X"
    assert validate_id_number("44011320141005001x") == "44011320141005001X"


def test_full_width_digits_and_spaces_are_accepted():
    assert validate_id_number("１３０８２１１９９００１０１１２３４") == VALID_ID
    assert validate_id_number("１３０８２１１９９００１０１１２０ｘ") == "13082119900101120X"
    assert validate_id_number(" 130821 19900101 1234\u3000") == VALID_ID


def test_integer_from_excel_is_accepted():
    assert validate_id_number(130821199001011234) == VALID_ID


def test_today_is_a_valid_birth_date():
    today = timezone.localdate()
    number = make_id_number(f"130821{today:%Y%m%d}123")
    assert validate_id_number(number) == number


# --------------------------------------------------------------------------------------------
# Resident ID number: refusals
# --------------------------------------------------------------------------------------------


def test_wrong_check_char_names_the_expected_one():
    error = error_of(validate_id_number, "130821199001011235")
    assert error.code == "id_number_check_char"
    assert error.params == {
        "field": "Resident ID number",
        "value": "130821199001011235",
        "expected": "4",
    }
    assert error.messages == [
        "Resident ID number: “130821199001011235” is not a valid resident ID number: "
        "the check character should be 4."
    ]
    assert error_of(validate_id_number, "130821199001011209").params["expected"] == "X"


def test_message_names_the_field_label_and_the_value_as_given():
    error = error_of(validate_id_number, " 13082119900101123x ", field_label="户主身份证号")
    assert error.params["field"] == "户主身份证号"
    assert error.params["value"] == "13082119900101123x"
    assert error.messages == [
        "户主身份证号: “13082119900101123x” is not a valid resident ID number: "
        "the check character should be 4."
    ]


def test_february_30_is_rejected():
    number = make_id_number("13082119900230123")
    assert number == "130821199002301233"
    error = error_of(validate_id_number, number)
    assert error.code == "id_number_birth_date"
    assert error.params["birth_date"] == "1990-02-30"
    assert error.messages == [
        "Resident ID number: “130821199002301233” is not a valid resident ID number: "
        "1990-02-30 is not a valid date of birth."
    ]


@pytest.mark.parametrize("body", ["13082119001301123", "13082119900100123", "13082119000229123"])
def test_impossible_dates_are_rejected(body):
    # month 13, day 00, 1900-02-29 (1900 was not a leap year)
    assert error_of(validate_id_number, make_id_number(body)).code == "id_number_birth_date"


def test_future_birth_date_is_rejected():
    tomorrow = timezone.localdate() + timedelta(days=1)
    number = make_id_number(f"130821{tomorrow:%Y%m%d}123")
    error = error_of(validate_id_number, number)
    assert error.code == "id_number_birth_date_future"
    assert error.messages == [
        f"Resident ID number: “{number}” is not a valid resident ID number: "
        f"the date of birth {tomorrow:%Y-%m-%d} is in the future."
    ]


def test_birth_date_before_1900_is_rejected():
    error = error_of(validate_id_number, "130821189912311239")
    assert error.code == "id_number_birth_date_too_early"
    assert error.messages == [
        "Resident ID number: “130821189912311239” is not a valid resident ID number: "
        "the date of birth 1899-12-31 is before 1900-01-01."
    ]


@pytest.mark.parametrize("prefix", ["139999", "000000", "990101", "139901", "130899", "710101"])
def test_unknown_region_prefix_is_rejected(prefix):
    number = make_id_number(f"{prefix}19850101123")
    error = error_of(validate_id_number, number)
    assert error.code == "id_number_region"
    assert error.params["region"] == prefix
    assert error.messages == [
        f"Resident ID number: “{number}” is not a valid resident ID number: "
        f"{prefix} is not a known region code."
    ]


@pytest.mark.parametrize(
    ("value", "length", "message_end"),
    [
        ("13082119900101123", 17, "it has 17 characters, but 18 are required."),
        ("1308211990010112345", 19, "it has 19 characters, but 18 are required."),
        ("1", 1, "it has 1 character, but 18 are required."),
    ],
)
def test_wrong_length_is_rejected(value, length, message_end):
    error = error_of(validate_id_number, value)
    assert error.code == "id_number_length"
    assert error.params["length"] == length
    assert error.messages == [
        f"Resident ID number: “{value}” is not a valid resident ID number: {message_end}"
    ]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("13082A199001011234", "id_number_digits"),
        ("1308211990010112-4", "id_number_digits"),
        ("13082119900101123Y", "id_number_last_char"),
        ("١٣٠٨٢١١٩٩٠٠١٠١١٢٣٤", "id_number_digits"),  # Arabic-Indic digits are not digits here
    ],
)
def test_non_digits_are_rejected(value, code):
    assert error_of(validate_id_number, value).code == code


@pytest.mark.parametrize("value", [None, "", "   ", float("nan")])
def test_missing_id_number(value):
    error = error_of(validate_id_number, value)
    assert error.code == "id_number_required"
    assert error.messages == ["Resident ID number: a resident ID number is required."]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1.30821199001011e17, "1.30821199001011e+17"),
        (130821199001011234.0, "1.3082119900101123e+17"),
        ("1.30821199001011E+17", "1.30821199001011E+17"),
        ("130821199001011000.0", "130821199001011000.0"),
    ],
)
def test_number_stored_as_float_in_excel_is_rejected(value, shown):
    error = error_of(validate_id_number, value)
    assert error.code == "id_number_stored_as_number"
    assert error.params["value"] == shown
    assert error.messages == [
        f"Resident ID number: “{shown}” is not a valid resident ID number: the spreadsheet "
        "cell was stored as a number and lost digits. Format the column as text and enter "
        "the number again."
    ]
    with pytest.raises(ValidationError, match="stored as a number"):
        normalize_id_number(value)


# --------------------------------------------------------------------------------------------
# Resident ID number: what it says
# --------------------------------------------------------------------------------------------


def test_sex_and_birth_date():
    assert id_sex(VALID_ID) == "M"  # 17th digit 3
    assert id_sex(make_id_number("13082119900101124")) == "F"  # 17th digit 4
    assert id_sex("13082119900101120x") == "F"  # 17th digit 0
    assert id_birth_date(VALID_ID) == date(1990, 1, 1)
    assert id_birth_date(PINGQUAN_OLD) == date(1985, 1, 1)
    assert id_birth_date("44011320141005001x") == date(2014, 10, 5)
    with pytest.raises(ValidationError):
        id_birth_date("130821199001011235")


def test_region_table_has_chengde_current_and_historical_codes():
    names = {
        "130800": "承德市",
        "130802": "双桥区",
        "130803": "双滦区",
        "130804": "鹰手营子矿区",
        "130821": "承德县",
        "130822": "兴隆县",
        "130823": "平泉县",
        "130824": "滦平县",
        "130825": "隆化县",
        "130826": "丰宁满族自治县",
        "130827": "宽城满族自治县",
        "130828": "围场满族蒙古族自治县",
        "130871": "承德高新技术产业开发区",
        "130881": "平泉市",
        "132624": "平泉县",
    }
    for code, name in names.items():
        assert is_known_region_code(code), code
        assert region_name(code) == name
    old = region_table()["130823"][0]
    assert (old.start_year, old.end_year) == (1993, 2016)
    assert region_name("139999") is None
    assert not is_known_region_code("13082")
    assert len(region_table()) == 7331


# --------------------------------------------------------------------------------------------
# Unified social credit code
# --------------------------------------------------------------------------------------------

# Published codes (python-stdnum's cn.uscc tests, "found online").
PUBLISHED_USCCS = [
    "121200004013590816",
    "91110000600037341L",
    "91110000710926094P",
    "91120224064012553U",
    "91152201078371135X",
    "91310000631696382C",
    "91310115MA1K3BTP2B",
    "9131012056010553X5",
    "91340600MA2PBM9HXD",
    "91620105L015101280",
    "92340602MA2PBMEM24",
    "92340621MA2PBKRXXG",
]


@pytest.mark.parametrize("code", PUBLISHED_USCCS)
def test_published_usccs_are_valid(code):
    assert validate_uscc(code) == code
    assert uscc_check_char(code[:17]) == code[17]
    assert make_uscc(code[:17]) == code


def test_uscc_check_char():
    assert uscc_check_char("91110000600037341") == "L"
    assert uscc_check_char("91620105L01510128") == "0"  # 31 - 0 -> 0
    assert make_uscc("91130881MA0ABCDE1") == "91130881MA0ABCDE1E"
    assert make_uscc("N2130881MA0ABCDE1") == "N2130881MA0ABCDE1X"  # village collective
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_char("9111000060003734I")


@pytest.mark.parametrize(
    "raw",
    [
        "91110000600037341l",
        "９１１１００００６０００３７３４１Ｌ",
        "９１１１００００６０００３７３４１ｌ",
        " 91 110000 600037341L ",
        "91-110000-600037341L",
    ],
)
def test_uscc_is_normalized(raw):
    assert validate_uscc(raw) == "91110000600037341L"


def test_uscc_wrong_check_char_names_the_expected_one():
    error = error_of(validate_uscc, "91110000600037341N")
    assert error.code == "uscc_check_char"
    assert error.params == {
        "field": "Unified social credit code",
        "value": "91110000600037341N",
        "expected": "L",
    }
    assert error.messages == [
        "Unified social credit code: “91110000600037341N” is not a valid unified social "
        "credit code: the check character should be L."
    ]


@pytest.mark.parametrize(
    ("value", "code", "extra"),
    [
        ("", "uscc_required", {}),
        ("91110000600037341", "uscc_length", {"length": 17}),
        ("91110000600037341LL", "uscc_length", {"length": 19}),
        ("9111000060003IOZSV", "uscc_char", {"char": "I", "position": 14}),
        ("9111000060003734Z1", "uscc_char", {"char": "Z", "position": 17}),
        ("01110000600037341X", "uscc_authority", {}),
        ("90110000600037341P", "uscc_type", {}),
        ("91A100006000373411", "uscc_region", {}),
    ],
)
def test_uscc_refusals(value, code, extra):
    error = error_of(validate_uscc, value)
    assert error.code == code
    assert error.params == {"field": "Unified social credit code", "value": value} | extra


def test_uscc_forbidden_letter_message():
    assert error_of(validate_uscc, "9111000060003IOZSV").messages == [
        "Unified social credit code: “9111000060003IOZSV” is not a valid unified social "
        "credit code: the character “I” at position 14 is not allowed (only digits and "
        "capital letters other than I, O, S, V and Z)."
    ]


# --------------------------------------------------------------------------------------------
# Mobile number
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "+8613812345678",
        "(+86) 13812345678",
        "0086 13812345678",
        "8613812345678",
        "１３８１２３４５６７８",
        "＋８６　１３８－１２３４－５６７８",
        13812345678,
        13812345678.0,
        "13812345678.0",
    ],
)
def test_valid_mobiles(raw):
    assert validate_mobile(raw) == "13812345678"


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_every_mobile_prefix(prefix):
    assert validate_mobile(f"{prefix}012345678") == f"{prefix}012345678"


@pytest.mark.parametrize(
    ("value", "code", "message_end"),
    [
        (
            "0314-2022222",
            "mobile_landline",
            "it looks like a landline number with an area code; a mobile number is required.",
        ),
        (
            "+86 0314 2022222",
            "mobile_landline",
            "it looks like a landline number with an area code; a mobile number is required.",
        ),
        ("2022222", "mobile_length", "it has 7 digits, but 11 are required."),
        ("138123456789", "mobile_length", "it has 12 digits, but 11 are required."),
        ("12812345678", "mobile_prefix", "mainland mobile numbers start with 13 to 19."),
        ("40012345678", "mobile_prefix", "mainland mobile numbers start with 13 to 19."),
        (
            "+1 415 555 2671",
            "mobile_country",
            "only mainland China numbers (+86) are accepted.",
        ),
        (
            "138a2345678",
            "mobile_digits",
            "it may contain only digits, spaces, hyphens and a +86 prefix.",
        ),
    ],
)
def test_mobile_refusals(value, code, message_end):
    error = error_of(validate_mobile, value)
    assert error.code == code
    assert error.params["field"] == "Mobile number"
    assert error.params["value"] == value
    assert error.messages == [
        f"Mobile number: “{value}” is not a valid mobile number: {message_end}"
    ]


def test_missing_mobile():
    assert error_of(validate_mobile, " ").messages == [
        "Mobile number: a mobile number is required."
    ]


# --------------------------------------------------------------------------------------------
# Field validators
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("validator_class", "good", "bad", "code"),
    [
        (IdNumberValidator, VALID_ID, "130821199001011235", "id_number_check_char"),
        (UsccValidator, "91110000600037341L", "91110000600037341N", "uscc_check_char"),
        (MobileValidator, "13812345678", "0314-2022222", "mobile_landline"),
    ],
)
def test_field_validators(validator_class, good, bad, code):
    validator = validator_class()
    assert validator(good) is None
    with pytest.raises(ValidationError) as excinfo:
        validator(bad)
    assert excinfo.value.code == code
    path, args, kwargs = validator_class(field_label="Contact").deconstruct()
    assert path == f"bangfu.core.validators.{validator_class.__name__}"
    assert (args, kwargs) == ((), {"field_label": "Contact"})
    assert validator_class("Contact") == validator_class("Contact")
    assert validator_class("Contact") != validator_class("Other")
    assert validator_class() != validator_class("Contact")


def test_field_validator_in_a_form():
    class PersonForm(forms.Form):
        id_number = forms.CharField(validators=[IdNumberValidator(field_label="ID number")])
        mobile = forms.CharField(validators=[MobileValidator()])

    form = PersonForm(data={"id_number": "130821199001011235", "mobile": "+86 138 1234 5678"})
    assert not form.is_valid()
    assert form.errors == {
        "id_number": [
            "ID number: “130821199001011235” is not a valid resident ID number: "
            "the check character should be 4."
        ]
    }
    assert form.cleaned_data["mobile"] == "+86 138 1234 5678"  # validators do not rewrite


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

KNOWN_PREFIXES = sorted(region_table())


@settings(deadline=None, database=None)
@given(
    prefix=st.sampled_from(KNOWN_PREFIXES),
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31)),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_any_body_with_known_prefix_and_real_date_validates(prefix, born, sequence):
    body = f"{prefix}{born:%Y%m%d}{sequence:03d}"
    number = make_id_number(body)
    assert validate_id_number(number) == number
    assert id_birth_date(number) == born
    assert id_sex(number) == ("M" if sequence % 2 else "F")
    for wrong in ID_CHECK_CHARS:
        if wrong != number[17]:
            error = error_of(validate_id_number, body + wrong)
            assert error.code == "id_number_check_char"
            assert error.params["expected"] == number[17]


USCC_CHARS = st.sampled_from(USCC_ALPHABET)
USCC_NONZERO = st.sampled_from(USCC_ALPHABET[1:])


@settings(deadline=None, database=None)
@given(
    authority=USCC_NONZERO,
    kind=USCC_NONZERO,
    region=st.text(alphabet="0123456789", min_size=6, max_size=6),
    organisation=st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9),
)
def test_any_well_formed_uscc_validates(authority, kind, region, organisation):
    first17 = f"{authority}{kind}{region}{organisation}"
    code = make_uscc(first17)
    assert validate_uscc(code) == code
    assert validate_uscc(code.lower()) == code
    for wrong in USCC_ALPHABET:
        if wrong != code[17]:
            assert error_of(validate_uscc, first17 + wrong).code == "uscc_check_char"


ANYTHING = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet="0123456789xX+-. eE０１２３４５６７８９\u3000"),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.booleans(),
)


@settings(deadline=None, database=None)
@given(value=ANYTHING)
def test_validators_raise_nothing_but_validation_error(value):
    for validate in (validate_id_number, validate_uscc, validate_mobile):
        outcome = _outcome(validate, value)
        if isinstance(outcome, ValidationError):
            assert outcome.code
            assert outcome.messages  # the message renders with its params
        else:
            assert isinstance(outcome, str)
            assert len(outcome) in (11, 18)


def _outcome(validate, value) -> str | ValidationError:
    try:
        return validate(value)
    except ValidationError as error:  # anything else propagates and fails the test
        return error


@settings(deadline=None, database=None)
@given(value=st.text())
def test_normalize_text_is_idempotent(value):
    once = normalize_text(value)
    assert normalize_text(once) == once
    assert once == once.strip()
    assert "  " not in once


# --------------------------------------------------------------------------------------------
# Resident ID number: the fast path an import takes agrees with the full checks
# --------------------------------------------------------------------------------------------


def _id_outcome(value, today):
    try:
        return ("ok", validate_id_number(value, today=today))
    except ValidationError as exc:
        return ("refused", exc.code, exc.messages)


def test_the_fast_path_answers_as_the_full_checks_do(monkeypatch):
    """3,600 numbers, good ones and each kind of bad one, each answered twice: as an import
    asks (tidy text takes the fast path) and with the fast path switched off. The answers,
    refusal codes and messages included, are the same; and the fast path was taken."""
    import random

    from bangfu.core.identifiers import resident_id

    rng = random.Random(17)
    today = date(2026, 12, 5)
    regions = ["130821", "130822", "130825", "130828", "130881", "130823", "139999", "000000"]
    values = []
    for _ in range(450):
        born = date(1895, 1, 1) + timedelta(days=rng.randrange(0, 132 * 365))
        body = f"{rng.choice(regions)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        good = make_id_number(body)
        wrong = ID_CHECK_CHARS[(ID_CHECK_CHARS.index(good[17]) + 1) % 11]
        values += [
            good,
            good[:17] + wrong,  # check character
            body[:10] + "1332" + body[14:] + good[17],  # 13th month / 32nd day
            good.lower(),  # an x to upper-case (or the same digits)
            f" {good} ",  # spaces around it
            good[:17],  # too short
            good + "0",  # too long
            good[:5] + "A" + good[6:],  # a letter among the digits
        ]
    fast = [_id_outcome(v, today) for v in values]
    calls = []
    real = resident_id._plain_valid
    monkeypatch.setattr(resident_id, "_plain_valid", lambda text, t: calls.append(text) or False)
    full = [_id_outcome(v, today) for v in values]
    assert len(values) == 3600
    assert len(calls) == 3600
    assert fast == full
    assert sum(1 for o in full if o[0] == "ok") > 600  # the good ones are a fair share
    assert sum(1 for v in values if real(v, today)) == sum(
        1 for v, o in zip(values, full, strict=True) if o[0] == "ok" and o[1] == v
    )
