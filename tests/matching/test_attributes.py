"""Categorical attributes: every family of matching/data/attributes.tsv is read, and a contradiction costs rank."""

from __future__ import annotations

import pytest

from matching import ItemRecord, SupplyMatcher
from matching.attributes import (
    AttributeExtractor,
    attribute_values,
    compare_attributes,
    packaged_attributes,
)
from matching.normalize import normalize_text

# One demand phrase and two supply phrases per family: the first states the same value, the second an exclusive one.
CASES = {
    "contact": ("接近开关 常闭型", "接近传感器 常闭", "接近开关 常开"),
    "phase": ("三相异步电动机 4kW", "三相电机 4kW", "单相电机 4kW"),
    "rotation": ("左旋丝杆", "丝杠 左旋", "丝杠 右旋"),
    "pitch": ("细牙螺母 M12×1.5", "六角螺母 细牙", "六角螺母 粗牙"),
    "emission": ("国Ⅵ柴油发动机", "国六发动机总成", "国五发动机总成"),
    "strength": ("内六角螺栓 12.9级", "内六角螺钉 12.9级", "内六角螺钉 8.8级"),
    "material": ("不锈钢法兰 DN50", "法兰 SUS304", "法兰 碳钢"),
    "surface": ("螺栓 镀锌", "螺栓 热镀锌", "螺栓 发黑"),
    "ip": ("防水连接器 IP67", "连接器 IP67", "连接器 IP65"),
    "insulation": ("电机 F级绝缘", "电机 绝缘等级F", "电机 H级绝缘"),
    "current": ("中间继电器 24VDC", "继电器 DC24V", "继电器 AC220V"),
    "polarity": ("接近开关 PNP 输出", "接近开关 PNP", "接近开关 NPN"),
    "colour": ("黑白激光打印机", "打印机 黑白", "打印机 彩色"),
    "package": ("MCU LQFP64", "单片机 LQFP-64", "单片机 QFN-48"),
    "fuel": ("柴油发电机组", "发电机组 柴油机", "发电机组 汽油机"),
    "position": ("左前门玻璃升降器", "玻璃升降器 左前", "玻璃升降器 右前"),
    "origin": ("原装墨盒", "墨盒 原厂", "墨盒 兼容"),
    "licence": ("CAD软件 永久授权", "CAD 永久许可", "CAD 订阅"),
    "deployment": ("MES软件 私有化部署", "MES 本地部署", "MES SaaS"),
}


def _values(text: str) -> dict[str, set[str]]:
    return attribute_values(AttributeExtractor().extract(normalize_text(text)))


def test_every_family_has_a_case() -> None:
    families = {row[0] for row in packaged_attributes()}
    assert families == set(CASES)


@pytest.mark.parametrize("family", sorted(CASES))
def test_family_agrees_and_conflicts(family: str) -> None:
    demand, same, other = (_values(t) for t in CASES[family])
    assert family in demand and family in same and family in other
    assert compare_attributes(demand, same).agree == 1 and compare_attributes(demand, same).conflict == 0
    assert compare_attributes(demand, other).conflict == 1


def test_unknown_is_neutral_and_spellings_keep_their_edges() -> None:
    assert compare_attributes(_values("接近开关 常闭"), _values("接近开关 M18")).conflict == 0
    assert "emission" not in _values("中国500强企业")  # 国5 inside 中国500
    assert "ip" not in _values("型号 IP657")
    assert "strength" not in _values("规格 18.8级")


def test_kind_of_thing_offered() -> None:
    extractor = AttributeExtractor()
    assert extractor.kind("模具维修服务", None) == "服务"
    assert extractor.kind("mes系统", "software") == "软件"
    assert extractor.kind("注塑模具", "component") == "产品"
    assert extractor.kind("注塑模具", None) is None


def test_a_contradiction_loses_rank_and_is_explained() -> None:
    supply = [
        # Shares more words with the demand than the right row does, but contradicts its contact form.
        ItemRecord("s-no", "电感式接近开关 M18 常开 检测距离8mm 防水", category="component"),
        ItemRecord("s-nc", "接近开关 M18 常闭 检测距离8mm", category="component"),
    ]
    matcher = SupplyMatcher().fit(supply)
    matches = matcher.query(ItemRecord("d", "电感式接近开关 M18 常闭 检测距离8mm 防水"))
    assert matches[0].supply_id == "s-nc"
    loser = next(m for m in matches if m.supply_id == "s-no")
    assert "规格冲突：需常闭，供常开" in loser.explanation
    assert loser.score == pytest.approx(sum(c.value for c in loser.contributions))


def test_a_service_is_not_offered_for_a_product() -> None:
    supply = [
        ItemRecord("s-repair", "注塑模具维修服务", category="component"),
        ItemRecord("s-mould", "注塑模具 来图定制", category="component"),
    ]
    matcher = SupplyMatcher().fit(supply)
    matches = matcher.query(ItemRecord("d", "注塑模具", category="component"))
    assert matches[0].supply_id == "s-mould"
    assert "规格冲突：需产品，供服务" in next(m for m in matches if m.supply_id == "s-repair").explanation
