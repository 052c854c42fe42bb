"""Why a supplier fits, in the words a procurement engineer reads: ``型号一致：FF450R12ME4；产能满足：年产 5 万件 ≥
需求 3 万件；同区县：两江新区``.

The contributions (``matching.Contribution``) are the exact account of a score, with normalised values
(``FCJHFFR``) and similarities (``文本相似 0.02``) — right for the API's ``contributions``, wrong for a person.
:func:`readable_reasons` turns them into Chinese reasons that show the part numbers and product names as each side
wrote them (``fcJ-hF-fR``), quantities as yearly figures, and no similarity numbers; contributions worth nothing
say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.domain import units
from app.services.ranking import business_factors as factors
from matching import Contribution, normalize_part_number

# Runs of characters a part number is written with; CJK text and list punctuation end a run.
_CODE_CHAR = r"0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"  # ASCII and full-width letters and digits
_CODE_RUN = re.compile(rf"[{_CODE_CHAR}][{_CODE_CHAR}\-_./#()（） \u3000\uff0d]{{0,60}}")
_MAX_SOURCE_CHARS = 2000  # a long description is cut before it is searched
# Below this similarity, text and names share a few characters by chance: not said as a reason.
_TELLING_SIMILARITY = 0.2


@dataclass(frozen=True, slots=True)
class Wording:
    """One side's own text: its product name, its typed part numbers and its description, as written."""

    name: str = ""
    part_numbers: tuple[str, ...] = ()
    description: str = ""

    def spelling(self, code: str | None) -> str | None:
        """How this side wrote the normalised part number ``code`` (``FCJHFFR`` → ``FCJ-HF-FR``), else ``code``."""
        if not code:
            return code
        return _find_spelling(code, (*self.part_numbers, self.name, (self.description or "")[:_MAX_SOURCE_CHARS]))

    def written(self, values: str | None) -> str | None:
        """Normalised words (``1200v 450a``) as this side wrote them (``1200V 450A``), each found in its text
        regardless of case; a word not found stays as it is."""
        if not values:
            return values
        text = " ".join((self.name, *self.part_numbers, (self.description or "")[:_MAX_SOURCE_CHARS]))
        out = []
        for word in values.split():
            found = re.search(re.escape(word), text, flags=re.IGNORECASE) if len(word) <= 40 else None
            out.append(found.group(0) if found else word)
        return " ".join(out)


@lru_cache(maxsize=8192)
def _normalised(text: str) -> str:
    return normalize_part_number(text)


def _find_spelling(code: str, sources: Sequence[str]) -> str:
    for source in sources:
        if not source:
            continue
        # A cell that is the code (``FCJ HF FR``), or one entry of a list in it (``BKR6E-11；K20PR-U11``).
        for piece in re.split(r"[;；,，、/\n]+", source):
            piece = piece.strip()
            if piece and len(piece) <= 80 and _normalised(piece) == code:
                return piece
        # A code inside a name or a description (``钢制副车架 FCJ-HF-FR``): a run of code characters, or a run
        # of its space-separated words.
        for run in _CODE_RUN.findall(source):
            words = run.split()
            for start in range(len(words)):
                for stop in range(start + 1, min(len(words), start + 4) + 1):
                    candidate = " ".join(words[start:stop]).strip("-_./#()（） ")
                    if candidate and _normalised(candidate) == code:
                        return candidate
    return code


def readable_reasons(
    contributions: Sequence[Contribution],
    *,
    demand: Wording,
    supply: Wording,
    demand_side: factors.DemandSide | None = None,
    supply_side: factors.SupplySide | None = None,
) -> str:
    """The reasons, most telling first, joined by ``；``."""
    shown = sorted((c for c in contributions if c.value != 0.0), key=lambda c: -abs(c.value))
    out = []
    for c in shown:
        text = _reason(c, demand, supply, demand_side, supply_side)
        if text and text not in out:
            out.append(text)
    return "；".join(out)


def _reason(c: Contribution, demand: Wording, supply: Wording, demand_side: factors.DemandSide | None,
            supply_side: factors.SupplySide | None) -> str | None:
    kind, level = c.comparison, c.level
    if kind in ("text", "name") and (c.similarity or 0.0) < _TELLING_SIMILARITY:
        return None  # a few shared characters are no reason (文本相似 0.02)
    if kind == "text":
        similarity = c.similarity or 0.0
        degree = "高度相近" if similarity >= 0.7 else "相近" if similarity >= 0.4 else "部分相近"
        return f"产品描述{degree}"
    if kind == "name":
        similarity = c.similarity or 0.0
        degree = "高度相近" if similarity >= 0.7 else "相近" if similarity >= 0.4 else "部分相近"
        return f"产品名称{degree}：{supply.name}" if supply.name else f"产品名称{degree}"
    if kind == "part_number":
        d, s = demand.spelling(c.demand_value), supply.spelling(c.supply_value)
        if level == "exact":
            return f"型号一致：{s}"
        if level == "in_description":
            return f"型号见于产品说明：{s}"
        words = {"typo": "型号疑似笔误", "family": "型号同系列", "near": "型号相近", "different": "型号不同"}
        return f"{words.get(level, c.label)}：需求 {d}，供给 {s}"
    if kind == "substitute":
        # 国产替代：对标 英飞凌 FF450R12ME4（替代型号对照）, the number as the leader wrote it
        *brand, code = (c.demand_value or "").split(" ") or [""]
        shown = " ".join([*brand, demand.spelling(code) or code]).strip()
        basis = c.label.removeprefix("国产替代（").removesuffix("）")
        return f"国产替代：对标 {shown}（{basis}）"
    if kind == "part_number_priority":
        return None  # the exact part number already says it
    if kind == "brand":
        shown = c.supply_value or c.demand_value
        if level == "different":
            return f"品牌不同：需求 {c.demand_value}，供给 {c.supply_value}"
        return f"{'品牌一致' if level == 'exact' else c.label}：{shown}" if shown else c.label
    if kind == "spec":
        return f"规格一致：{supply.written(c.supply_value)}" if c.supply_value else "规格一致"
    if kind in ("spec_conflict", "number_conflict"):
        word = "规格不同" if kind == "spec_conflict" else "名称中数字不同"
        return f"{word}：需求 {demand.written(c.demand_value)}，供给 {supply.written(c.supply_value)}"
    if kind == "category":
        if level == "same":
            return f"类别一致：{c.supply_value}"
        return f"{c.label}：需求{c.demand_value}，供给{c.supply_value}"
    if kind == factors.CAPACITY:
        return _capacity(c, demand_side, supply_side)
    if kind == factors.REGION and c.supply_value:
        return f"{c.label}：{c.supply_value}"
    if kind == factors.CERTIFICATION:
        if level == "all":
            return f"认证满足：{c.supply_value}"
        if level == "some":
            return f"认证部分满足：要求 {c.demand_value}，持有 {c.supply_value}"
        return f"缺少所需认证：{c.demand_value}"
    if kind == factors.QUALIFICATION and c.supply_value:
        return f"企业资质：{c.supply_value}"
    return c.label or c.text


_CAPACITY_WORDS = {"sufficient": ("产能满足", "≥"), "partial": ("产能部分满足", "<"), "insufficient": ("产能不足", "<")}


def _capacity(c: Contribution, demand_side: factors.DemandSide | None,
              supply_side: factors.SupplySide | None) -> str:
    word, sign = _CAPACITY_WORDS.get(c.level, (c.label, ""))
    if (demand_side is None or supply_side is None or demand_side.quantity_per_year is None
            or supply_side.capacity_per_year is None or supply_side.capacity_dimension is None):
        return f"{word}：{c.supply_value or ''} / 需求 {c.demand_value or ''}".rstrip("： /")
    dimension = supply_side.capacity_dimension
    return (f"{word}：年产 {yearly(supply_side.capacity_per_year, dimension)} {sign} "
            f"需求 {yearly(demand_side.quantity_per_year, dimension)}")


def yearly(amount: float, dimension: str) -> str:
    """A yearly amount in its dimension's base unit, as people say it: ``5 万件``, ``1200 吨``, ``3.5 万 m``."""
    unit = units.BASE_UNITS.get(dimension, "")
    if dimension == units.MASS and amount >= 1000:
        amount, unit = amount / 1000.0, "吨"
    if amount >= 10_000:
        return f"{_figure(amount / 10_000)} 万{unit}"
    return f"{_figure(amount)} {unit}".strip()


def _figure(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
