"""Comparisons of a demand record with one candidate, splink-style: each comparison is an ordered list of levels.

A level has a Chinese label and a weight. A graded level (text, name) contributes ``weight × similarity``; a
fixed level contributes its weight (for part numbers, scaled by how rare the matched number is among the supply
rows). Missing values always fall in a level worth nothing, never in a "similarity 0 against text" level.
The contributions of one match add up to its score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from matching.records import CATEGORY_LABELS


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a comparison: its code, its Chinese label and its weight."""

    code: str
    label: str
    weight: float


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one comparison added to a match's score, and the two values it compared."""

    comparison: str  # "text" | "name" | "part_number" | "brand" | "spec" | "attribute" | "category" | …
    level: str  # the level's code, e.g. "exact"
    weight: float  # the level's weight
    value: float  # what was added to the score
    demand_value: str | None
    supply_value: str | None
    label: str = ""  # the level's Chinese label
    similarity: float | None = None  # for graded levels

    @property
    def text(self) -> str:
        """The contribution in Chinese: ``型号完全一致 FF450R12ME4``, ``名称相似 0.82``, ``品牌一致 英飞凌``."""
        if self.similarity is not None:
            return f"{self.label} {self.similarity:.2f}"
        if self.comparison == "attribute_conflict" and self.demand_value and self.supply_value:
            return f"{self.label}：需{self.demand_value}，供{self.supply_value}"
        if self.demand_value and self.supply_value and self.demand_value != self.supply_value:
            return f"{self.label} {self.demand_value}/{self.supply_value}"
        shown = self.supply_value or self.demand_value
        return f"{self.label} {shown}" if shown else self.label

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked supply row for a demand record; ``score`` is the sum of the contributions' values."""

    supply_id: str
    score: float
    contributions: tuple[Contribution, ...]
    # The calibrated probability (0–1) that this row is what the demand asks for (匹配度; matching.probability).
    probability: float | None = None

    @property
    def explanation(self) -> str:
        """The non-zero contributions in Chinese, largest first: ``型号完全一致 FF450R12ME4；名称相似 0.82``."""
        shown = sorted((c for c in self.contributions if c.value != 0.0), key=lambda c: -abs(c.value))
        return "；".join(c.text for c in shown)


# ── the comparisons and their levels ─────────────────────────────────────────────────────────────────────────
TEXT_LEVELS = (
    Level("similar", "文本相似", 8.0),
)
NAME_LEVELS = (
    Level("missing", "名称缺失", 0.0),
    Level("similar", "名称相似", 0.5),
)
PART_NUMBER_LEVELS = (
    Level("missing", "型号缺失", 0.0),
    Level("exact", "型号完全一致", 4.5),
    Level("typo", "型号疑似笔误", 5.0),
    # Ordered by how likely the two numbers name one part: the base or series of the number (STM32F407 for
    # STM32F407VET6) more than one character off (a typo or a sibling), more than a long common head.
    Level("family", "型号同系列", 3.0),
    Level("near", "型号近似", 2.0),
    Level("head", "型号前段相同", 0.2),
    Level("in_description", "型号见于描述", 1.0),
    Level("different", "型号不同", -1.0),
)
# Added to an exact part-number match only when a near miss would otherwise rank above it; the value is the gap.
PART_NUMBER_PRIORITY_LEVELS = (
    Level("applied", "型号完全一致优先", 1.0),
)
PART_NUMBER_PRIORITY_MARGIN = 0.01
BRAND_LEVELS = (
    Level("missing", "品牌缺失", 0.0),
    Level("exact", "品牌一致", 0.8),
    Level("similar", "品牌近似", 0.8),
    Level("in_text", "品牌见于名称", 0.8),
    Level("different", "品牌不同", -0.7),
)
# Per demanded value whose unit (mm, w, gb, 节, a bare number in the name …) the supply row also states: a value it
# states too counts for, one it does not counts against; the factor is the number of such values. Conflicts of
# bare numbers count less than conflicts of values with units (a bare number's meaning varies).
SPEC_LEVELS = (
    Level("missing", "规格缺失", 0.0),
    Level("same", "规格一致", 1.5),
)
SPEC_CONFLICT_LEVELS = (
    Level("none", "规格无冲突", 0.0),
    Level("different", "规格不同", -1.5),
)
NUMBER_CONFLICT_LEVELS = (
    Level("none", "数字无冲突", 0.0),
    Level("different", "名称中数字不同", -0.5),
)
# Categorical attributes whose values exclude each other (matching/data/attributes.tsv): per family both rows state,
# a shared value is a requirement met, no shared value a contradiction; a family only one side states is unknown and
# counts for nothing. The factor is the number of such families. A contradiction weighs as much as a product of
# another category (CATEGORY_LEVELS "different"): either way the row is not what was asked for.
ATTRIBUTE_LEVELS = (
    Level("missing", "属性未知", 0.0),
    Level("same", "属性一致", 0.5),
)
ATTRIBUTE_CONFLICT_LEVELS = (
    Level("none", "属性无冲突", 0.0),
    Level("different", "规格冲突", -4.0),
)
CATEGORY_LEVELS = (
    Level("missing", "类别缺失", 0.0),
    Level("same", "类别一致", 0.3),
    Level("related", "类别相近", -1.5),
    Level("different", "类别不符", -4.0),
)
# Floor of the rarity factor of an exact part number, so an exact match always outweighs a family match.
PART_NUMBER_MIN_RARITY = 0.35

_LEVELS = {
    "text": {lv.code: lv for lv in TEXT_LEVELS},
    "name": {lv.code: lv for lv in NAME_LEVELS},
    "part_number": {lv.code: lv for lv in PART_NUMBER_LEVELS},
    "part_number_priority": {lv.code: lv for lv in PART_NUMBER_PRIORITY_LEVELS},
    "brand": {lv.code: lv for lv in BRAND_LEVELS},
    "spec": {lv.code: lv for lv in SPEC_LEVELS},
    "spec_conflict": {lv.code: lv for lv in SPEC_CONFLICT_LEVELS},
    "number_conflict": {lv.code: lv for lv in NUMBER_CONFLICT_LEVELS},
    "category": {lv.code: lv for lv in CATEGORY_LEVELS},
    "attribute": {lv.code: lv for lv in ATTRIBUTE_LEVELS},
    "attribute_conflict": {lv.code: lv for lv in ATTRIBUTE_CONFLICT_LEVELS},
}


# (comparison, level code, demand value, supply value, factor, graded): a comparison's outcome before it
# becomes a Contribution; a graded level's factor is a similarity, a fixed level's a scale (part-number rarity).
Compared = tuple[str, str, str | None, str | None, float, bool]


# (comparison, level code) → weight, flat: ranking looks it up for every comparison of every candidate.
LEVEL_WEIGHTS: dict[tuple[str, str], float] = {
    (comparison, code): level.weight for comparison, levels in _LEVELS.items() for code, level in levels.items()
}


def level_of(comparison: str, level_code: str) -> Level:
    return _LEVELS[comparison][level_code]


def contribution(
    comparison: str,
    level_code: str,
    demand_value: str | None,
    supply_value: str | None,
    factor: float = 1.0,
    graded: bool = False,
) -> Contribution:
    level = _LEVELS[comparison][level_code]
    return Contribution(
        comparison=comparison,
        level=level.code,
        weight=level.weight,
        value=float(level.weight * factor),
        demand_value=demand_value,
        supply_value=supply_value,
        label=level.label,
        similarity=factor if graded else None,
    )


def common_prefix_length(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def part_number_level(
    demand_codes: Sequence[str],
    supply_codes: Sequence[str],
    demand_primary: int | None = None,
    supply_primary: int | None = None,
) -> tuple[str, str | None, str | None]:
    """The best level over all pairs of part numbers: exact > typo > family (one number is the base of the other)
    > near (one edit) > head (a long common start) > different.

    The first ``demand_primary`` / ``supply_primary`` codes of each side were typed or found in the name (all of
    them when ``None``); the others were only mentioned in a description ("兼容 MP620", "支持 DTS 96/24"), so a
    match that involves them is the weaker ``in_description`` level and a mismatch among them says nothing.
    An exact match on only the head of a longer demanded code (``428H`` of ``428H-118L``, when the supply row
    offers ``428H-132L``) is not an exact one: the whole numbers are compared (here a shared head).
    """
    d_primary = demand_codes[: len(demand_codes) if demand_primary is None else demand_primary]
    s_primary = supply_codes[: len(supply_codes) if supply_primary is None else supply_primary]
    if not demand_codes or not supply_codes:
        return "missing", (demand_codes[0] if demand_codes else None), (supply_codes[0] if supply_codes else None)
    supply_set = set(supply_codes)
    s_primary_set = set(s_primary)
    exact = [c for c in d_primary if c in s_primary_set]
    if exact:
        code = max(exact, key=len)
        # A head follows the code it was cut from (FF450R12ME4, FF450R12); a short code standing alone comes
        # before the runs joined onto it (CS3, CS3FOR), which say nothing about the family.
        longer = [d for d in d_primary[: d_primary.index(code)] if d.startswith(code) and d not in supply_set]
        offered = [s for s in s_primary[: s_primary.index(code)] if s.startswith(code)]
        if not (longer and offered):
            return "exact", code, code
        # Only a head cut from both numbers is shared: the whole numbers decide how close they are (below).
        shared_head: tuple[str, str] | None = (longer[0], offered[0])
    else:
        shared_head = None
    if not d_primary or not s_primary:
        shared = [c for c in demand_codes if c in supply_set]
        if shared:
            code = max(shared, key=len)
            return "in_description", code, code
        return "missing", (d_primary[0] if d_primary else None), (s_primary[0] if s_primary else None)
    # Near levels compare whole numbers only: a head cut from a longer number of the same row (ZY6801 of
    # ZY6801-HR65T36) is the start of every sibling's number too and would make them all "family".
    d_whole = _whole_codes(d_primary)
    s_whole = _whole_codes(s_primary)
    best: tuple[int, str, str] | None = None
    for d in d_whole:
        for s in s_whole:
            if len(d) == len(s) and likely_typo(d, s):
                return "typo", d, s
            shorter = min(len(d), len(s))
            if shorter < 4:
                continue
            prefix = common_prefix_length(d, s)
            if prefix == shorter:  # one number is the base or series of the other
                rank = 3
            elif shorter >= 5 and Levenshtein.distance(d, s, score_cutoff=1) <= 1:
                rank = 2
            elif prefix >= max(5, 0.6 * max(len(d), len(s))):  # a long common head, then they part
                rank = 1
            else:
                continue
            if best is None or rank > best[0]:
                best = (rank, d, s)
    if best is not None:
        return {3: "family", 2: "near", 1: "head"}[best[0]], best[1], best[2]
    if shared_head is not None:
        return "head", shared_head[0], shared_head[1]
    shared = [c for c in demand_codes if c in supply_set]
    if shared:
        code = max(shared, key=len)
        return "in_description", code, code
    return "different", d_primary[0], s_primary[0]


# Characters people mistype for one another in codes: the letter O for zero, I or L for one.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _whole_codes(codes: Sequence[str]) -> list[str]:
    """The codes that are not the head of another code of the same list (``6205`` beside ``62052RS``)."""
    return [c for c in codes if not any(o != c and o.startswith(c) for o in codes)] or list(codes)


def likely_typo(demand_code: str, supply_code: str) -> bool:
    """The same code typed with a look-alike character (``8202120-WO1``) or two adjacent characters swapped
    (``TZ108XS`` for ``TZ180XS``). One *substituted* character is not a typo: ``FF450R17ME4`` is another part."""
    if len(demand_code) != len(supply_code) or len(demand_code) < 5 or demand_code == supply_code:
        return False
    if demand_code.translate(_CONFUSABLE) == supply_code.translate(_CONFUSABLE):
        return True
    differ = [i for i in range(len(demand_code)) if demand_code[i] != supply_code[i]]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and demand_code[differ[0]] == supply_code[differ[1]]
        and demand_code[differ[1]] == supply_code[differ[0]]
    )


# A specification: a number, optionally after dc/ac, with an optional unit (``200w``, ``12.7mm``, ``2007``);
# anything else extracted as a spec (``m8x20``, ``5x50mm``) is compared as a whole, its numbers canonical.
_SPEC_VALUE = re.compile(r"^(?:dc|ac)?(\d+(?:\.\d+)?)([a-z°/%\u4e00-\u9fff]*)$")
_DECIMAL = re.compile(r"\d+\.\d+")


def _canonical_number(text: str) -> str:
    """``25.0`` → ``25``, ``2.50`` → ``2.5``: equal values are written one way."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("0") or "0"


@lru_cache(maxsize=1 << 16)
def _unit_and_value(spec: str) -> tuple[str, str]:
    match = _SPEC_VALUE.match(spec)
    if match:
        return match.group(2), _canonical_number(match.group(1))
    return "x", _DECIMAL.sub(lambda m: _canonical_number(m.group(0)), spec)


@lru_cache(maxsize=1 << 16)
def spec_values_of(specs: tuple[str, ...]) -> dict[str, set[str]]:
    """:func:`spec_values` of a stored row's specs, memoised (candidates recur across queries). Do not mutate."""
    return spec_values(specs)


def spec_values(specs: Sequence[str]) -> dict[str, set[str]]:
    """Specifications grouped by unit: ``("12.7mm", "104", "m8x20")`` → ``{"mm": {"12.7"}, "": {"104"},
    "x": {"m8x20"}}``. Values are canonical, so ``25.0`` and ``25`` agree. (Spec strings repeat across a supply
    list, so each is parsed once.)"""
    by_unit: dict[str, set[str]] = {}
    for spec in specs:
        unit, value = _unit_and_value(spec)
        by_unit.setdefault(unit, set()).add(value)
    return by_unit


def _show(unit: str, values: set[str]) -> str:
    return "/".join(sorted(v if unit == "x" else v + unit for v in values))


@dataclass(frozen=True, slots=True)
class SpecComparison:
    """How the specifications of a demand row and a supply row relate, value by value."""

    agree: int = 0  # demanded values the supply row states too
    conflict: int = 0  # demanded values with a unit (30mm, 200w, 104节) where the row states only other values
    number_conflict: int = 0  # the same for bare numbers in names (2007 vs 2008): weaker, a bare number's meaning varies
    shown: str | None = None  # the agreeing values
    demand_conflict: str | None = None
    supply_conflict: str | None = None
    demand_number: str | None = None
    supply_number: str | None = None


def spec_counts(demand_specs: dict[str, set[str]], supply_specs: dict[str, set[str]]) -> tuple[int, int, int]:
    """(agree, conflict, number_conflict) of :func:`spec_comparison`, without the texts shown (ranking only)."""
    agree = conflict = number_conflict = 0
    for unit, d_values in demand_specs.items():
        s_values = supply_specs.get(unit)
        if s_values:
            shared = len(d_values & s_values)
            agree += shared
            if unit:
                conflict += len(d_values) - shared
            else:
                number_conflict += len(d_values) - shared
    return agree, conflict, number_conflict


def spec_comparison(demand_specs: dict[str, set[str]], supply_specs: dict[str, set[str]]) -> SpecComparison:
    """Each demanded value whose unit the supply row also states either agrees (the row states that value) or
    conflicts (it states only other values of that unit).

    ``厚2mm 宽1219mm`` vs ``厚1mm 宽1219mm`` is one agreement and one conflict; ``30mm`` vs ``200w`` says nothing (no
    common unit). Bare numbers (unit ``""``) count apart: ``24`` may be inches on one side and cycles on the other.
    """
    agree: list[str] = []
    conflicts: dict[bool, tuple[list[str], list[str]]] = {True: ([], []), False: ([], [])}
    n_agree = 0
    n_conflict = {True: 0, False: 0}
    for unit, d_values in demand_specs.items():
        s_values = supply_specs.get(unit)
        if not s_values:
            continue
        shared = d_values & s_values
        if shared:
            agree.append(_show(unit, shared))
            n_agree += len(shared)
        missing = d_values - s_values
        if missing:
            bare = unit == ""
            conflicts[bare][0].append(_show(unit, missing))
            conflicts[bare][1].append(_show(unit, s_values - d_values))
            n_conflict[bare] += len(missing)
    return SpecComparison(
        agree=n_agree,
        conflict=n_conflict[False],
        number_conflict=n_conflict[True],
        shown=" ".join(agree) or None,
        demand_conflict=" ".join(conflicts[False][0]) or None,
        supply_conflict=" ".join(conflicts[False][1]) or None,
        demand_number=" ".join(conflicts[True][0]) or None,
        supply_number=" ".join(conflicts[True][1]) or None,
    )


def category_level(demand: str | None, supply: str | None) -> tuple[str, str | None, str | None]:
    d_label = CATEGORY_LABELS.get(demand) if demand else None
    s_label = CATEGORY_LABELS.get(supply) if supply else None
    if d_label is None or s_label is None:
        return "missing", d_label, s_label
    if demand == supply:
        return "same", d_label, s_label
    if "software" in (demand, supply):
        return "different", d_label, s_label
    return "related", d_label, s_label
