"""Comparisons of a demand record with one candidate, splink-style: each comparison is an ordered list of levels.

A level has a Chinese label and a weight. A graded level (text, name) contributes ``weight × similarity``; a
fixed level contributes its weight (for part numbers, scaled by how rare the matched number is among the supply
rows). Missing values always fall in a level worth nothing, never in a "similarity 0 against text" level.
The contributions of one match add up to its score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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

    comparison: str  # "text" | "name" | "part_number" | "brand" | "spec" | "category"
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

    @property
    def explanation(self) -> str:
        """The non-zero contributions in Chinese, largest first: ``型号完全一致 FF450R12ME4；名称相似 0.82``."""
        shown = sorted((c for c in self.contributions if c.value != 0.0), key=lambda c: -abs(c.value))
        return "；".join(c.text for c in shown)


# ── the comparisons and their levels ─────────────────────────────────────────────────────────────────────────
TEXT_LEVELS = (
    Level("similar", "文本相似", 8.0),
)
COVERAGE_LEVELS = (
    Level("similar", "供给文本覆盖", 2.0),
)
NAME_LEVELS = (
    Level("missing", "名称缺失", 0.0),
    Level("similar", "名称相似", 2.0),
)
PART_NUMBER_LEVELS = (
    Level("missing", "型号缺失", 0.0),
    Level("exact", "型号完全一致", 6.0),
    Level("family", "型号同系列", 1.2),
    Level("near", "型号近似", 0.4),
    Level("different", "型号不同", -0.8),
)
# Added to an exact part-number match only when a near miss would otherwise rank above it; the value is the gap.
PART_NUMBER_PRIORITY_LEVELS = (
    Level("applied", "型号完全一致优先", 1.0),
)
PART_NUMBER_PRIORITY_MARGIN = 0.01
BRAND_LEVELS = (
    Level("missing", "品牌缺失", 0.0),
    Level("exact", "品牌一致", 1.0),
    Level("similar", "品牌近似", 0.6),
    Level("in_text", "品牌见于名称", 0.5),
    Level("different", "品牌不同", -1.0),
)
SPEC_LEVELS = (
    Level("missing", "规格缺失", 0.0),
    Level("same", "规格一致", 0.5),
    Level("overlap", "规格部分一致", 0.2),
    Level("different", "规格不同", -0.5),
)
CATEGORY_LEVELS = (
    Level("missing", "类别缺失", 0.0),
    Level("same", "类别一致", 0.3),
    Level("related", "类别相近", -0.5),
    Level("different", "类别不符", -2.0),
)
# Floor of the rarity factor of an exact part number, so an exact match always outweighs a family match.
PART_NUMBER_MIN_RARITY = 0.3

_LEVELS = {
    "text": {lv.code: lv for lv in TEXT_LEVELS},
    "coverage": {lv.code: lv for lv in COVERAGE_LEVELS},
    "name": {lv.code: lv for lv in NAME_LEVELS},
    "part_number": {lv.code: lv for lv in PART_NUMBER_LEVELS},
    "part_number_priority": {lv.code: lv for lv in PART_NUMBER_PRIORITY_LEVELS},
    "brand": {lv.code: lv for lv in BRAND_LEVELS},
    "spec": {lv.code: lv for lv in SPEC_LEVELS},
    "category": {lv.code: lv for lv in CATEGORY_LEVELS},
}


# (comparison, level code, demand value, supply value, factor, graded): a comparison's outcome before it
# becomes a Contribution; a graded level's factor is a similarity, a fixed level's a scale (part-number rarity).
Compared = tuple[str, str, str | None, str | None, float, bool]


def level_value(comparison: str, level_code: str, factor: float = 1.0) -> float:
    return _LEVELS[comparison][level_code].weight * factor


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


def part_number_level(demand_codes: Sequence[str], supply_codes: Sequence[str]) -> tuple[str, str | None, str | None]:
    """The best level over all pairs of part numbers: exact > family (prefix) > near (one edit) > different."""
    if not demand_codes or not supply_codes:
        return "missing", (demand_codes[0] if demand_codes else None), (supply_codes[0] if supply_codes else None)
    supply_set = set(supply_codes)
    for code in demand_codes:
        if code in supply_set:
            return "exact", code, code
    best: tuple[int, str, str] | None = None
    for d in demand_codes:
        for s in supply_codes:
            shorter = min(len(d), len(s))
            if shorter < 4:
                continue
            prefix = common_prefix_length(d, s)
            if prefix == shorter or prefix >= max(5, 0.6 * max(len(d), len(s))):
                rank = 2
            elif shorter >= 5 and Levenshtein.distance(d, s, score_cutoff=1) <= 1:
                rank = 1
            else:
                continue
            if best is None or rank > best[0]:
                best = (rank, d, s)
    if best is not None:
        return ("family" if best[0] == 2 else "near"), best[1], best[2]
    return "different", demand_codes[0], supply_codes[0]


def spec_level(demand_specs: Sequence[str], supply_specs: Sequence[str]) -> tuple[str, str | None, str | None]:
    if not demand_specs or not supply_specs:
        return "missing", None, None
    d, s = set(demand_specs), set(supply_specs)
    shared = d & s
    if not shared:
        return "different", " ".join(demand_specs[:3]), " ".join(supply_specs[:3])
    shown = " ".join(x for x in demand_specs if x in shared)
    if d <= s or s <= d:
        return "same", shown, shown
    return "overlap", shown, shown


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
