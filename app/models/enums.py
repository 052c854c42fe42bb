"""Domain vocabularies. Values are the API's English snake_case; ``label`` is the Chinese users see."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Self

# Each labelled vocabulary's labels and aliases, handed over by the module that declares them (``use_labels``).
_VOCABULARIES: dict[type, tuple[Mapping[StrEnum, str], Mapping[StrEnum, tuple[str, ...]]]] = {}


class Labelled(StrEnum):
    """A vocabulary whose members carry the Chinese label users read (``label``) and are found by the API value,
    the label or a spelling seen in real sheets (``from_text``). The labels live in dicts beside the classes,
    given to :func:`use_labels`."""

    @property
    def label(self) -> str:
        return _VOCABULARIES[type(self)][0][self]

    @classmethod
    def from_text(cls, text: str) -> Self:
        """Accept the API value or the Chinese label (as typed in spreadsheets)."""
        aliases = _VOCABULARIES[cls][1]
        cleaned = text.strip()
        for member in cls:
            if cleaned in (member.value, member.label, *aliases.get(member, ())):
                return member
        raise ValueError(f"'{text}' is not one of: {', '.join(m.label for m in cls)}")


def use_labels(labels: Mapping[StrEnum, str], aliases: Mapping[StrEnum, tuple[str, ...]],
               *classes: type[Labelled]) -> None:
    for cls in classes:
        _VOCABULARIES[cls] = (labels, aliases)




class EnterpriseRole(Labelled):
    CHAIN_LEADER = "chain_leader"
    SME = "sme"
    BOTH = "both"


class SizeClass(Labelled):
    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"
    MICRO = "micro"


class QualificationKind(Labelled):
    MUNICIPAL_SPECIALIZED = "municipal_specialized"  # 市级专精特新
    NATIONAL_LITTLE_GIANT = "national_little_giant"  # 国家级专精特新"小巨人"
    MANUFACTURING_CHAMPION = "manufacturing_champion"  # 制造业单项冠军


class ItemCategory(Labelled):
    RAW_MATERIAL = "raw_material"
    COMPONENT = "component"
    SOFTWARE = "software"


class DemandStatus(Labelled):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class SupplyStatus(Labelled):
    ACTIVE = "active"
    INACTIVE = "inactive"


class ApiRole(Labelled):
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
use_labels(_LABELS, _ALIASES, EnterpriseRole, SizeClass, QualificationKind, ItemCategory, DemandStatus, SupplyStatus,
           ApiRole)
