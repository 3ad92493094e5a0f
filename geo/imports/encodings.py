"""Vietnamese text in legacy 8-bit encodings (TCVN3/ABC, VNI-Windows, VISCII, Windows-1258)
or UTF-8 read as Latin-1, detected and converted to NFC Unicode (pure, no Django).

Provinces still send shapefiles whose DBF was typed with a .VnTime (TCVN3) or VNI-Times
font: "Hµ Néi" or "Haø Noäi" instead of "Hà Nội". PyPI has no maintained converter for
TCVN3 and VNI (``viparse`` is a document loader for retrieval pipelines), so those two
tables live here, checked against known words in tests; VISCII comes from the small
``viscii-codec`` package (a Python codec generated from Unicode's VISCII.TXT).

Detection works on a whole column at once (a file is typed in one font): each candidate
decoding is scored by the share of words that are well-formed Vietnamese syllables
(onset + vowel nucleus + coda, at most one tone mark), and the text is converted only if
a candidate scores clearly better than the text as it is.

>>> legacy_text_convert("Hµ Néi", "tcvn3")
'Hà Nội'
>>> detect_encoding(["Haø Noäi", "Ñaø Naüng"])
'vni'
"""

import re
import unicodedata

import viscii  # noqa: F401 - registers the "viscii" codec

__all__ = [
    "ENCODINGS",
    "column_to_unicode",
    "detect_encoding",
    "legacy_text_convert",
    "syllable_score",
]

ENCODINGS = ("tcvn3", "vni", "viscii", "cp1258", "utf-8")

# TCVN 5712:1993 VN3 (the ".VnTime"/ABC fonts): one byte per letter, lowercase only
# (upper-case toned letters are the same bytes drawn with a ".VnTimeH" font).
_TCVN3_BYTES = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00adõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3_UNICODE = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
TCVN3 = dict(zip(_TCVN3_BYTES, _TCVN3_UNICODE, strict=True))

# VNI-Windows: a base letter followed by a modifier byte; a few letters are one byte.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ô": "ơ", "ö": "ư", "ñ": "đ",
    "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ", "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ",
}  # fmt: skip


def _vni_table() -> dict[str, str]:
    table = dict(_VNI_SINGLE)

    def add(base: str, modifier: str, composed: str) -> None:
        table[base + modifier] = unicodedata.normalize("NFC", composed)
        table[base.upper() + modifier.upper()] = unicodedata.normalize("NFC", composed.upper())

    for base in "aeouy":
        for key, tone in _VNI_TONES.items():
            add(base, key, base + tone)
    for base in "aeo":
        for key, tone in _VNI_CIRCUMFLEX.items():
            add(base, key, base + "\u0302" + tone)
    for key, tone in _VNI_BREVE.items():
        add("a", key, "a\u0306" + tone)
    for base, horn in (("ô", "ơ"), ("ö", "ư")):  # ơ and ư carry tones like plain vowels
        for key, tone in _VNI_TONES.items():
            add(base, key, horn + tone)
    return table


VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))


def _as_bytes(text: str) -> bytes | None:
    """The bytes ``text`` was decoded from when it was read as Latin-1 or Windows-1252."""
    out = bytearray()
    for char in text:
        if ord(char) < 256:
            out.append(ord(char))
        else:
            try:
                out += char.encode("cp1252")
            except UnicodeEncodeError:
                return None
    return bytes(out)


def legacy_text_convert(text: str, encoding: str) -> str:
    """``text`` (legacy bytes seen as Latin-1 characters) decoded as ``encoding``, in NFC."""
    if encoding == "tcvn3":
        converted = "".join(TCVN3.get(char, char) for char in text)
    elif encoding == "vni":
        converted = _VNI_PATTERN.sub(lambda match: VNI[match[0]], text)
    elif encoding in ("viscii", "cp1258", "utf-8"):
        raw = _as_bytes(text)
        if raw is None:
            raise ValueError(f"{text!r} holds characters no 8-bit encoding produced")
        converted = raw.decode(encoding)
    else:
        raise ValueError(f"unknown encoding {encoding!r}; use one of {', '.join(ENCODINGS)}")
    return unicodedata.normalize("NFC", converted)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEI = (
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "ia",
    "iê",
    "iu",
    "iêu",
    "oa",
    "oă",
    "oe",
    "oi",
    "ôi",
    "ơi",
    "oo",
    "ua",
    "uâ",
    "uê",
    "ui",
    "uô",
    "uơ",
    "uy",
    "ưa",
    "ưi",
    "ươ",
    "ưu",
    "uya",
    "uyê",
    "uyu",
    "ươi",
    "ươu",
    "uôi",
    "oai",
    "oay",
    "oao",
    "oeo",
    "uây",
    "yê",
    "yêu",
)
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(rf"{_ONSET}(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))}){_CODA}")
_WORD = re.compile(r"[^\W\d_]+")


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(char in _TONES for char in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def syllable_score(texts: list[str]) -> float:
    """Share of words in ``texts`` that are well-formed Vietnamese syllables (0–1).

    A character that is not a letter splits words, so leftovers of a wrong decoding
    ("Hµ", "Noäi") count as malformed words.
    """
    words = [word for text in texts for word in re.split(r"[\s\-.,;:()/'\"]+", text) if word]
    if not words:
        return 1.0
    good = sum(1 for word in words if _WORD.fullmatch(word) and _is_syllable(word))
    return good / len(words)


def _candidates(texts: list[str]) -> dict[str, list[str]]:
    out = {"": texts}
    for encoding in ENCODINGS:
        try:
            out[encoding] = [legacy_text_convert(text, encoding) for text in texts]
        except (UnicodeDecodeError, ValueError):
            continue
    return out


def detect_encoding(texts: list[str]) -> str:
    """The legacy encoding ``texts`` were typed in, or ``""`` when they are Unicode already.

    Only texts with a character beyond ASCII decide; a candidate must make at least
    a tenth more of the words well-formed than the text as it is.
    """
    sample = [text for text in texts if text and not text.isascii()][:2000]
    if not sample:
        return ""
    if any(ord(char) > 0x24F and not 0x1E00 <= ord(char) <= 0x1EFF for text in sample for char in text):
        return ""  # characters no 8-bit font produces: real Unicode (or another script)
    scores = {encoding: syllable_score(converted) for encoding, converted in _candidates(sample).items()}
    best = max(scores, key=lambda encoding: (scores[encoding], encoding == ""))
    if best and scores[best] >= scores[""] + 0.1:
        return best
    return ""


def column_to_unicode(texts: list[str | None]) -> tuple[list[str | None], str]:
    """Every text of a column converted from its detected encoding, NFC; and the encoding."""
    encoding = detect_encoding([text for text in texts if text])
    if not encoding:
        return [None if text is None else unicodedata.normalize("NFC", text) for text in texts], ""
    return [None if text is None else legacy_text_convert(text, encoding) for text in texts], encoding
