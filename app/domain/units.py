"""Quantities and capacities as people type them (``20万件``, ``50万件/年``, ``年产2000吨``, ``3000 套/月``),
parsed into one comparable form.

Every unit belongs to a *dimension* with a base unit: count (件; 个/只/套/台... are all plain counts, so a
capacity in 件 can be compared with a demand in 个), mass (kg), length (m), area (m²), volume (L), energy
(kWh) and power (kW). ``per_year`` is the amount in the base unit per year; a value typed without a period
is taken as a yearly figure (the lists ask for 年需求量 and annual capacity). A day is a calendar day
(×365), a week ×52, a month ×12, a quarter ×4.

Unknown units raise :class:`ValueError` with a Chinese reason naming the unit, so the API and the import
can report exactly what they could not read.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

COUNT: Final = "count"
MASS: Final = "mass"
LENGTH: Final = "length"
AREA: Final = "area"
VOLUME: Final = "volume"
ENERGY: Final = "energy"
POWER: Final = "power"

BASE_UNITS: Final[dict[str, str]] = {
    COUNT: "件", MASS: "kg", LENGTH: "m", AREA: "m²", VOLUME: "L", ENERGY: "kWh", POWER: "kW",
}


@dataclass(frozen=True)
class _Unit:
    canonical: str
    dimension: str
    factor: float  # base units per one of this unit


def _units() -> dict[str, _Unit]:
    table: dict[str, _Unit] = {}

    def add(canonical: str, dimension: str, factor: float, *spellings: str) -> None:
        unit = _Unit(canonical, dimension, factor)
        for spelling in (canonical, *spellings):
            table[_fold(spelling)] = unit

    # Count: each piece word keeps its own spelling (a 套 is displayed as 套), but all compare as counts.
    for word in ("件", "个", "只", "套", "台", "辆", "片", "颗", "支", "根", "块", "条", "张", "枚", "粒",
                 "组", "部", "架", "把", "副", "台套", "台份"):
        add(word, COUNT, 1.0)
    add("件", COUNT, 1.0, "pcs", "pc", "piece", "pieces", "ea")
    add("套", COUNT, 1.0, "set", "sets")

    add("t", MASS, 1000.0, "吨", "公吨", "ton", "tons", "tonne", "tonnes")
    add("kg", MASS, 1.0, "千克", "公斤", "kgs")
    add("g", MASS, 0.001, "克")
    add("mg", MASS, 0.000001, "毫克")

    add("m", LENGTH, 1.0, "米", "公尺", "延米")
    add("km", LENGTH, 1000.0, "千米", "公里")
    add("cm", LENGTH, 0.01, "厘米")
    add("mm", LENGTH, 0.001, "毫米")

    add("m²", AREA, 1.0, "平方米", "平米", "㎡", "m2", "m^2", "平方")
    add("km²", AREA, 1_000_000.0, "平方千米", "平方公里", "km2", "㎢")

    add("L", VOLUME, 1.0, "升", "公升", "l")
    add("mL", VOLUME, 0.001, "毫升", "ml")
    add("m³", VOLUME, 1000.0, "立方米", "立方", "方", "m3", "m^3", "㎥")

    add("kWh", ENERGY, 1.0, "千瓦时", "度", "kw·h", "kw.h")
    add("MWh", ENERGY, 1000.0, "兆瓦时")
    add("GWh", ENERGY, 1_000_000.0, "吉瓦时")
    add("kW", POWER, 1.0, "千瓦")
    add("MW", POWER, 1000.0, "兆瓦")
    add("GW", POWER, 1_000_000.0, "吉瓦")
    add("W", POWER, 0.001, "瓦")
    return table


def _fold(text: str) -> str:
    """Full-width to half-width, no spaces, lower case: ``ｋｇ``, ``KG`` and ``kg`` are one spelling."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


# NFKC turns ㎡ into "m2" and ㎏ into "kg", so the folded table above already covers those symbols.
UNITS: Final[dict[str, _Unit]] = _units()

# Longest first, so 千万 wins over 千 and 万.
MULTIPLIERS: Final[dict[str, int]] = {
    "千万": 10_000_000, "百万": 1_000_000, "十万": 100_000, "亿": 100_000_000, "万": 10_000, "千": 1000, "百": 100,
}

PERIODS: Final[dict[str, str]] = {
    "年": "year", "a": "year", "yr": "year", "year": "year", "annum": "year",
    "月": "month", "month": "month", "mo": "month",
    "周": "week", "星期": "week", "week": "week", "wk": "week",
    "日": "day", "天": "day", "day": "day", "d": "day",
    "季": "quarter", "季度": "quarter", "quarter": "quarter",
}
PER_YEAR: Final[dict[str, float]] = {"year": 1.0, "quarter": 4.0, "month": 12.0, "week": 52.0, "day": 365.0}
PERIOD_LABELS: Final[dict[str, str]] = {"year": "年", "quarter": "季度", "month": "月", "week": "周", "day": "日"}

_NUMBER = r"(?P<number>[-+−]?\d+(?:,\d{3})*(?:\.\d+)?|[-+−]?\.\d+)"
# "年产50万件", "月产能3000套", "每月3000套", "年需求量20万件": a leading period word.
# "年交付30套", "年供货能力2万吨", "月可产5000件", "年产能约2万吨": the verbs and nouns people put after the period.
# Every part is a literal word or an optional single character: no two quantifiers can share characters.
_LEADING_PERIOD = re.compile(
    r"^(?:每)?(?P<period>年|季度|季|月|周|日|天)(?:均|平均)?(?:可)?"
    r"(?:产能|产量|产|生产能力|生产|供应量|供应能力|供应|供货量|供货能力|供货|交付量|交付能力|交付|交货量|交货|"
    r"出货量|出货|加工能力|加工量|加工|销量|销售量|需求量|需求|用量|采购量|采购|约)?[:：]?")
# "产能：5000件/月", "生产能力3万吨/年": a label without a period in front of the figure.
_LEADING_LABEL = re.compile(r"^(?:产能|产量|生产能力|供货能力|供应能力|交付能力|设计产能)(?:为|约)?[:：]?")
# A quantity or capacity is a short phrase; longer text is refused before any parsing, so no input can make
# a parser work for long (STYLE.md habit 14). The API fields are capped lower than this.
MAX_QUANTITY_TEXT: Final = 100
_APPROXIMATELY = re.compile(r"^(?:约|大约|近|≈|~|～|超过|大于|>|≥|>=|不少于|不低于)")
_RANGE = re.compile(r"\d\s*(?:-|~|～|—|–|至|到)\s*\d")


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity or capacity.

    ``amount`` is the typed number with its multiplier applied (``20万件`` → 200000) in ``unit`` (the
    canonical spelling: ``吨`` → ``t``); ``period`` is ``year``/``month``/``week``/``day`` or None when none
    was typed; ``per_year`` is in the dimension's base unit per year (a value without period counts as yearly).
    """

    amount: float
    unit: str
    period: str | None
    per_year: float
    dimension: str

    @property
    def unit_label(self) -> str:
        """The unit with its period when one was typed and it is not a year: ``件``, ``套/月``."""
        if self.period and self.period != "year":
            return f"{self.unit}/{PERIOD_LABELS[self.period]}"
        return self.unit

    def comparable_with(self, other: Quantity) -> bool:
        return self.dimension == other.dimension


def parse_quantity(text: str, *, default_unit: str | None = None) -> Quantity:
    """``"20万件"`` → Quantity(200000, "件", None, 200000, "count"); a bare number takes ``default_unit``."""
    return _parse(text, what="数量", default_unit=default_unit)


def parse_capacity(text: str) -> Quantity:
    """``"50万件/年"``, ``"3000套/月"``, ``"年产2000吨"``, ``"1.5亿个"`` (no period: yearly)."""
    return _parse(text, what="产能", default_unit=None)


def quantity_from_parts(amount: float, unit_text: str | None) -> Quantity:
    """A number and a unit cell (``20`` and ``"万件"``, ``3000`` and ``"套/月"``), as the demand list has them."""
    if amount is None:
        raise ValueError("缺少数量 (missing amount)")
    if not math.isfinite(amount):
        raise ValueError(f"数量不是有限数值：{amount} (quantity must be a finite number)")
    if amount < 0:
        raise ValueError(f"数量不能为负数：{_format_number(amount)} (quantity must not be negative)")
    if not unit_text or not unit_text.strip():
        raise ValueError("缺少计量单位 (missing unit)")
    _refuse_long(unit_text.strip(), "计量单位")
    multiplier, unit, period = _parse_unit_expression(_fold(unit_text), original=unit_text.strip())
    return _build(float(Decimal(str(amount)) * Decimal(str(multiplier))), unit, period)


def parse_unit(unit_text: str) -> tuple[str, str]:
    """Canonical unit and dimension of a unit word (``"公斤"`` → ``("kg", "mass")``); ValueError if unknown."""
    _refuse_long(unit_text.strip(), "计量单位")
    _, unit, _ = _parse_unit_expression(_fold(unit_text), original=unit_text.strip())
    return unit.canonical, unit.dimension


def _refuse_long(text: str, what: str) -> None:
    if len(text) > MAX_QUANTITY_TEXT:
        raise ValueError(f"{what}过长：不能超过{MAX_QUANTITY_TEXT}个字符，实际{len(text)}个 "
                         f"(at most {MAX_QUANTITY_TEXT} characters)")


def _parse(text: str, *, what: str, default_unit: str | None) -> Quantity:
    if text is None or not str(text).strip():
        raise ValueError(f"{what}为空 (empty {'quantity' if what == '数量' else 'capacity'})")
    original = str(text).strip()
    _refuse_long(original, what)
    folded = _fold(original).replace("−", "-")
    folded = _APPROXIMATELY.sub("", folded)
    if _RANGE.search(folded):
        raise ValueError(f"{what}「{original}」是一个范围，请填写单个数值 (a range is not a single amount)")

    leading_period = None
    label = _LEADING_LABEL.match(folded)
    if label and label.end() < len(folded) and not _LEADING_PERIOD.match(folded[:1]):
        folded = _APPROXIMATELY.sub("", folded[label.end():])
    leading = _LEADING_PERIOD.match(folded)
    if leading and re.match(r"[0-9.+\-约大近≈~～]", folded[leading.end():leading.end() + 1]):
        leading_period = PERIODS[leading.group("period")]
        folded = _APPROXIMATELY.sub("", folded[leading.end():])

    number = re.match(_NUMBER, folded)
    if number is None:
        raise ValueError(f"无法识别{what}「{original}」：缺少数值 (no number found)")
    amount = Decimal(number.group("number").replace(",", "").replace("−", "-"))
    if amount < 0:
        raise ValueError(f"{what}不能为负数：「{original}」 ({'quantity' if what == '数量' else 'capacity'} must not be negative)")
    rest = folded[number.end():]
    if not rest:
        if default_unit is None:
            raise ValueError(f"{what}「{original}」缺少计量单位 (missing unit)")
        rest = _fold(default_unit)
    multiplier, unit, period = _parse_unit_expression(rest, original=original)
    if leading_period and period and leading_period != period:
        raise ValueError(f"{what}「{original}」同时写了两个不同的周期 (two different periods)")
    # Decimal, so "0.3万" is exactly 3000 and not 2999.9999999999995.
    return _build(float(amount * Decimal(str(multiplier))), unit, period or leading_period)


def _parse_unit_expression(folded: str, *, original: str) -> tuple[int, _Unit, str | None]:
    """``"万件/年"`` → (1e4, 件, "year"). ``folded`` is already width- and case-folded."""
    period = None
    trailing = _trailing_period(folded)
    if trailing and trailing[2] in PERIODS:
        period = PERIODS[trailing[2]]
        folded = folded[: trailing[0]]
    elif trailing and trailing[1] == "/" and _fold(trailing[2]) not in UNITS:
        raise ValueError(f"无法识别的周期「{trailing[2]}」（{original}），可用：年、季度、月、周、日 (unknown period)")

    multiplier = 1
    unit = UNITS.get(folded)
    if unit is None:
        for word, factor in MULTIPLIERS.items():
            if folded.startswith(word) and folded[len(word):] in UNITS:
                multiplier, unit = factor, UNITS[folded[len(word):]]
                break
    if unit is None:
        if not folded or folded in MULTIPLIERS:
            raise ValueError(f"「{original}」缺少计量单位 (missing unit)")
        shown = folded
        for word in MULTIPLIERS:
            if shown.startswith(word) and len(shown) > len(word):
                shown = shown[len(word):]
                break
        raise ValueError(f"无法识别的计量单位「{shown}」（{original}） (unknown unit '{shown}')")
    return multiplier, unit, period


def _is_period_character(char: str) -> bool:
    return "a" <= char <= "z" or "\u4e00" <= char <= "\u9fff"


def _trailing_period(folded: str) -> tuple[int, str, str] | None:
    """``"50万件/年"`` → (start of "/年", "/", "年"): the leftmost ``/``, ``每`` or ``per`` followed by letters or
    Chinese characters up to the end, as ``re.search(r"(?:/|每|per)([a-z\u4e00-\u9fff]+)$")`` would find it.

    Written as one backward scan because that regex retries from every start and is quadratic on
    ``"1件" + "per" * 5000 + "!"``.
    """
    start = len(folded)
    while start > 0 and _is_period_character(folded[start - 1]):
        start -= 1
    run = folded[start:]
    if not run:
        return None
    if start > 0 and folded[start - 1] == "/":
        return start - 1, "/", run
    found = [(at, sep) for sep in ("每", "per") if 0 <= (at := run.find(sep)) < len(run) - len(sep)]
    if not found:
        return None
    at, separator = min(found)
    return start + at, separator, run[at + len(separator):]


def _build(amount: float, unit: _Unit, period: str | None) -> Quantity:
    per_year = amount * unit.factor * PER_YEAR[period or "year"]
    return Quantity(amount=amount, unit=unit.canonical, period=period, per_year=per_year, dimension=unit.dimension)


def _format_number(value: float) -> str:
    return f"{value:g}"
