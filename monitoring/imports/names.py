"""Normalise Vietnamese names and headers for matching: case, diacritics, spacing and
the commune-kind prefixes provinces write ("Xã", "Phường", "Thị trấn", "P.", "TT.", "X.").

Pure text; imports nothing from Django.

>>> commune_key("P. Hải Châu  I")
'hai chau i'
>>> commune_key("Thị trấn Ái Nghĩa") == commune_key("TT.Ai Nghia")
True
"""

import re
import unicodedata

__all__ = ["commune_key", "fold"]

# Whole words need a space after them; abbreviations end with a dot.
_PREFIX = re.compile(r"^(?:(?:thi\s+tran|phuong|xa|dac\s+khu|tt)\s+|(?:tt|p|x)\.\s*)")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case without diacritics, ``đ`` as ``d``, runs of spaces as one, trimmed.

    >>> fold("  Kỳ  BÁO cáo ")
    'ky bao cao'
    """
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACE.sub(" ", text).strip().lower()


def commune_key(name: str) -> str:
    """``fold(name)`` without a leading commune-kind prefix (only when something follows)."""
    folded = fold(name)
    stripped = _PREFIX.sub("", folded, count=1).strip()
    return stripped or folded
