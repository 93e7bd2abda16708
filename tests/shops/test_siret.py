import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from stdnum import luhn

from shops.validators import normalize_siret, validate_siret

# The checksum SIREN and SIRET use, by python-stdnum (as the app's own validator).
_luhn_is_valid = luhn.is_valid


def _error_code(value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_siret(value)
    return caught.value.code


# Every one passes Luhn on its SIREN and on all 14 digits (checked by the first test).
VALID_SIRETS = ["73282932000074", "44306184100047", "55208131766522", "32543725915384", "84714485472984"]


def test_sample_sirets_pass_luhn_on_siren_and_siret():
    for siret in VALID_SIRETS:
        assert _luhn_is_valid(siret)
        assert _luhn_is_valid(siret[:9])


@pytest.mark.parametrize("siret", VALID_SIRETS)
def test_valid_siret_is_accepted(siret):
    assert validate_siret(siret) is None


@pytest.mark.parametrize(
    "typed",
    [
        "732 829 320 00074",
        " 73282932000074 ",
        "732\u00a0829\u00a0320\u00a000074",
        "732\u202f829\u202f320\u202f00074",
    ],
)
def test_siret_with_spaces_between_groups_is_accepted(typed):
    assert validate_siret(typed) is None


def test_normalize_siret_removes_ascii_and_no_break_spaces_only():
    assert normalize_siret("732 829\u00a0320\u202f00074") == "73282932000074"


def test_normalize_siret_keeps_every_other_character():
    assert normalize_siret("732-829.320\t00074") == "732-829.320\t00074"


@pytest.mark.parametrize("siret", ["7328293200007", "732829320000740", "", "7"])
def test_siret_without_fourteen_digits_is_refused(siret):
    assert _error_code(siret) == "siret_length"


def test_length_message_says_how_many_digits_were_typed():
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        validate_siret("7328293200007")
    assert caught.value.messages == ["Un numéro SIRET comporte 14 chiffres ; vous en avez saisi 13."]


@pytest.mark.parametrize(
    "siret",
    [
        "7328293200007A",
        "ABCDEFGHIJKLMN",
        "732-829-320-00074",
        "732.829.320.00074",
        "73282932000074\n",
        "7328293200007\x00",
        # Full-width digits: str.isdigit() says yes, and python-stdnum would turn them into ASCII.
        "７３２８２９３２０００７４",
        # Arabic-Indic digits.
        "٧٣٢٨٢٩٣٢٠٠٠٠٧٤",
        # Superscript digits.
        "⁷³²⁸²⁹³²⁰⁰⁰⁰⁷⁴",
        # Mathematical bold digits.
        "𝟕𝟑𝟐𝟖𝟐𝟗𝟑𝟐𝟎𝟎𝟎𝟎𝟕𝟒",
    ],
)
def test_siret_with_anything_but_ascii_digits_is_refused(siret):
    assert _error_code(siret) == "siret_not_digits"


def test_unicode_digits_would_fool_isdigit():
    assert "７３２８２９３２０００７４".isdigit()
    assert _error_code("７３２８２９３２０００７４") == "siret_not_digits"


def test_all_zeros_siret_is_refused_though_it_passes_luhn():
    assert _luhn_is_valid("00000000000000")
    assert _error_code("00000000000000") == "siret_all_zeros"


@pytest.mark.parametrize("siret", ["73282932000075", "73282932000047", "12345678901234", "11111111111111"])
def test_siret_failing_luhn_is_refused(siret):
    assert not _luhn_is_valid(siret)
    assert _error_code(siret) == "siret_checksum"


def test_siret_whose_siren_fails_luhn_is_refused_even_if_the_fourteen_digits_pass():
    # INSEE gives the SIREN its own check digit; a typo there can be hidden by the NIC's.
    assert _luhn_is_valid("73282932100072")
    assert not _luhn_is_valid("732829321")
    assert _error_code("73282932100072") == "siret_checksum"


def test_checksum_message_is_french():
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        validate_siret("73282932000075")
    assert caught.value.messages == [
        "Ce numéro SIRET n'est pas valide : vérifiez qu'il ne contient pas de faute de frappe."
    ]


@pytest.mark.parametrize("siret", ["35600000009075", "35600000000001", "356 000 000 09075"])
def test_la_poste_siret_whose_digits_sum_to_a_multiple_of_five_is_accepted_without_luhn(siret):
    digits = normalize_siret(siret)
    assert digits.startswith("356000000")
    assert sum(int(d) for d in digits) % 5 == 0
    assert not _luhn_is_valid(digits)
    assert validate_siret(siret) is None


def test_la_poste_head_office_is_accepted_by_luhn_though_its_digits_sum_to_26():
    # 356 000 000 00048, La Poste's head office, predates the sum-of-digits rule and follows Luhn.
    assert sum(int(d) for d in "35600000000048") == 26
    assert _luhn_is_valid("35600000000048")
    assert validate_siret("35600000000048") is None


def test_la_poste_siret_whose_digits_do_not_sum_to_a_multiple_of_five_is_refused():
    assert sum(int(d) for d in "35600000012345") % 5 != 0
    assert _error_code("35600000012345") == "siret_checksum"


def test_la_poste_establishment_passing_only_luhn_is_refused():
    # Only the head office is allowed Luhn; the other La Poste numbers must follow the sum rule.
    assert _luhn_is_valid("35600000000014")
    assert sum(int(d) for d in "35600000000014") % 5 != 0
    assert _error_code("35600000000014") == "siret_checksum"
