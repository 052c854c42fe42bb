"""Domain vocabularies. Values are the API's English snake_case; ``label`` is the Chinese users see."""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def from_text(cls, text: str) -> _Labelled:
        """Accept the API value or the Chinese label (as typed in spreadsheets)."""
        cleaned = text.strip()
        for member in cls:
            if cleaned == member.value or cleaned == member.label or cleaned in _ALIASES.get(member, ()):
                return member
        raise ValueError(f"'{text}' is not one of: {', '.join(m.label for m in cls)}")


class EnterpriseRole(_Labelled):
    CHAIN_LEADER = "chain_leader"
    SME = "sme"
    BOTH = "both"


class SizeClass(_Labelled):
    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"
    MICRO = "micro"


class QualificationKind(_Labelled):
    MUNICIPAL_SPECIALIZED = "municipal_specialized"  # 市级专精特新
    NATIONAL_LITTLE_GIANT = "national_little_giant"  # 国家级专精特新"小巨人"
    MANUFACTURING_CHAMPION = "manufacturing_champion"  # 制造业单项冠军


class ItemCategory(_Labelled):
    RAW_MATERIAL = "raw_material"
    COMPONENT = "component"
    SOFTWARE = "software"


class DemandStatus(_Labelled):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class SupplyStatus(_Labelled):
    ACTIVE = "active"
    INACTIVE = "inactive"


class ApiRole(_Labelled):
    OPERATOR = "operator"
    CHAIN_LEADER = "chain_leader"
    SME = "sme"
    ORGANIZER = "organizer"  # runs matchmaking events (app.services.events.access)


_LABELS: dict[StrEnum, str] = {
    EnterpriseRole.CHAIN_LEADER: "链主企业",
    EnterpriseRole.SME: "中小企业",
    EnterpriseRole.BOTH: "链主及中小企业",
    SizeClass.LARGE: "大型",
    SizeClass.MEDIUM: "中型",
    SizeClass.SMALL: "小型",
    SizeClass.MICRO: "微型",
    QualificationKind.MUNICIPAL_SPECIALIZED: "市级专精特新",
    QualificationKind.NATIONAL_LITTLE_GIANT: "国家级专精特新小巨人",
    QualificationKind.MANUFACTURING_CHAMPION: "制造业单项冠军",
    ItemCategory.RAW_MATERIAL: "关键原材料",
    ItemCategory.COMPONENT: "关键零部件",
    ItemCategory.SOFTWARE: "关键软件",
    DemandStatus.OPEN: "开放",
    DemandStatus.PAUSED: "暂停",
    DemandStatus.CLOSED: "关闭",
    SupplyStatus.ACTIVE: "有效",
    SupplyStatus.INACTIVE: "停用",
    ApiRole.OPERATOR: "运营人员",
    ApiRole.CHAIN_LEADER: "链主企业",
    ApiRole.SME: "中小企业",
    ApiRole.ORGANIZER: "活动组织方",
}

# Spellings seen in real sheets besides the canonical label.
_ALIASES: dict[StrEnum, tuple[str, ...]] = {
    EnterpriseRole.CHAIN_LEADER: ("链主", "大企业", "链主企业"),
    EnterpriseRole.SME: ("中小企业", "中小", "SME", "sme"),
    EnterpriseRole.BOTH: ("两者", "链主/中小企业"),
    SizeClass.LARGE: ("大", "大型企业"),
    SizeClass.MEDIUM: ("中", "中型企业"),
    SizeClass.SMALL: ("小", "小型企业"),
    SizeClass.MICRO: ("微", "微型企业"),
    QualificationKind.MUNICIPAL_SPECIALIZED: ("专精特新", "市级专精特新企业", "重庆市专精特新"),
    QualificationKind.NATIONAL_LITTLE_GIANT: (
        '国家级专精特新"小巨人"', "国家级专精特新“小巨人”", "小巨人", "专精特新小巨人", "国家级小巨人",
    ),
    QualificationKind.MANUFACTURING_CHAMPION: ("单项冠军", "制造业单项冠军企业"),
    ItemCategory.RAW_MATERIAL: ("原材料", "材料", "关键材料"),
    ItemCategory.COMPONENT: ("零部件", "部件", "关键部件", "元器件"),
    ItemCategory.SOFTWARE: ("软件", "工业软件"),
    DemandStatus.OPEN: ("open", "开放中", "有效"),
    DemandStatus.PAUSED: ("暂停中",),
    DemandStatus.CLOSED: ("已关闭", "关闭"),
    SupplyStatus.ACTIVE: ("在供", "正常"),
    SupplyStatus.INACTIVE: ("停供", "无效"),
}
