"""Text normalisation, in one place: every comparison (TF-IDF, rapidfuzz, identity keys) sees the same strings.

NFKC folds full-width forms (``ＳＴＭ３２`` → ``STM32``); OpenCC folds traditional to simplified characters;
case and whitespace are folded; Chinese and ASCII punctuation become spaces (the separators that live inside
part numbers, ``- / . _ + #``, are kept); unit spellings after a number are folded to one symbol
(``10 毫米`` → ``10mm``, ``5 公斤`` → ``5kg``); grades are written one way (``45号钢`` → ``45#钢``,
``一级`` → ``1级``) and dimension crosses are ``x`` (``M8×20`` → ``m8x20``). Part numbers additionally lose
their separators. Every function here is idempotent: normalising normalised text changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_WHITESPACE = re.compile(r"\s+")
# Separators people put inside part numbers: FF450R12-ME4, 6061 T6, SKF/6205, STM32.F103.
_PART_SEPARATORS = re.compile(r"[\s\-_./\\·・—–‐]+")

# Punctuation that separates words. What stays: - / . _ + # % ~ (part numbers, grades, ranges, percentages).
_PUNCTUATION = re.compile(r"[,;:!?()\[\]{}<>\"'`|，。、；：！？（）【】《》〈〉「」『』“”‘’…·・•★☆◆■□●○※&@$^=]+")
_DASHES = re.compile(r"[‐‑‒–—―−﹣－]")
# 1,000 → 1000 (a thousands comma, not a list comma).
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# M8×20, 10*20, 3 x 4: the cross between dimensions is written "x".
_CROSS = re.compile(r"(?<=[0-9])\s*[×xX*✕╳]\s*(?=[0-9])")

# Unit spellings after a number; longest first so 毫安时 wins over 毫安 and 安.
_UNITS: tuple[tuple[str, str], ...] = (
    ("平方毫米", "mm2"), ("平方厘米", "cm2"), ("平方米", "m2"), ("立方米", "m3"),
    ("毫安时", "mah"), ("千瓦时", "kwh"), ("毫米", "mm"), ("厘米", "cm"), ("微米", "um"), ("纳米", "nm"),
    ("千米", "km"), ("公里", "km"), ("米", "m"), ("μm", "um"), ("千克", "kg"), ("公斤", "kg"), ("毫克", "mg"),
    ("克", "g"), ("吨", "t"), ("千瓦", "kw"), ("兆瓦", "mw"), ("瓦特", "w"), ("瓦", "w"), ("千伏", "kv"),
    ("伏特", "v"), ("伏", "v"), ("毫安", "ma"), ("安培", "a"), ("安", "a"), ("兆赫", "mhz"), ("千赫", "khz"),
    ("赫兹", "hz"), ("兆帕", "mpa"), ("千帕", "kpa"), ("帕", "pa"), ("毫升", "ml"), ("升", "l"),
    ("欧姆", "ohm"), ("千欧", "kohm"), ("欧", "ohm"), ("ω", "ohm"), ("微法", "uf"), ("μf", "uf"), ("皮法", "pf"),
    ("纳法", "nf"), ("摄氏度", "°c"), ("转/分", "rpm"), ("英寸", "inch"), ("吋", "inch"),
)
_UNIT_MAP = dict(_UNITS)
_UNIT_AFTER_NUMBER = re.compile(
    r"(?<=\d)\s*(" + "|".join(re.escape(spelling) for spelling, _ in _UNITS) + r")"
)
# ASCII units typed with a space after the number: "10 mm" → "10mm" (only when the unit is a whole word).
_ASCII_UNIT_SPACE = re.compile(
    r"(?<=\d) (mm2|mm|cm|um|nm|km|m|kg|mg|g|t|kw|kwh|mw|w|kv|v|ma|mah|a|mhz|khz|ghz|hz|mpa|kpa|pa|ml|l|"
    r"ohm|kohm|uf|pf|nf|rpm|inch|gb|mb|tb|kb|ft|in|lb|lbs|oz)(?![a-z0-9])"
)
# Grades: 45号钢 / 45 # 钢 → 45#钢; 一级 → 1级.
_GRADE_NUMBER = re.compile(r"(?<=\d)\s*号")
_GRADE_HASH = re.compile(r"(?<=\d)\s+#")
_CHINESE_GRADE = re.compile(r"(?<![一二三四五六七八九十])([一二三四五])(级|类|等品)")
_ANY_DIGIT = re.compile(r"\d")
_CHINESE_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5"}

# Longest first, so "股份有限公司" is removed whole rather than leaving "股份".
COMPANY_SUFFIXES = (
    "集团股份有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "集团公司",
    "分公司", "公司", "集团", "股份", "厂", "co ltd", "co., ltd.", "co. ltd", "ltd", "inc", "corporation",
    "corp", "gmbh", "ag", "llc", "s.a.",
)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold_width_and_case(text: str) -> str:
    """NFKC + lower case + collapsed whitespace, without the (slower) traditional→simplified step."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).lower())).strip()


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text).lower()
    text = unicodedata.normalize("NFKC", text)
    text = _DASHES.sub("-", text)
    text = _THOUSANDS.sub("", text)
    text = _PUNCTUATION.sub(" ", text)
    text = _WHITESPACE.sub(" ", text).strip()
    if _ANY_DIGIT.search(text):
        text = _CROSS.sub("x", text)
        text = _UNIT_AFTER_NUMBER.sub(lambda m: _UNIT_MAP[m.group(1)], text)
        text = _ASCII_UNIT_SPACE.sub(r"\1", text)
        text = _GRADE_NUMBER.sub("#", text)
        text = _GRADE_HASH.sub("#", text)
    if "级" in text or "类" in text or "等品" in text:
        text = _CHINESE_GRADE.sub(lambda m: _CHINESE_DIGITS[m.group(1)] + m.group(2), text)
    return text


def normalize_text(text: str | None) -> str:
    """The canonical form of free text: NFKC, simplified characters, lower case, punctuation and unit
    spellings folded, single spaces. Idempotent."""
    if not text:
        return ""
    return _fold_once(text)


def normalize_part_number(text: str | None) -> str:
    """A part number's comparable form: canonical text, upper case, no separators (``ff450r12-me4`` → ``FF450R12ME4``)."""
    if not text:
        return ""
    # Removing a separator can bring a combining mark next to a letter; NFKC composes the pair again.
    return unicodedata.normalize("NFKC", compact_part_number(normalize_text(text)))


def compact_part_number(normalized: str) -> str:
    """:func:`normalize_part_number` for text that is already normalised (no second normalisation)."""
    return _PART_SEPARATORS.sub("", normalized).upper()


def strip_company_suffix(name: str | None) -> str:
    """``重庆某某精密机械有限公司`` → ``重庆某某精密机械``: legal-form words carry no identity."""
    cleaned = normalize_text(name)
    changed = True
    while changed and cleaned:
        changed = False
        for suffix in COMPANY_SUFFIXES:
            if cleaned.endswith(suffix) and len(cleaned) > len(suffix):
                head = cleaned[: -len(suffix)]
                # A Latin suffix must be a whole word ("inc", not the end of "zinc").
                if suffix[0].isascii() and head[-1:].isalnum():
                    continue
                cleaned = head.rstrip(" ()（）.,")
                changed = True
                break
    return cleaned
