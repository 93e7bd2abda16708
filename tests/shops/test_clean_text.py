import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from shops.validators import validate_clean_text


def _error(value: str, *, max_length: int) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_clean_text(value, max_length=max_length)
    return caught.value


@pytest.mark.parametrize(
    "text",
    [
        "Boulangerie Dupont",
        "Pain, viennoiseries\net pâtisseries.\r\nOuvert le dimanche.",
        "Colonnes\tséparées\tpar des tabulations",
        "Crème brûlée, œufs, «\u00a0guillemets\u00a0», emoji 🥐, 中文",
        "",
    ],
)
def test_ordinary_text_is_accepted(text):
    assert validate_clean_text(text, max_length=200) is None


def test_text_of_exactly_max_length_is_accepted():
    assert validate_clean_text("é" * 50, max_length=50) is None


@pytest.mark.parametrize("text", ["Boulangerie\x00", "\x00", "avant\x00après"])
def test_nul_byte_is_refused(text):
    assert _error(text, max_length=200).code == "forbidden_characters"


@pytest.mark.parametrize("char", [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"])
def test_every_c0_control_but_tab_newline_and_carriage_return_is_refused(char):
    assert _error(f"Boulangerie{char}Dupont", max_length=200).code == "forbidden_characters"


def test_forbidden_character_message_is_french():
    with translation.override("fr"):
        assert _error("a\x07b", max_length=200).messages == ["Ce texte contient des caractères non autorisés."]


def test_text_one_character_too_long_is_refused():
    assert _error("a" * 51, max_length=50).code == "too_long"


def test_200_kb_string_is_refused_as_too_long():
    error = _error("x" * 200_000, max_length=5000)
    assert error.code == "too_long"
    assert error.params == {"length": 200_000, "max": 5000}


def test_too_long_message_gives_length_and_maximum():
    with translation.override("fr"):
        assert _error("abcdef", max_length=5).messages == ["Ce texte est trop long (6 caractères, 5 au plus)."]


def test_length_counts_characters_not_bytes():
    # Each "é" is two bytes in UTF-8; a VARCHAR(10) in PostgreSQL holds ten of them.
    assert validate_clean_text("é" * 10, max_length=10) is None
