"""Business factors beside the engine's text evidence: can the supplier make the quantity, did it name this
chain leader as its intended customer, does it hold the required certifications, how near is it, how is it
qualified.

Each factor is a comparison with ordered levels (splink-style), and each outcome is a
:class:`matching.Contribution` of the same shape as the engine's, so a suggestion's explanation is one list of
contributions that adds up to its score. Unknown values fall in a level worth nothing, never a penalty.
The weights come from ``Settings.factor_weights``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.core.config import FactorWeights
from app.domain import units
from app.models import DemandItem, Enterprise, QualificationKind, SupplyItem
from matching import Contribution

# Comparison codes of the business factors (the engine's are text, coverage, name, part_number, brand, spec,
# category — the engine already compares categories, so category compatibility is not repeated here).
CAPACITY = "capacity"
INTENDED_CUSTOMER = "intended_customer"
CERTIFICATION = "certification"
REGION = "region"
QUALIFICATION = "qualification"
FACTORS = (CAPACITY, INTENDED_CUSTOMER, CERTIFICATION, REGION, QUALIFICATION)

# The Chengdu–Chongqing economic circle (成渝地区双城经济圈), by province-level name.
CHENGYU_PROVINCES = frozenset({"重庆", "四川"})

_LABELS = {
    (CAPACITY, "sufficient"): "产能满足需求",
    (CAPACITY, "partial"): "产能部分满足",
    (CAPACITY, "insufficient"): "产能不足",
    (CAPACITY, "unknown"): "产能未知",
    (CAPACITY, "incomparable"): "产能单位不可比",
    (INTENDED_CUSTOMER, "named"): "拟配套本企业",
    (INTENDED_CUSTOMER, "not_named"): "未列为拟配套对象",
    (INTENDED_CUSTOMER, "unknown"): "需求方未知",
    (CERTIFICATION, "all"): "认证全部满足",
    (CERTIFICATION, "some"): "认证部分满足",
    (CERTIFICATION, "none"): "缺少所需认证",
    (CERTIFICATION, "unknown"): "认证情况未填写",
    (CERTIFICATION, "not_required"): "无认证要求",
    (REGION, "same_district"): "同区县",
    (REGION, "same_city"): "同城市",
    (REGION, "chengyu"): "成渝地区",
    (REGION, "elsewhere"): "外地",
    (REGION, "unknown"): "地区未知",
    (QUALIFICATION, "champion"): "制造业单项冠军",
    (QUALIFICATION, "little_giant"): "国家级专精特新小巨人",
    (QUALIFICATION, "specialized"): "市级专精特新",
    (QUALIFICATION, "none"): "无资质认定",
    # Factors that depend on who the leader is are not evaluated for a viewer who may not know it.
    (INTENDED_CUSTOMER, "hidden"): "需求方保密",
    (REGION, "hidden"): "需求方保密",
}

_QUALIFICATION_ORDER = (
    (QualificationKind.MANUFACTURING_CHAMPION, "champion"),
    (QualificationKind.NATIONAL_LITTLE_GIANT, "little_giant"),
    (QualificationKind.MUNICIPAL_SPECIALIZED, "specialized"),
)


@dataclass(frozen=True, slots=True)
class Location:
    province: str | None = None
    city: str | None = None
    district: str | None = None

    @classmethod
    def of(cls, enterprise: Enterprise | None) -> Location:
        if enterprise is None:
            return cls()
        return cls(_place(enterprise.province), _place(enterprise.city), _place(enterprise.district))


@dataclass(frozen=True, slots=True)
class DemandSide:
    """What the factors need of a need: its leader, quantity and required certifications."""

    leader_id: int | None = None
    location: Location = Location()
    quantity_per_year: float | None = None
    quantity_dimension: str | None = None
    quantity_text: str | None = None
    certifications: tuple[str, ...] = ()
    # True when the viewer may not know the leader (a confidential item read by an SME).
    leader_hidden: bool = False

    @classmethod
    def of(cls, item: DemandItem, *, leader_hidden: bool = False) -> DemandSide:
        quantity_text = (f"{item.annual_quantity:g}{item.quantity_unit or ''}"
                         if item.annual_quantity is not None else None)
        return cls(
            leader_id=item.enterprise_id,
            location=Location.of(item.enterprise),
            quantity_per_year=item.quantity_per_year,
            quantity_dimension=item.quantity_dimension,
            quantity_text=quantity_text,
            certifications=tuple(item.certifications or ()),
            leader_hidden=leader_hidden,
        )


@dataclass(frozen=True, slots=True)
class SupplySide:
    """What the factors need of a supply item and its enterprise."""

    location: Location
    capacity_per_year: float | None
    capacity_dimension: str | None
    capacity_text: str | None
    certifications: tuple[str, ...]
    intended_customer_ids: frozenset[int]
    qualifications: frozenset[QualificationKind]

    @classmethod
    def of(cls, item: SupplyItem) -> SupplySide:
        return cls(
            location=Location.of(item.enterprise),
            capacity_per_year=item.capacity_per_year,
            capacity_dimension=item.capacity_dimension,
            capacity_text=item.capacity_text,
            certifications=tuple(item.certifications or ()),
            intended_customer_ids=frozenset(c.enterprise_id for c in item.intended_customers
                                            if c.enterprise_id is not None),
            qualifications=frozenset(q.kind for q in item.enterprise.qualifications),
        )


def business_contributions(demand: DemandSide, supply: SupplySide, weights: FactorWeights) -> tuple[Contribution, ...]:
    """One contribution per factor, in a fixed order."""
    return (
        capacity_fit(demand, supply, weights),
        intended_customer(demand, supply, weights),
        certifications_held(demand, supply, weights),
        region(demand, supply, weights),
        qualification(supply, weights),
    )


def capacity_fit(demand: DemandSide, supply: SupplySide, weights: FactorWeights) -> Contribution:
    """Supply capacity per year against the demanded quantity per year, in the same dimension (count, mass…)."""
    need, have = demand.quantity_per_year, supply.capacity_per_year
    shown = (demand.quantity_text, supply.capacity_text)
    if need is None or have is None or need <= 0:
        return _contribution(CAPACITY, "unknown", 0.0, 0.0, *shown)
    if demand.quantity_dimension != supply.capacity_dimension:
        return _contribution(CAPACITY, "incomparable", 0.0, 0.0, *shown)
    ratio = have / need
    if ratio >= 1.0:
        return _contribution(CAPACITY, "sufficient", weights.capacity_sufficient, 1.0, *shown)
    if ratio >= weights.capacity_partial_ratio:
        return _contribution(CAPACITY, "partial", weights.capacity_partial, 1.0, *shown)
    return _contribution(CAPACITY, "insufficient", weights.capacity_insufficient, 1.0, *shown)


def capacity_sufficient(demand: DemandSide, supply: SupplySide) -> bool:
    need, have = demand.quantity_per_year, supply.capacity_per_year
    return (need is not None and have is not None and demand.quantity_dimension == supply.capacity_dimension
            and have >= need)


def intended_customer(demand: DemandSide, supply: SupplySide, weights: FactorWeights) -> Contribution:
    """The SME named this chain leader in its 拟配套对象."""
    if demand.leader_hidden:
        return _contribution(INTENDED_CUSTOMER, "hidden", 0.0, 0.0, None, None)
    if demand.leader_id is None:
        return _contribution(INTENDED_CUSTOMER, "unknown", 0.0, 0.0, None, None)
    if demand.leader_id in supply.intended_customer_ids:
        return _contribution(INTENDED_CUSTOMER, "named", weights.intended_customer, 1.0, None, None)
    return _contribution(INTENDED_CUSTOMER, "not_named", 0.0, 0.0, None, None)


def certifications_held(demand: DemandSide, supply: SupplySide, weights: FactorWeights) -> Contribution:
    """Required certifications the supplier holds: all, some (scaled by the share held), none."""
    required = _distinct(demand.certifications)
    if not required:
        return _contribution(CERTIFICATION, "not_required", 0.0, 0.0, None, None)
    held_keys = [certification_key(c) for c in supply.certifications]
    if not any(held_keys):
        return _contribution(CERTIFICATION, "unknown", 0.0, 0.0, "、".join(required), None)
    held = [r for r in required if any(holds(h, certification_key(r)) for h in held_keys)]
    missing = [r for r in required if r not in held]
    if not missing:
        return _contribution(CERTIFICATION, "all", weights.certification_all, 1.0, "、".join(required),
                             "、".join(held))
    if held:
        share = len(held) / len(required)
        return _contribution(CERTIFICATION, "some", weights.certification_some, share, "、".join(required),
                             "、".join(held), similarity=share)
    return _contribution(CERTIFICATION, "none", weights.certification_none, 1.0, "、".join(required),
                         "、".join(supply.certifications))


def holds_certification(supply_certifications: Iterable[str], required: str) -> bool:
    wanted = certification_key(required)
    return bool(wanted) and any(holds(certification_key(c), wanted) for c in supply_certifications)


def region(demand: DemandSide, supply: SupplySide, weights: FactorWeights) -> Contribution:
    """Same district > same city > the Chengdu–Chongqing region > elsewhere; unknown is neutral."""
    if demand.leader_hidden:
        return _contribution(REGION, "hidden", 0.0, 0.0, None, None)
    d, s = demand.location, supply.location
    shown_s = s.district or s.city or s.province
    if d.district and s.district and d.district == s.district and _same_city(d, s) is not False:
        return _contribution(REGION, "same_district", weights.region_same_district, 1.0, d.district, s.district)
    if d.city and s.city:
        if d.city == s.city:
            return _contribution(REGION, "same_city", weights.region_same_city, 1.0, d.city, s.city)
    if d.province and s.province:
        if d.province in CHENGYU_PROVINCES and s.province in CHENGYU_PROVINCES:
            return _contribution(REGION, "chengyu", weights.region_chengyu, 1.0, d.province, s.province)
        return _contribution(REGION, "elsewhere", weights.region_elsewhere, 1.0, d.province, s.province)
    return _contribution(REGION, "unknown", 0.0, 0.0, d.district or d.city or d.province, shown_s)


def qualification(supply: SupplySide, weights: FactorWeights) -> Contribution:
    """The supplier's best qualification: 单项冠军 > 小巨人 > 专精特新."""
    values = {
        "champion": weights.qualification_champion,
        "little_giant": weights.qualification_little_giant,
        "specialized": weights.qualification_specialized,
    }
    for kind, level in _QUALIFICATION_ORDER:
        if kind in supply.qualifications:
            return _contribution(QUALIFICATION, level, values[level], 1.0, None, kind.label)
    return _contribution(QUALIFICATION, "none", 0.0, 0.0, None, None)


# ── certifications ───────────────────────────────────────────────────────────────────────────────────────────
_YEAR_SUFFIX = re.compile(r"[:：\-/]\s*(19|20)\d{2}\s*$")
_NOT_KEY = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_CMMI = re.compile(r"^cmmi(?:ml)?(\d)级?$")
_ALIASES = {
    "ts16949": "iatf16949",
    "isots16949": "iatf16949",
    "汽车质量管理体系": "iatf16949",
    "质量管理体系": "iso9001",
    "环境管理体系": "iso14001",
    "职业健康安全管理体系": "iso45001",
    "信息安全管理体系": "iso27001",
}


@lru_cache(maxsize=4096)
def certification_key(text: str) -> str:
    """``ＩＳＯ　９００１:2015`` → ``iso9001``; ``IATF 16949`` → ``iatf16949``; ``CMMI 3级`` → ``cmmi3``."""
    folded = unicodedata.normalize("NFKC", text or "").strip().lower()
    folded = _YEAR_SUFFIX.sub("", folded)
    key = _NOT_KEY.sub("", folded)
    key = key.removesuffix("认证").removesuffix("证书")
    key = _ALIASES.get(key, key)
    match = _CMMI.match(key)
    return f"cmmi{match.group(1)}" if match else key


def holds(held_key: str, required_key: str) -> bool:
    """Whether a held certification satisfies a required one (a higher CMMI level satisfies a lower one)."""
    if not held_key or not required_key:
        return False
    if held_key == required_key:
        return True
    if held_key.startswith("cmmi") and required_key.startswith("cmmi"):
        try:
            return int(held_key[4:]) >= int(required_key[4:])
        except ValueError:
            return False
    return False


# ── helpers ──────────────────────────────────────────────────────────────────────────────────────────────────
def _contribution(
    comparison: str, level: str, weight: float, factor: float, demand_value: str | None, supply_value: str | None,
    *, similarity: float | None = None,
) -> Contribution:
    return Contribution(
        comparison=comparison,
        level=level,
        weight=float(weight),
        value=float(weight * factor),
        demand_value=demand_value,
        supply_value=supply_value,
        label=_LABELS[(comparison, level)],
        similarity=similarity,
    )


@lru_cache(maxsize=4096)
def _place(text: str | None) -> str | None:
    """``重庆市`` and ``重庆`` name the same place; compare without the administrative suffix."""
    if not text:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if len(cleaned) > 2:
        for suffix in ("省", "市", "自治区"):
            if cleaned.endswith(suffix):
                return cleaned[: -len(suffix)]
    return cleaned or None


def _same_city(d: Location, s: Location) -> bool | None:
    if d.city and s.city:
        return d.city == s.city
    return None


def _distinct(values: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = certification_key(value)
        if key and key not in seen:
            seen.add(key)
            out.append(value.strip())
    return out


def quantity_side(text: str | None) -> tuple[float | None, str | None, str | None]:
    """A demanded quantity typed in a search (``20万件``): per year, dimension, as typed."""
    if not text or not text.strip():
        return None, None, None
    quantity = units.parse_quantity(text)
    return quantity.per_year, quantity.dimension, text.strip()
