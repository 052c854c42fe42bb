"""The spreadsheet contract (/work/notes/sheet_contract.md) as data: the columns of both lists, and the
recognition of the headers people actually type (spaces, full-width brackets, ``*`` markers, synonyms,
traditional characters)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

from app.domain.lists import ListKind


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a list: its canonical header, accepted variants, and what the template says about it."""

    key: str
    header: str
    variants: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    example: str = ""
    choices: tuple[str, ...] = ()
    width: int = 14

    @property
    def template_header(self) -> str:
        return f"*{self.header}" if self.required else self.header


MULTI_VALUE_HELP = "多个值用；或、或换行分隔"

_ENTERPRISE_LOCATION = (
    ColumnSpec("province", "省份", ("省", "所在省份", "所在省", "省(市)"), help="企业所在省份", example="重庆市", width=10),
    ColumnSpec("city", "城市", ("市", "所在城市", "所在市", "地市", "所在地市"), help="企业所在城市", example="重庆市", width=10),
    ColumnSpec("district", "区县", ("所在区县", "区/县", "所属区县", "区县名称", "所在区", "区", "所在地区", "所属区域", "所在区域"), help="企业所在区县", example="两江新区", width=12),
)
_ENTERPRISE_CONTACT = (
    ColumnSpec("contact_person", "联系人", ("联系人姓名", "对接联系人", "对接人", "业务联系人", "企业联系人"), help="对接联系人姓名", example="张伟", width=10),
    ColumnSpec(
        "phone", "联系电话", ("电话", "手机", "联系方式", "手机号", "手机号码", "联系人电话", "联系人手机", "电话号码", "联系手机", "办公电话"), help="11位手机号，或带区号的固定电话（如023-67891234）",
        example="13800001234", width=15,
    ),
    ColumnSpec("email", "电子邮箱", ("邮箱", "email", "e-mail", "电子邮件", "邮件", "联系邮箱"), help="联系邮箱", example="zhangwei@example.com", width=24),
)


def _credit_code(example: str) -> ColumnSpec:
    return ColumnSpec(
        "credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "统一信用代码", "企业信用代码", "统一社会信用代码证号", "组织机构代码", "统一代码"), required=True,
        help="18位统一社会信用代码（GB 32100-2015，含校验位）；同一企业的多行必须一致",
        example=example, width=22,
    )


_CATEGORIES = ("关键原材料", "关键零部件", "关键软件")
_CHAIN_VARIANTS = ("产业链", "产业链名称", "所属产业链条", "产业链条", "重点产业链", "所属链条")
_PART_NUMBER_VARIANTS = ("型号", "规格", "型号规格", "规格/型号", "产品型号", "产品规格", "规格型号(参数)")
_CHAIN = ColumnSpec(
    "chain", "所属产业链", _CHAIN_VARIANTS, help="重庆市重点产业链名称，如：动力电池、功率半导体、工业软件",
    example="汽车底盘与车身零部件", width=18,
)

SUPPLY_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "enterprise_name", "企业名称", ("供应商名称", "单位名称", "企业全称", "公司名称", "申报单位", "申报企业", "供应企业", "供给企业", "中小企业名称", "企业(单位)名称"), required=True,
        help="企业全称，与营业执照一致；同一企业的多行名称必须一致", example="重庆渝新精密机械有限公司", width=28,
    ),
    _credit_code("91500000MA5U7Q4X18"),
    ColumnSpec(
        "size_class", "企业规模", ("规模", "规模类型", "企业规模类型", "规模等级", "企业类型(规模)"), help="大型 / 中型 / 小型 / 微型", example="小型",
        choices=("大型", "中型", "小型", "微型"), width=10,
    ),
    *_ENTERPRISE_LOCATION,
    ColumnSpec(
        "qualifications", "企业资质", ("资质", "荣誉资质", "资质情况", "企业资质情况", "资质荣誉", "企业荣誉", "专精特新情况", "专精特新类型", "专精特新资质", "专精特新级别", "专精特新认定", "认定情况", "梯度培育情况"),
        help="市级专精特新 / 国家级专精特新小巨人 / 制造业单项冠军，括号内填认定年份；" + MULTI_VALUE_HELP,
        example="国家级专精特新小巨人(2023)；市级专精特新(2021)", width=30,
    ),
    *_ENTERPRISE_CONTACT,
    ColumnSpec(
        "item_code", "产品编码", ("物料编码", "编码", "产品编号", "产品代码"),
        help="企业内部产品编码（选填）；填写后再次导入时按编码识别同一产品", example="YX-GY-001", width=14,
    ),
    ColumnSpec(
        "category", "产品类别", ("类别", "类型", "产品类型", "产品分类", "分类", "供给类别", "所属类别"), required=True, help="关键原材料 / 关键零部件 / 关键软件",
        example="关键零部件", choices=_CATEGORIES, width=12,
    ),
    ColumnSpec("product_name", "产品名称", ("主导产品", "主要产品", "主导产品名称", "主要产品名称", "主营产品", "供给产品", "可供产品", "产品", "供应产品"), required=True, help="主导产品名称",
               example="新能源汽车电机壳体", width=22),
    ColumnSpec(
        "description", "产品描述", ("产品简介", "技术参数", "产品说明", "产品介绍", "主要技术参数", "技术指标", "产品特点", "主要性能指标", "性能参数", "产品简介及技术参数"), help="产品简介、材质、主要技术参数",
        example="ADC12压铸，气密性≤5mL/min，CNC精加工", width=32,
    ),
    ColumnSpec("part_numbers", "规格型号", _PART_NUMBER_VARIANTS, help="规格或型号；" + MULTI_VALUE_HELP,
               example="YX-MH-220；YX-MH-250", width=20),
    ColumnSpec(
        "capacity", "产能规模", ("产能", "年产能", "生产能力", "供货能力", "供应能力", "年产量", "产量", "年供货能力", "年生产能力", "交付能力", "年交付能力", "产能情况"), help="数量+单位+周期，如：50万件/年、2000吨/年、3000套/月",
        example="50万件/年", width=14,
    ),
    ColumnSpec("certifications", "认证情况", ("认证", "资质认证", "体系认证", "质量认证", "认证资质", "产品认证", "质量体系认证", "体系认证情况", "获得认证", "通过认证"), help="质量体系或产品认证；" + MULTI_VALUE_HELP,
               example="IATF 16949；ISO 9001", width=22),
    ColumnSpec("intended_customers", "拟配套对象", ("意向客户", "配套对象", "拟配套企业", "拟配套客户", "拟配套单位", "拟配套链主企业", "拟对接企业", "意向配套企业", "意向对接企业", "意向合作企业", "拟合作企业", "目标客户", "配套意向"), help="希望配套的链主企业名称；" + MULTI_VALUE_HELP,
               example="重庆长嘉汽车有限公司", width=26),
    _CHAIN,
    ColumnSpec("status", "状态", ("产品状态", "供给状态"), help="有效 / 停用，默认有效", example="有效", choices=("有效", "停用"), width=8),
)

DEMAND_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "enterprise_name", "企业名称", ("链主企业", "需求单位", "链主企业名称", "需求企业", "需求企业名称", "单位名称", "公司名称", "企业全称", "采购单位"), required=True,
        help="链主企业全称，与营业执照一致；同一企业的多行名称必须一致", example="重庆长嘉汽车有限公司", width=26,
    ),
    _credit_code("91500112MA60ABCD1G"),
    *_ENTERPRISE_LOCATION,
    *_ENTERPRISE_CONTACT,
    ColumnSpec(
        "item_code", "需求编码", ("物料编码", "编码", "需求编号", "物料代码", "物料号"),
        help="企业内部物料编码（选填）；填写后再次导入时按编码识别同一需求", example="CJ-XQ-0001", width=14,
    ),
    ColumnSpec(
        "category", "需求类别", ("产品类别", "类别", "需求类型", "产品类型", "类型", "分类", "产品分类"), required=True, help="关键原材料 / 关键零部件 / 关键软件",
        example="关键零部件", choices=_CATEGORIES, width=12,
    ),
    ColumnSpec("product_name", "产品名称", ("需求产品", "物料名称", "需求产品名称", "需求名称", "采购产品", "产品(物料)名称", "产品"), required=True, help="需求的产品或物料名称",
               example="IGBT功率模块", width=20),
    ColumnSpec(
        "specification", "技术要求", ("规格/技术要求", "技术参数", "规格要求", "技术指标", "技术标准", "产品要求", "需求描述", "技术规格要求", "性能要求", "主要技术要求", "产品描述", "技术要求描述"), help="技术指标、材料牌号、标准等",
        example="1200V/450A，结温175℃，符合AQG 324", width=32,
    ),
    ColumnSpec("part_numbers", "规格型号", (*_PART_NUMBER_VARIANTS, "参考型号"), help="参考型号；" + MULTI_VALUE_HELP,
               example="FF450R12ME4", width=18),
    ColumnSpec(
        "annual_quantity", "年需求量", ("需求数量", "年用量", "数量", "年采购量", "采购数量", "需求量", "年需求数量", "预计年需求量", "年采购数量", "预计需求量"),
        help="数字，或数字+单位（如：20万件）；只填数字时须填写计量单位", example="20000", width=12,
    ),
    ColumnSpec("quantity_unit", "计量单位", ("单位", "数量单位"), help="件 / 个 / 套 / 台 / 吨 / 千克 / 米 等", example="件", width=10),
    ColumnSpec("price", "目标价格", ("价格区间", "目标单价", "单价", "预期价格", "价格", "采购单价", "参考价格", "期望价格"), help="如：80-120元/件、≤3.5万元/吨（选填）",
               example="800-1000元/件", width=16),
    ColumnSpec("certifications", "认证要求", ("资质要求", "体系要求", "供应商资质要求", "准入要求", "资质认证要求", "认证资质要求"), help="供应商须具备的认证；" + MULTI_VALUE_HELP,
               example="IATF 16949", width=18),
    ColumnSpec("preferred_region", "优先区域", ("区域要求", "地域要求", "供应商区域", "优先地区", "区域偏好"), help="如：成渝地区、重庆市", example="成渝地区", width=12),
    ColumnSpec("chain", "所属产业链", _CHAIN_VARIANTS, help="重庆市重点产业链名称，如：功率半导体、动力电池",
               example="功率半导体", width=16),
    ColumnSpec("valid_until", "有效期至", ("截止日期", "有效期", "截止时间", "需求截止日期", "有效截止日期", "需求有效期", "有效期截止"), help="日期，如 2026-12-31", example="2026-12-31", width=12),
    ColumnSpec("status", "状态", ("需求状态",), help="开放 / 暂停 / 关闭，默认开放", example="开放", choices=("开放", "暂停", "关闭"), width=8),
    ColumnSpec("confidential", "是否保密", ("保密", "保密需求", "是否涉密"), help="是 / 否；选“是”时中小企业看不到需求企业名称",
               example="否", choices=("是", "否"), width=10),
)

COLUMNS: dict[ListKind, tuple[ColumnSpec, ...]] = {ListKind.SUPPLY: SUPPLY_COLUMNS, ListKind.DEMAND: DEMAND_COLUMNS}

# Enterprise-level columns repeat on every row of the same enterprise.
ENTERPRISE_KEYS = frozenset(
    {"enterprise_name", "credit_code", "size_class", "province", "city", "district", "qualifications",
     "contact_person", "phone", "email"}
)

# Notes people append to headers: "（必填）", "(选填)", "（单位：件）" ...
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|<[^<>]*>")
_REQUIRED_MARKERS = re.compile(r"[*※★☆]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def fold_header(text: object) -> str:
    """The comparable form of a header: NFKC, simplified, lower case, no spaces, no required markers or colons.

    Deliberately independent of the matching normaliser, which strips punctuation (brackets, slashes) that
    header recognition needs to see.
    """
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text))
    folded = _t2s().convert(folded).lower()
    folded = _REQUIRED_MARKERS.sub("", folded)
    folded = re.sub(r"\s+", "", folded)
    return folded.rstrip(":").strip()


def _build_lookup(columns: tuple[ColumnSpec, ...]) -> dict[str, ColumnSpec]:
    lookup: dict[str, ColumnSpec] = {}
    for spec in columns:
        for name in (spec.header, *spec.variants):
            folded = fold_header(name)
            if folded in lookup and lookup[folded] is not spec:
                raise RuntimeError(f"header variant {name!r} is claimed by two columns")
            lookup[folded] = spec
    return lookup


_LOOKUPS: dict[ListKind, dict[str, ColumnSpec]] = {kind: _build_lookup(cols) for kind, cols in COLUMNS.items()}


def match_header(kind: ListKind, text: object) -> ColumnSpec | None:
    """The column a header cell means, or None. Tries the folded text, then without bracketed notes."""
    folded = fold_header(text)
    if not folded:
        return None
    lookup = _LOOKUPS[kind]
    spec = lookup.get(folded)
    if spec is None:
        stripped = _BRACKETED.sub("", folded)
        if stripped and stripped != folded:
            spec = lookup.get(stripped)
    return spec


def column_spec(kind: ListKind, key: str) -> ColumnSpec:
    for spec in COLUMNS[kind]:
        if spec.key == key:
            return spec
    raise KeyError(key)
