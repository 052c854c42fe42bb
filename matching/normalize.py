"""Text normalisation, in one place: every comparison (TF-IDF, rapidfuzz, identity keys) sees the same strings.

NFKC folds full-width forms (``ＳＴＭ３２`` → ``STM32``); OpenCC folds traditional to simplified characters;
case and whitespace are folded; part numbers additionally lose their separators.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_WHITESPACE = re.compile(r"\s+")
# Separators people put inside part numbers: FF450R12-ME4, 6061 T6, SKF/6205, STM32.F103.
_PART_SEPARATORS = re.compile(r"[\s\-_./\\·・—–‐]+")

# Longest first, so "股份有限公司" is removed whole rather than leaving "股份".
COMPANY_SUFFIXES = (
    "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司", "股份公司", "集团公司",
    "分公司", "公司", "集团", "股份", "厂",
)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold_width_and_case(text: str) -> str:
    """NFKC + lower case + collapsed whitespace, without the (slower) traditional→simplified step."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def normalize_text(text: str | None) -> str:
    """The canonical form of free text: NFKC, simplified characters, lower case, single spaces."""
    if not text:
        return ""
    return fold_width_and_case(_t2s().convert(unicodedata.normalize("NFKC", text)))


def normalize_part_number(text: str | None) -> str:
    """A part number's comparable form: canonical text, upper case, no separators (``ff450r12-me4`` → ``FF450R12ME4``)."""
    if not text:
        return ""
    return _PART_SEPARATORS.sub("", normalize_text(text)).upper()


def strip_company_suffix(name: str | None) -> str:
    """``重庆某某精密机械有限公司`` → ``重庆某某精密机械``: legal-form words carry no identity."""
    cleaned = normalize_text(name)
    changed = True
    while changed and cleaned:
        changed = False
        for suffix in COMPANY_SUFFIXES:
            if cleaned.endswith(suffix) and len(cleaned) > len(suffix):
                cleaned = cleaned[: -len(suffix)].rstrip(" ()（）")
                changed = True
                break
    return cleaned
