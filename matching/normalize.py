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
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
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
    # Case is folded before units, so milli- (mΩ) and mega-ohm (MΩ) both read "mω"; both sides fold alike.
    ("欧姆", "ohm"), ("千欧", "kohm"), ("毫欧", "mohm"), ("兆欧", "mohm"), ("欧", "ohm"), ("mω", "mohm"),
    ("kω", "kohm"), ("ω", "ohm"), ("微法", "uf"), ("μf", "uf"), ("皮法", "pf"),
    ("纳法", "nf"), ("摄氏度", "°c"), ("转/分", "rpm"), ("英寸", "inch"), ("吋", "inch"),
)
_UNIT_MAP = dict(_UNITS)
_UNIT_AFTER_NUMBER = re.compile(
    r"(?<=\d)\s*(" + "|".join(re.escape(spelling) for spelling, _ in _UNITS) + r")"
)
# ASCII units typed with a space after the number: "10 mm" → "10mm" (only when the unit is a whole word).
_ASCII_UNIT_SPACE = re.compile(
    r"(?<=\d) (mm2|mm|cm|um|nm|km|m|kg|mg|g|t|kw|kwh|mw|w|kv|v|ma|mah|a|mhz|khz|ghz|hz|mpa|kpa|pa|ml|l|"
    r"ohm|kohm|mohm|uf|pf|nf|rpm|inch|gb|mb|tb|kb|ft|in|lb|lbs|oz)(?![a-z0-9])"
)
# A range of one quantity, 4-20mA / 4～20mA / 0至1.6MPa → 4~20ma, 0~1.6mpa: one spelling, and never mistaken for a
# part number (a dash joins part-number pieces). Only where the range stands alone: in PT124B-210-40MPa the dash
# belongs to the part number.
_RANGE = re.compile(
    r"(?<![a-z0-9.~-])(\d+(?:\.\d+)?)\s*(?:~|-|至|到)\s*(?=\d+(?:\.\d+)?(?:mm|cm|um|m|kg|g|t|kw|w|kv|v|mv|ma|a|"
    r"mhz|khz|hz|mpa|kpa|pa|bar|ml|l|ohm|kohm|mohm|°c|rpm|nm|%)(?![a-z0-9]))"
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


def _fold_once(text: str) -> str:
    return _fold_tail(_fold_head(text))


def _fold_head(text: str) -> str:
    """Width, script, case, dashes, punctuation and whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text).lower()
    text = unicodedata.normalize("NFKC", text)
    text = _DASHES.sub("-", text)
    text = _THOUSANDS.sub("", text)
    text = _PUNCTUATION.sub(" ", text)
    return _WHITESPACE.sub(" ", text).strip()


def _fold_tail(text: str) -> str:
    """Unit spellings, dimension crosses and grades, on text already through :func:`_fold_head`."""
    if _ANY_DIGIT.search(text):
        text = _CROSS.sub("x", text)
        text = _UNIT_AFTER_NUMBER.sub(lambda m: _UNIT_MAP[m.group(1)], text)
        text = _ASCII_UNIT_SPACE.sub(r"\1", text)
        text = _RANGE.sub(r"\1~", text)
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
    return _strip_suffixes(normalize_text(name))


def _strip_suffixes(cleaned: str) -> str:
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


# ── batches ──────────────────────────────────────────────────────────────────────────────────────────────────
# A private-use character joins the texts of a batch: NFKC, OpenCC and case folding leave it alone, it is neither
# whitespace nor punctuation nor a digit, so no step of the fold matches across it and each text comes out exactly
# as :func:`normalize_text` would give it alone.
_BATCH_SEPARATOR = "\ue000"
_SPACE_AROUND_SEPARATOR = re.compile(" ?\ue000 ?")
_BATCH_CHARS = 1 << 20  # texts are folded about a million characters at a time
_SMALL_BATCH = 64


def normalize_many(texts: Sequence[str | None]) -> list[str]:
    """:func:`normalize_text` of each text, computed over whole chunks at once (the same strings, far fewer calls)."""
    if len(texts) < _SMALL_BATCH:  # the table set-up costs more than it saves
        return [normalize_text(t) for t in texts]
    texts = [t or "" for t in texts] if None in texts else list(texts)
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1)
    out: list[str] = []
    start = 0
    while start < len(texts):
        limit = (ends[start - 1] if start else 0) + _BATCH_CHARS
        stop = max(int(np.searchsorted(ends, limit, side="right")), start + 1)
        out.extend(_normalize_chunk(texts[start:stop]))
        start = stop
    return out


def _normalize_chunk(texts: list[str]) -> list[str]:
    joined = _BATCH_SEPARATOR.join(texts)
    if joined.count(_BATCH_SEPARATOR) != len(texts) - 1:  # a text holds the separator itself: one by one
        return [normalize_text(t) for t in texts]
    parts = _fold_head_joined(joined).split(_BATCH_SEPARATOR)
    if len(parts) != len(texts):  # cannot happen with the steps above; stay correct if a step ever changes
        return [normalize_text(t) for t in texts]
    # The unit, cross and grade rules change only texts holding one of their triggers; the others are done.
    for i in _texts_needing_tail(parts):
        parts[i] = _fold_tail(parts[i])
    return parts


def _points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _text(points: np.ndarray) -> str:
    return points.astype(np.uint32, copy=False).tobytes().decode("utf-32-le")


# Character classes of the folding steps, as bit flags in one lookup table.
_DASH, _BLANK, _DIGIT, _TRIGGER, _GRADE, _CHINESE_DIGIT = 1, 2, 4, 8, 16, 32
# Characters that can start a unit, cross or grade rule's match once a digit (and at most one space) precedes them.
_TAIL_TRIGGERS = "×xX*✕╳#号" + "".join(dict.fromkeys(spelling[0] for spelling, _ in _UNITS))


def _char_class(char: str) -> int:
    flags = 0
    if _DASHES.fullmatch(char):
        flags |= _DASH
    if _PUNCTUATION.fullmatch(char) or char.isspace() or re.fullmatch(r"\s", char):
        flags |= _BLANK
    if re.fullmatch(r"\d", char):
        flags |= _DIGIT
    if char in _TAIL_TRIGGERS:
        flags |= _TRIGGER
    if char in "级类等":
        flags |= _GRADE
    if char in "一二三四五":
        flags |= _CHINESE_DIGIT
    return flags


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per BMP code point: its NFKC when that is one character, whether its NFKC is longer, and its classes."""
    size = 0x10000
    nfkc = np.arange(size, dtype=np.uint32)
    expands = np.zeros(size, dtype=bool)
    classes = np.zeros(size, dtype=np.uint8)
    for cp in range(size):
        if 0xD800 <= cp < 0xE000:
            continue
        char = chr(cp)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1:
            nfkc[cp] = ord(folded)
        elif folded != char:
            expands[cp] = True  # ℃ → °c, ㎜ → mm: replaced as strings
        classes[cp] = _char_class(char)
    return nfkc, expands, classes


def _classes(points: np.ndarray) -> np.ndarray:
    table = _tables()[2]
    if len(points) == 0 or int(points.max()) < 0x10000:
        return table[points]
    out = table[np.minimum(points, 0xFFFF)]
    beyond = points >= 0x10000
    for cp in np.unique(points[beyond]).tolist():
        out[points == cp] = _char_class(chr(cp))
    return out


def _fold_head_joined(joined: str) -> str:
    """:func:`_fold_head` of each separator-joined text, with the per-character steps done as table lookups.

    NFKC: mapping each character to its own NFKC first changes nothing (the compatibility decomposition of the
    whole string is the same), and leaves a string that is almost always normalised already, so the exact NFKC
    that follows takes its quick path. Punctuation and whitespace become one space per run, as the regexes do.
    """
    nfkc, expands, _ = _tables()
    points = _points(joined)
    if len(points) and int(points.max()) >= 0x10000:
        points = np.where(points < 0x10000, nfkc[np.minimum(points, 0xFFFF)], points)
    else:
        points = nfkc[points]
    text = _text(points)
    for cp in np.unique(points[expands[np.minimum(points, 0xFFFF)] & (points < 0x10000)]).tolist():
        text = text.replace(chr(cp), unicodedata.normalize("NFKC", chr(cp)))
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text).lower()
    text = unicodedata.normalize("NFKC", text)
    points = _points(text)
    classes = _classes(points)
    points = np.where(classes & _DASH != 0, np.uint32(ord("-")), points)
    # 1,000 → 1000: a comma between a digit and exactly three digits (``_THOUSANDS``).
    commas = np.flatnonzero(points == ord(","))
    if len(commas):
        digit = classes & _DIGIT != 0
        n = len(points)
        keep = (commas > 0) & (commas + 3 < n)
        keep[keep] = digit[commas[keep] - 1] & digit[commas[keep] + 1] & digit[commas[keep] + 2] & digit[commas[keep] + 3]
        tail = commas + 4
        keep[keep] &= (tail[keep] >= n) | ~digit[np.minimum(tail[keep], n - 1)]
        if keep.any():
            points = np.delete(points, commas[keep])
            classes = np.delete(classes, commas[keep])
    if not len(points):
        return ""
    space = classes & _BLANK != 0
    points = np.where(space, np.uint32(32), points)
    # One space per run; none at the ends of a text (next to a separator or the ends of the chunk).
    sep = points == ord(_BATCH_SEPARATOR)
    drop = np.zeros(len(points), dtype=bool)
    drop[1:] = space[1:] & (space[:-1] | sep[:-1])
    drop[0] = space[0]
    # What is left of each run is its first space: it goes too when the run reaches a separator or the end.
    kept = points[~drop]
    kept_space = kept == 32
    end = np.zeros(len(kept), dtype=bool)
    if len(kept):
        end[:-1] = kept_space[:-1] & (kept[1:] == ord(_BATCH_SEPARATOR))
        end[-1] = kept_space[-1]
    return _text(kept[~end])


def _texts_needing_tail(parts: list[str]) -> list[int]:
    """Which texts :func:`_fold_tail` may change: a digit followed (directly or after one space) by a unit, cross or
    grade character, a digit and a space before a Latin letter, or 一–五 before 级/类/等. A rule can only fire where
    one of these is (or where an earlier rule fired), so every other text is left as it is."""
    joined = _BATCH_SEPARATOR.join(parts)
    points = _points(joined)
    n = len(points)
    if n < 2:
        return [i for i, p in enumerate(parts) if p and p != _fold_tail(p)]
    classes = _classes(points)
    digit = classes & _DIGIT != 0
    trigger = classes & _TRIGGER != 0
    letter = (points >= ord("a")) & (points <= ord("z"))
    space = points == 32
    hit = np.zeros(n, dtype=bool)
    hit[1:] |= digit[:-1] & trigger[1:]
    hit[2:] |= digit[:-2] & space[1:-1] & (trigger[2:] | letter[2:])
    hit[1:] |= (classes[:-1] & _CHINESE_DIGIT != 0) & (classes[1:] & _GRADE != 0)
    positions = np.flatnonzero(hit)
    if not len(positions):
        return []
    separators = np.flatnonzero(points == ord(_BATCH_SEPARATOR))
    return np.unique(np.searchsorted(separators, positions)).tolist()


def strip_company_suffix_many(names: Sequence[str | None]) -> list[str]:
    """:func:`strip_company_suffix` of each name (batch normalisation, suffixes stripped once per distinct name)."""
    stripped: dict[str, str] = {}
    out = []
    for cleaned in normalize_many(names):
        value = stripped.get(cleaned)
        if value is None:
            value = stripped[cleaned] = _strip_suffixes(cleaned)
        out.append(value)
    return out
