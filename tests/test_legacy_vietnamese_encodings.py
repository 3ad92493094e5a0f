"""Names typed in legacy Vietnamese fonts (TCVN3/ABC, VNI-Windows, VISCII, Windows-1258) or UTF-8
read as Latin-1 are recognised and converted to NFC Unicode; Unicode is left alone."""

import unicodedata

import pytest

from geo.imports.encodings import (
    TCVN3,
    VNI,
    column_to_unicode,
    detect_encoding,
    legacy_text_convert,
    syllable_score,
)

NAMES = [
    "Hà Nội",
    "Thành phố Đà Nẵng",
    "Xã Tân Lợi",
    "Phường Hội An",
    "Thị trấn Hà Lam",
    "Xã Ea Tiêu",
    "Xã Quảng Nguyên",
    "Đặc khu Phú Quốc",
    "Xã Ngũ Hành Sơn",
    "Xã Điện Bàn",
    "Phường Thuận Phước",
    "Xã Trà Dơn",
]
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 bytes shown as Latin-1 (upper-case toned letters written lower-case,
    as .VnTime fonts do)."""
    reverse = {unicode: legacy for legacy, unicode in TCVN3.items()}
    out = ""
    for char in text:
        if char in reverse:
            out += reverse[char]
        elif char.lower() in reverse and char.lower() != char and char not in "ĂÂĐÊÔƠƯ":
            out += reverse[char.lower()]
        else:
            out += char
    return out


def to_vni(text: str) -> str:
    reverse = {unicode: legacy for legacy, unicode in VNI.items()}
    return "".join(reverse.get(char, char) for char in text)


def to_cp1258(text: str) -> str:
    """Windows-1258 keeps â, ă, ê, ô, ơ, ư, đ precomposed and writes tones as combining marks."""
    out = ""
    for char in unicodedata.normalize("NFC", text):
        marks = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in TONES))
        out += base + "".join(m for m in marks if m in TONES)
    return out.encode("cp1258").decode("latin1")


def to_viscii(text: str) -> str:
    return text.encode("viscii").decode("latin1")


def test_known_words_in_each_legacy_encoding():
    assert legacy_text_convert("Hµ Néi", "tcvn3") == "Hà Nội"
    assert legacy_text_convert("§µ N½ng", "tcvn3") == "Đà Nẵng"
    assert legacy_text_convert("Ph\u00adêng", "tcvn3") == "Phường"
    assert legacy_text_convert("Haø Noäi", "vni") == "Hà Nội"
    assert legacy_text_convert("Vieät Nam", "vni") == "Việt Nam"
    assert legacy_text_convert("Ñaø Naüng", "vni") == "Đà Nẵng"
    assert legacy_text_convert("Thò traán", "vni") == "Thị trấn"
    assert legacy_text_convert("XÃ£ TÃ¢n", "utf-8") == "Xã Tân"
    assert legacy_text_convert("Hà Nµi", "viscii") == "Hà Nội"
    assert legacy_text_convert("Quäng Nam", "viscii") == "Quảng Nam"


def test_tcvn3_table_covers_every_lowercase_vietnamese_letter_once():
    letters = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
    assert letters <= set(TCVN3.values())
    assert len(TCVN3) == len(set(TCVN3.values())) == 74


def test_vni_table_covers_every_vietnamese_letter_in_both_cases():
    lower = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
    assert lower | {c.upper() for c in lower} <= set(VNI.values())


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [(to_tcvn3, "tcvn3"), (to_vni, "vni"), (to_viscii, "viscii"), (to_cp1258, "cp1258")],
)
def test_a_column_of_legacy_names_is_detected_and_converted_back(encode, encoding):
    legacy = [encode(name) for name in NAMES]
    converted, detected = column_to_unicode(legacy)
    assert detected == encoding
    assert converted == NAMES


def test_utf8_bytes_read_as_latin1_are_repaired():
    legacy = [name.encode("utf-8").decode("latin1") for name in NAMES]
    assert column_to_unicode(legacy) == (NAMES, "utf-8")


def test_unicode_names_are_left_alone_and_normalised_to_nfc():
    decomposed = [unicodedata.normalize("NFD", name) for name in NAMES]
    converted, detected = column_to_unicode([*decomposed, None])
    assert detected == ""
    assert converted == [*NAMES, None]


def test_ascii_names_need_no_conversion():
    assert detect_encoding(["Ea Tieu", "Ia Grai", "Dak Mil"]) == ""


def test_malformed_words_lower_the_syllable_score():
    assert syllable_score(["Hà Nội", "Tân Lợi"]) == 1.0
    assert syllable_score(["Hµ Néi"]) == 0.0
