"""Build the bundled demo lists from the hand-written catalogs (deterministic: fixed seed).

    .venv/bin/python -m tools.demo_data.build_demo_data        # rewrites app/demo/data/*

Writes the two spreadsheets as operators receive them (需求清单, 供给清单) and the matching ground truth
(demo_truth.csv). Every row is valid for the import; the mess of real sheets (full-width characters, stray
spaces, separators inside part numbers, traditional characters, synonyms, header variants) is added on top
of valid values and never changes what a value means.
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import opencc
from openpyxl import Workbook
from openpyxl.styles import Font

from app.demo import DATA_DIR, DEMAND_LIST, DEMO_TRUTH, SUPPLY_LIST
from app.domain.identity import item_identity_key
from app.schemas.validators import (
    CREDIT_CODE_ALPHABET,
    make_credit_code,
    normalise_credit_code,
    normalise_phone,
    split_part_numbers,
)
from matching.normalize import normalize_part_number
from tools.demo_data.catalog import (
    BANNED_FRAGMENTS,
    BRAND_FIRST,
    BRAND_SECOND,
    CHAIN_LEADERS,
    CHONGQING_DISTRICTS,
    CITY_OFFICE_EMAIL_DOMAINS,
    DOMAIN_DISTRICTS,
    DOMAIN_NAME_WORDS,
    FAMILIES,
    FAMILY_BY_KEY,
    GIVEN_NAMES,
    OTHER_PLACES,
    SICHUAN_PLACES,
    SURNAMES,
    ChainLeader,
    Family,
    Variant,
)

SEED = 20250417
TARGET_DEMAND_ITEMS = 232
TARGET_SUPPLY_ITEMS = 1180
TRUTH_SHARE = 0.86  # demanded variants that some SME really makes
MAX_TRUE_SUPPLIERS = 3

DEMAND_HEADERS = (
    "企业名称", "统一社会信用代码", "省份", "城市", "区县", "联系人", "联系电话", "电子邮箱", "需求编码", "需求类别",
    "产品名称", "技术要求", "规格型号", "年需求量", "计量单位", "目标价格", "认证要求", "优先区域", "所属产业链",
    "有效期至", "状态", "是否保密",
)
# The supply sheet carries the header variants real sheets have: a "*" required marker, a trailing space,
# a full-width bracket, and synonyms (所在区县, 主导产品, 型号, 产业链).
SUPPLY_HEADERS = (
    "*企业名称", "统一社会信用代码 ", "企业规模", "省份", "城市", "所在区县", "企业资质", "联系人", "联系电话（手机）",
    "电子邮箱", "产品编码", "产品类别", "主导产品", "产品描述", "型号", "产能规模", "认证情况", "拟配套对象", "产业链",
    "状态",
)
TRUTH_HEADERS = (
    "demand_credit_code", "demand_product_name", "demand_part_numbers", "supply_credit_code", "supply_product_name",
    "supply_part_numbers", "demand_item_code", "supply_item_code",
)
CATEGORY_ALIASES = {"关键原材料": "原材料", "关键零部件": "零部件", "关键软件": "软件"}
# Units the demo uses; the import's unit table must know each of them.
UNITS_USED = ("件", "个", "套", "台", "吨", "千克", "kg", "米", "m", "颗", "片", "平方米")


# --------------------------------------------------------------------------------------------- records
@dataclass
class Company:
    name: str
    credit_code: str
    province: str
    city: str
    district: str
    contact: str
    phone: str
    email: str
    size: str = ""
    qualifications: str = ""
    item_code_prefix: str | None = None
    domain: str = ""
    leader: ChainLeader | None = None


@dataclass
class Demand:
    leader: Company
    family: Family
    variant: Variant
    cells: dict[str, object] = field(default_factory=dict)
    quantity: float = 0.0
    true_suppliers: list[Supply] = field(default_factory=list)


@dataclass
class Slot:
    """One supply item to create: a family, its primary variant, extra variants of the same family."""

    family: Family
    variant: Variant
    extras: list[Variant] = field(default_factory=list)
    true_for: list[Demand] = field(default_factory=list)

    @property
    def keys(self) -> set[tuple[str, str]]:
        return {(self.family.key, v.part) for v in [self.variant, *self.extras]}


@dataclass
class Supply:
    sme: Company
    slot: Slot
    cells: dict[str, object] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------- mess
_T2S_S2T = opencc.OpenCC("s2t")
_FULLWIDTH = {i: i + 0xFEE0 for i in range(0x21, 0x7F)}
_FULLWIDTH[0x20] = 0x3000


def fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def messy_part(rng: random.Random, part: str) -> str:
    """A spelling of a part number people type: case, separators moved or dropped, full-width — same part."""
    roll = rng.random()
    if roll < 0.25:
        out = part.lower()
    elif roll < 0.5:
        # a separator at a letter/digit boundary: FF450R12ME4 → FF450R12-ME4
        cuts = [m.start() for m in re.finditer(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", part)]
        if cuts:
            at = rng.choice(cuts)
            out = part[:at] + rng.choice(["-", " ", "-", "."]) + part[at:]
        else:
            out = part.replace("-", " ")
    elif roll < 0.7:
        out = part.replace("-", "") if "-" in part else part.replace(".", "")
    elif roll < 0.85:
        out = fullwidth(part)
    else:
        out = "".join(ch.lower() if rng.random() < 0.4 else ch for ch in part)
    assert normalize_part_number(out) == normalize_part_number(part), (part, out)
    return out


def messy_text(rng: random.Random, text: str, *, rate: float, traditional: float = 0.0) -> str:
    """Stray spaces and full-width characters in free text, at the rate real sheets have them."""
    if not text:
        return text
    if traditional and rng.random() < traditional:
        text = _T2S_S2T.convert(text)
    if rng.random() < rate:
        kind = rng.random()
        if kind < 0.35:
            text = text + rng.choice([" ", "  ", "\u3000"])
        elif kind < 0.6:
            text = rng.choice([" ", "  "]) + text
        elif kind < 0.8:
            ascii_runs = list(re.finditer(r"[A-Za-z0-9.%/+-]+", text))
            if ascii_runs:
                m = rng.choice(ascii_runs)
                text = text[: m.start()] + fullwidth(m.group()) + text[m.end():]
            else:
                text = text + " "
        else:
            # a double space or a space before a full-width comma, as typed
            pos = text.find("，")
            text = text[:pos] + " ，" + text[pos + 1:] if pos > 0 else text.replace(" ", "  ", 1) + " "
    return text


def messy_cert(rng: random.Random, cert: str) -> str:
    roll = rng.random()
    if roll < 0.12:
        return cert.replace(" ", "")
    if roll < 0.17:
        return fullwidth(cert)
    if roll < 0.22:
        return cert.lower()
    return cert


def join_multi(rng: random.Random, values: Iterable[str]) -> str:
    values = list(values)
    sep = rng.choices(["；", "、", "，", ";", ", ", "/", "\n"], weights=[30, 30, 12, 8, 8, 6, 6])[0]
    return sep.join(values)


# --------------------------------------------------------------------------------------------- numbers
def round_sig(x: float, digits: int = 2) -> float:
    if x <= 0:
        return 0.0
    from math import floor, log10

    return round(x, -int(floor(log10(abs(x)))) + (digits - 1))


def fmt_num(x: float) -> str:
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text


def fmt_amount(x: float, unit: str) -> str:
    """20万件, 1.2亿颗, 3500吨."""
    if x >= 1e8:
        return f"{fmt_num(round_sig(x / 1e8, 2))}亿{unit}"
    if x >= 1e4:
        return f"{fmt_num(round_sig(x / 1e4, 2))}万{unit}"
    return f"{fmt_num(round_sig(x, 2))}{unit}"


def fmt_capacity(rng: random.Random, per_year: float, unit: str) -> str:
    if (unit in ("套", "台") and per_year < 120) or rng.random() < 0.7:
        return f"{fmt_amount(per_year, unit)}/年"
    return f"{fmt_amount(per_year / 12, unit)}/月"


def fmt_price(rng: random.Random, price: float, unit: str) -> str:
    unit_text = "kg" if unit == "千克" and rng.random() < 0.5 else unit
    low, high = price * rng.uniform(0.78, 0.92), price * rng.uniform(1.02, 1.15)
    if price >= 1e4:
        lo, hi = round_sig(low / 1e4, 2), round_sig(high / 1e4, 2)
        return f"≤{fmt_num(hi)}万元/{unit_text}" if rng.random() < 0.4 else f"{fmt_num(lo)}-{fmt_num(hi)}万元/{unit_text}"
    lo, hi = round_sig(low, 2), round_sig(high, 2)
    if lo == hi or rng.random() < 0.3:
        return f"≤{fmt_num(hi)}元/{unit_text}"
    return f"{fmt_num(lo)}-{fmt_num(hi)}元/{unit_text}"


# --------------------------------------------------------------------------------------------- people
class Registry:
    """Hands out unique names, credit codes and contacts."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.codes: set[str] = set()
        self.names: set[str] = set()
        self.emails: set[str] = set()

    def credit_code(self, area: str) -> str:
        while True:
            org = "".join(self.rng.choice(CREDIT_CODE_ALPHABET) for _ in range(8)) + str(self.rng.randrange(10))
            code = make_credit_code("91" + area + org)
            if code not in self.codes:
                self.codes.add(code)
                return normalise_credit_code(code)

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES)

    def phone(self, area_code: str) -> str:
        rng = self.rng
        if rng.random() < 0.55:
            number = rng.choice("3589") + rng.choice("0123456789") + "".join(rng.choice("0123456789") for _ in range(8))
            phone = "1" + number
            if rng.random() < 0.12:
                phone = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        else:
            local_len = 8 if area_code in ("023", "028", "0755", "029") else 8
            first = "6" if area_code == "023" else rng.choice("68")
            local = first + "".join(rng.choice("0123456789") for _ in range(local_len - 1))
            phone = f"{area_code}-{local}" if rng.random() < 0.85 else f"({area_code}){local}"
        normalise_phone(phone)
        return phone

    def email(self, slug: str) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.55:
                box = rng.choice(["sales", "market", "purchase", "caigou", "info", "service", "xiaoshou", "bd"])
                address = f"{box}@{slug}.{rng.choice(['com', 'com.cn', 'cn'])}"
            else:
                address = f"{rng.randrange(10**6, 10**10)}@{rng.choice(CITY_OFFICE_EMAIL_DOMAINS)}"
            if address not in self.emails:
                self.emails.add(address)
                return address

    def slug(self) -> str:
        letters = "abcdefghjklmnpqrstwxyz"
        return "".join(self.rng.choice(letters) for _ in range(self.rng.randint(3, 5))) + self.rng.choice(
            ["", "", "tech", "-tech", "gf", "jm", "dz"]
        )

    def sme_name(self, domain: str, place_prefix: str) -> str:
        rng = self.rng
        for _ in range(1000):
            brand = rng.choice(BRAND_FIRST) + rng.choice(BRAND_SECOND)
            if brand[0] == brand[1] or any(b in brand for b in BANNED_FRAGMENTS):
                continue
            word = rng.choice(DOMAIN_NAME_WORDS[domain])
            suffix = rng.choices(["有限公司", "股份有限公司", "有限责任公司"], weights=[80, 12, 8])[0]
            name = f"{place_prefix}{brand}{word}{suffix}"
            if name not in self.names and not any(b in name for b in BANNED_FRAGMENTS):
                self.names.add(name)
                return name
        raise RuntimeError("ran out of invented names")


# --------------------------------------------------------------------------------------------- build
def _leaders(reg: Registry) -> list[Company]:
    out = []
    for leader in CHAIN_LEADERS:
        reg.names.add(leader.name)
        area = "028" if leader.city == "成都市" else "023"
        out.append(Company(
            name=leader.name, credit_code=reg.credit_code(leader.admin_code), province=leader.province,
            city=leader.city, district=leader.district, contact=reg.person(), phone=reg.phone(area),
            email=f"{reg.rng.choice(['purchase', 'scm', 'caigou', 'gys'])}@{reg.slug()}.com.cn", size="大型",
            item_code_prefix=leader.item_code_prefix, leader=leader,
        ))
    return out


def _demands(rng: random.Random, leaders: list[Company]) -> list[Demand]:
    demands: list[Demand] = []
    taken: dict[str, set[tuple[str, str]]] = defaultdict(set)
    unpinned: list[tuple[Company, Family]] = []

    def add(company: Company, family: Family, variant: Variant) -> bool:
        if (family.key, variant.part) in taken[company.name]:
            return False
        taken[company.name].add((family.key, variant.part))
        demands.append(Demand(company, family, variant))
        return True

    for company in leaders:
        assert company.leader is not None
        for token in company.leader.demands:
            key, _, pin = token.partition(":")
            family = FAMILY_BY_KEY[key]
            if pin:
                variant = next(v for v in family.variants if v.part == pin)
                add(company, family, variant)
            else:
                free = [v for v in family.variants if (key, v.part) not in taken[company.name]]
                add(company, family, rng.choice(free))
                unpinned.append((company, family))
    # Leaders often list two grades or models of one family.
    rng.shuffle(unpinned)
    for company, family in unpinned:
        if len(demands) >= TARGET_DEMAND_ITEMS:
            break
        free = [v for v in family.variants if (family.key, v.part) not in taken[company.name]]
        if free and rng.random() < 0.6:
            add(company, family, rng.choice(free))
    return demands


def _slots(rng: random.Random, demands: list[Demand]) -> list[Slot]:
    by_variant: dict[tuple[str, str], list[Demand]] = defaultdict(list)
    for demand in demands:
        by_variant[(demand.family.key, demand.variant.part)].append(demand)
    demanded = set(by_variant)
    slots: list[Slot] = []
    keys = sorted(by_variant)
    rng.shuffle(keys)
    for key in keys:
        if rng.random() >= TRUTH_SHARE:
            continue  # nobody makes this one: a demand item without a true supplier
        group = by_variant[key]
        k = rng.choices([1, 2, 3], weights=[40, 37, 23])[0]
        for _ in range(k):
            slots.append(Slot(group[0].family, group[0].variant, true_for=list(group)))
    # Near misses: another generation or option of a demanded model, same rating text, one character apart
    # (FF450R12ME4 → FF450R12ME5). Only the exact model is a true supplier.
    for key in keys:
        family, variant = by_variant[key][0].family, by_variant[key][0].variant
        if family.kind == "part" and rng.random() < 0.4:
            near = _near_miss(variant.part)
            if near and all(normalize_part_number(near) != normalize_part_number(v.part) for v in family.variants):
                slots.append(Slot(family, Variant(near, variant.spec)))
    # Same-family distractors and the rest of the SMEs' catalogues: variants nobody demands.
    free = [(f, v) for f in FAMILIES for v in f.variants if (f.key, v.part) not in demanded]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for family, variant in free:
        for _ in range(rng.choices([0, 1, 2, 3], weights=[10, 35, 35, 20])[0]):
            slots.append(Slot(family, variant))
            counts[(family.key, variant.part)] += 1
    while len(slots) < TARGET_SUPPLY_ITEMS:
        family, variant = rng.choice(free)
        if counts[(family.key, variant.part)] < 5:
            slots.append(Slot(family, variant))
            counts[(family.key, variant.part)] += 1
    # Product lines: an SME lists several models of one family in one row (never a demanded one as an extra).
    for slot in slots:
        if slot.family.kind != "soft" and rng.random() < 0.3:
            others = [v for v in slot.family.variants
                      if v is not slot.variant and (slot.family.key, v.part) not in demanded]
            if others:
                slot.extras = rng.sample(others, k=min(len(others), rng.choice([1, 1, 2])))
    return slots


def _near_miss(part: str) -> str | None:
    """The same model with its last digit moved by one: a plausible neighbour in a product family."""
    digits = [m.start() for m in re.finditer(r"\d", part)]
    if not digits:
        return None
    at = digits[-1]
    return part[:at] + str((int(part[at]) + 1) % 10) + part[at + 1:]


def _place(rng: random.Random, domain: str) -> tuple[str, str, str, str, str]:
    roll = rng.random()
    if roll < 0.76:
        districts = DOMAIN_DISTRICTS[domain]
        weights = [len(districts) - i + 2 for i in range(len(districts))]
        if rng.random() < 0.15:
            district = rng.choice(list(CHONGQING_DISTRICTS))
        else:
            district = rng.choices(districts, weights=weights)[0]
        return "重庆市", "重庆市", district, CHONGQING_DISTRICTS[district], "023"
    if roll < 0.93:
        return rng.choice(SICHUAN_PLACES)
    return rng.choice(OTHER_PLACES)


def _qualifications(rng: random.Random) -> str:
    roll = rng.random()
    parts: list[tuple[str, int]] = []
    municipal_year = rng.randint(2018, 2024)
    if roll < 0.11:
        giant = rng.randint(max(2019, municipal_year + 1), 2025)
        parts.append((rng.choice(["国家级专精特新小巨人", "国家级专精特新小巨人", "专精特新小巨人",
                                  "国家级专精特新“小巨人”"]), giant))
        if rng.random() < 0.8:
            parts.append((rng.choice(["市级专精特新", "重庆市专精特新", "市级专精特新"]), municipal_year))
        if rng.random() < 0.15:
            parts.append((rng.choice(["制造业单项冠军", "单项冠军"]), rng.randint(2021, 2025)))
    elif roll < 0.42:
        parts.append((rng.choice(["市级专精特新", "市级专精特新", "重庆市专精特新", "专精特新"]), municipal_year))
    out = []
    for label, year in parts:
        bracket = rng.choices([("(", ")"), ("（", "）"), ("（", "年）")], weights=[60, 30, 10])[0]
        out.append(f"{label}{bracket[0]}{year}{bracket[1]}")
    return join_multi(rng, out) if out else ""


def _smes(rng: random.Random, reg: Registry, slots: list[Slot]) -> list[tuple[Company, list[Slot]]]:
    by_domain: dict[str, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_domain[slot.family.domain].append(slot)
    out: list[tuple[Company, list[Slot]]] = []
    for domain in sorted(by_domain):
        pool = by_domain[domain]
        rng.shuffle(pool)
        while pool:
            size = rng.choices([1, 2, 3, 4, 5, 6], weights=[14, 24, 26, 18, 11, 7])[0]
            first = pool.pop(0)
            chosen = [first]
            keys = set(first.keys)
            families = {first.family.key}
            for _ in range(size - 1):
                fitting = [s for s in pool if not (s.keys & keys)]
                if not fitting:
                    break
                same = [s for s in fitting if s.family.key in families]
                pick = rng.choice(same) if same and rng.random() < 0.55 else rng.choice(fitting)
                pool.remove(pick)
                chosen.append(pick)
                keys |= pick.keys
                families.add(pick.family.key)
            province, city, district, area, phone_area = _place(rng, domain)
            prefix = {"重庆市": "重庆"}.get(city, city.removesuffix("市"))
            name = reg.sme_name(domain, prefix)
            size_class = rng.choices(["小型", "中型", "微型", "大型", "小型企业", "中型企业"],
                                     weights=[46, 30, 14, 2, 5, 3])[0]
            company = Company(
                name=name, credit_code=reg.credit_code(area), province=province, city=city, district=district,
                contact=reg.person(), phone=reg.phone(phone_area), email=reg.email(reg.slug()), size=size_class,
                qualifications=_qualifications(rng), domain=domain,
                item_code_prefix=("P" + "".join(rng.choice("ABCDEFGHJKLMNPRSTUWXY") for _ in range(2)))
                if rng.random() < 0.12 else None,
            )
            out.append((company, chosen))
    return out


def _leader_ref(rng: random.Random, leader: Company) -> str:
    assert leader.leader is not None
    return leader.name if rng.random() < 0.7 else leader.leader.short


def _product_name(rng: random.Random, family: Family, variant: Variant, names: tuple[str, ...]) -> str:
    base = variant.name or rng.choice(names)
    if family.kind == "soft":
        if variant.name:
            return variant.name
        return f"{variant.part}{base}" if rng.random() < 0.6 else f"{base}（{variant.part}）"
    if family.kind == "grade" and not variant.name and rng.random() < 0.45:
        return f"{variant.part}{base}"
    if family.kind == "part" and rng.random() < 0.08:
        return f"{base} {variant.part}"
    return base


# Sentences that surround the technical content in real lists; numbers vary per row.
DEMAND_BOILERPLATE = (
    "需提供样件{n}套进行验证", "要求具备同步开发能力", "优先考虑本地配套", "交付周期≤{n}周", "要求年降{n}%",
    "需通过第二方审核", "需提供近三年供货业绩", "按月滚动下单，VMI寄售", "需提供材质证明及RoHS报告",
    "首批小批量{n}00件试装", "质保期不少于{n}年",
)
SUPPLY_BOILERPLATE = (
    "公司拥有自动化产线{n}条", "产品已配套国内多家主机厂", "可提供来图来样定制", "研发人员{n}0余人，拥有发明专利{n}项",
    "检测中心配备三坐标、光谱仪等设备", "可提供现场技术服务", "产品出口东南亚及欧洲", "与高校共建联合实验室",
    "交付周期{n}周以内", "通过客户二方审核",
)


def _boilerplate(rng: random.Random, pool: tuple[str, ...]) -> str:
    return "，".join(s.format(n=rng.randint(2, 9)) for s in rng.sample(pool, k=rng.randint(1, 2)))


def _clauses(rng: random.Random, spec: str) -> str:
    """Part of a technical phrase, as a supplier would restate it: the first clause and some of the rest."""
    clauses = [c for c in spec.split("，") if c]
    kept = [clauses[0], *[c for c in clauses[1:] if rng.random() < 0.6]]
    return "，".join(kept)


def _supply_description(rng: random.Random, family: Family, variant: Variant) -> str:
    spec = _clauses(rng, variant.spec)
    text = family.supply_desc.format(v=spec, p=variant.part)
    if family.kind != "soft" and rng.random() < 0.45:
        # the model is only in the 型号 column, not repeated in the description
        text = text.replace(f"（{variant.part}）", "")
        text = re.sub(r"[，、]?(?:可Pin-to-Pin替代|可替代|可直接替换|型号对标|对标|型号|图号|规格|牌号|料号|件号)?"
                      + re.escape(variant.part) + r"[，、]?", "，", text).strip("，")
    return text


def _fill_demands(rng: random.Random, demands: list[Demand]) -> None:
    counters: dict[str, int] = defaultdict(int)
    identities: dict[str, set[str]] = defaultdict(set)
    for demand in demands:
        family, variant, company = demand.family, demand.variant, demand.leader
        leader = company.leader
        assert leader is not None
        quantity = round_sig(rng.uniform(*family.quantity) * (1.6 if leader.chain.endswith("整车") else 1.0), 2)
        if family.unit in ("套", "台") and quantity < 100:
            quantity = max(1, round(quantity))
        demand.quantity = quantity
        name = messy_text(rng, _product_name(rng, family, variant, family.demand_names), rate=0.05, traditional=0.02)
        spec = family.demand_spec.format(v=variant.spec, p=variant.part)
        if rng.random() < 0.45:
            spec += "；" + _boilerplate(rng, DEMAND_BOILERPLATE)
        part_cell = ""
        if family.kind != "soft":
            if rng.random() < 0.1 and "{p}" in family.demand_spec:
                part_cell = ""  # the model is only in the technical requirement text
            else:
                part_cell = messy_part(rng, variant.part) if rng.random() < 0.25 else variant.part
        elif rng.random() < 0.15:
            part_cell = f"V{rng.randint(2, 6)}.{rng.randint(0, 9)}"
        # Two lines of one leader must stay two items for the import: same name and no model would merge them.
        identity = item_identity_key(name, split_part_numbers(part_cell))
        if identity in identities[company.name]:
            if family.kind == "soft":
                name = variant.name or f"{variant.part}{family.demand_names[0]}"
            else:
                part_cell = variant.part
            identity = item_identity_key(name, split_part_numbers(part_cell))
        if identity in identities[company.name]:
            raise RuntimeError(f"duplicate demand item for {company.name}: {name} {part_cell}")
        identities[company.name].add(identity)
        unit = family.unit
        if rng.random() < 0.5:
            unit_cell = {"千克": "kg", "米": "m"}.get(unit, unit) if rng.random() < 0.3 else unit
            qty_cell: object = int(quantity) if quantity == int(quantity) else quantity
        else:
            qty_cell = fmt_amount(quantity, unit)
            unit_cell = unit if rng.random() < 0.25 else ""
        counters[company.name] += 1
        code = ""
        if leader.item_code_prefix:
            code = f"{leader.item_code_prefix}{2025 if rng.random() < 0.7 else 2026}{counters[company.name]:04d}"
        certs = rng.sample(family.certs, k=rng.randint(1, len(family.certs))) if rng.random() < 0.85 else []
        if certs and "ISO 9001" not in certs and rng.random() < 0.3:
            certs.append("ISO 9001")
        status = rng.choices(["开放", "暂停", "关闭", "开放 "], weights=[82, 8, 6, 4])[0]
        valid_month = rng.randint(1, 12)
        valid = date(2027, valid_month, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][valid_month - 1])
        valid_cell: object = valid
        roll = rng.random()
        if roll < 0.12:
            valid_cell = valid.isoformat()
        elif roll < 0.18:
            valid_cell = f"{valid.year}/{valid.month}/{valid.day}"
        category = family.category
        if rng.random() < 0.05:
            category = CATEGORY_ALIASES[category]
        elif rng.random() < 0.03:
            category = category + " "
        demand.cells = {
            "需求编码": code,
            "需求类别": category,
            "产品名称": name,
            "技术要求": messy_text(rng, spec, rate=0.12, traditional=0.03),
            "规格型号": part_cell,
            "年需求量": qty_cell,
            "计量单位": unit_cell,
            "目标价格": fmt_price(rng, rng.uniform(*family.price), family.unit) if rng.random() < 0.75 else "",
            "认证要求": join_multi(rng, [messy_cert(rng, c) for c in certs]) if certs else "",
            "优先区域": rng.choices(["重庆市", "成渝地区", "", "不限", "重庆市 "], weights=[42, 35, 14, 5, 4])[0],
            "所属产业链": family.chain if rng.random() < 0.9 else "",
            "有效期至": valid_cell,
            "状态": status,
            "是否保密": rng.choices(["否", "是", ""], weights=[70, 11, 19])[0],
        }


def _fill_supplies(rng: random.Random, smes: list[tuple[Company, list[Slot]]],
                   leaders: list[Company]) -> list[Supply]:
    leaders_by_domain: dict[str, list[Company]] = defaultdict(list)
    for leader in leaders:
        assert leader.leader is not None
        for token in leader.leader.demands:
            leaders_by_domain[FAMILY_BY_KEY[token.partition(":")[0]].domain].append(leader)
    supplies: list[Supply] = []
    for company, slots in smes:
        identities: set[str] = set()
        for index, slot in enumerate(slots, start=1):
            family, variant = slot.family, slot.variant
            variants = [variant, *slot.extras]
            for _ in range(20):
                name = messy_text(rng, _product_name(rng, family, variant, family.supply_names),
                                  rate=0.06, traditional=0.02)
                if family.kind == "soft":
                    parts = [f"V{rng.randint(1, 9)}.{rng.randint(0, 9)}"] if rng.random() < 0.4 else []
                else:
                    parts = [messy_part(rng, v.part) if rng.random() < 0.3 else v.part for v in variants]
                identity = item_identity_key(name, parts)
                if identity not in identities:
                    break
            else:
                raise RuntimeError(f"cannot give {company.name} a distinct item for {family.key}")
            identities.add(identity)
            description = _supply_description(rng, family, variant)
            for extra in slot.extras:
                description += f"；另有{extra.part}（{_clauses(rng, extra.spec)}）"
            if rng.random() < 0.5:
                description += "。" + _boilerplate(rng, SUPPLY_BOILERPLATE)
            # Capacity: true suppliers mostly cover the demanded quantity, some fall short.
            if slot.true_for:
                need = max(d.quantity for d in slot.true_for)
                per_year = need * (rng.uniform(1.2, 6.0) if rng.random() < 0.85 else rng.uniform(0.3, 0.9))
            else:
                per_year = rng.uniform(*family.quantity) * rng.uniform(0.4, 4.0)
            if family.unit in ("套", "台") and per_year < 100:
                per_year = max(1, round(per_year))
            capacity = fmt_capacity(rng, per_year, family.unit) if rng.random() < 0.9 else ""
            if capacity and rng.random() < 0.04:
                capacity = fullwidth(capacity)
            certs = list(family.certs) if rng.random() < 0.6 else rng.sample(family.certs, k=1)
            if "ISO 9001" not in certs and rng.random() < 0.7:
                certs.append("ISO 9001")
            if rng.random() < 0.3:
                certs.append(rng.choice(["ISO 14001", "ISO 45001", "知识产权管理体系认证"]))
            if slot.true_for and rng.random() < 0.8:
                for demand in slot.true_for:
                    for cert in str(demand.cells["认证要求"]).replace("；", "、").split("、"):
                        plain = cert.strip()
                        if plain and plain in family.certs and plain not in certs:
                            certs.append(plain)
            named: list[Company] = []
            if slot.true_for and rng.random() < 0.55:
                named.append(rng.choice(slot.true_for).leader)
            if rng.random() < 0.45:
                candidates = [c for c in leaders_by_domain.get(family.domain, []) if c not in named]
                if candidates:
                    named.append(rng.choice(candidates))
            customers = [_leader_ref(rng, c) for c in named]
            if rng.random() < 0.06:
                customers.append(rng.choice(["其他主机厂", "川渝地区整车企业", "省外客户"]))
            category = family.category
            if rng.random() < 0.05:
                category = CATEGORY_ALIASES[category]
            status = "有效" if slot.true_for else rng.choices(["有效", "停用", ""], weights=[86, 4, 10])[0]
            if slot.true_for and rng.random() < 0.1:
                status = ""
            code = f"{company.item_code_prefix}-{index:03d}" if company.item_code_prefix else ""
            supply = Supply(company, slot, {
                "产品编码": code,
                "产品类别": category,
                "主导产品": name,
                "产品描述": messy_text(rng, description, rate=0.12, traditional=0.03),
                "型号": join_multi(rng, parts) if parts else "",
                "产能规模": capacity,
                "认证情况": join_multi(rng, [messy_cert(rng, c) for c in dict.fromkeys(certs)]),
                "拟配套对象": join_multi(rng, customers) if customers else "",
                "产业链": family.chain if rng.random() < 0.92 else "",
                "状态": status,
            })
            supplies.append(supply)
            for demand in slot.true_for:
                demand.true_suppliers.append(supply)
    return supplies


@dataclass
class DemoData:
    demand_rows: list[list[object]]
    supply_rows: list[list[object]]
    truth_rows: list[list[str]]


def build() -> DemoData:
    """The demo lists and the ground truth, as rows (deterministic)."""
    rng = random.Random(SEED)
    reg = Registry(rng)
    leaders = _leaders(reg)
    demands = _demands(rng, leaders)
    slots = _slots(rng, demands)
    smes = _smes(rng, reg, slots)
    _fill_demands(rng, demands)
    supplies = _fill_supplies(rng, smes, leaders)

    # Enterprise cells are typed once per enterprise (a stray space stays on all its rows); only the credit
    # code is retyped now and then, in a spelling that still normalises to the same code.
    typed: dict[str, list[object]] = {}

    def company_cells(c: Company, *, sme: bool) -> list[object]:
        if c.credit_code not in typed:
            cells: list[object] = [c.size] if sme else []
            cells += [c.province, c.city, messy_text(rng, c.district, rate=0.04)]
            if sme:
                cells.append(c.qualifications)
            cells += [c.contact, c.phone, c.email if rng.random() < 0.95 else f" {c.email}"]
            typed[c.credit_code] = cells
        code = c.credit_code
        if rng.random() < 0.015:
            code = code.lower() if rng.random() < 0.5 else f"{code} "
        return [c.name, code, *typed[c.credit_code]]

    demand_rows = []
    for demand in demands:
        cells = demand.cells
        demand_rows.append(company_cells(demand.leader, sme=False) + [cells[h] for h in DEMAND_HEADERS[8:]])
    supply_rows = []
    for supply in supplies:
        cells = supply.cells
        supply_rows.append(company_cells(supply.sme, sme=True) + [cells[h.strip()] for h in SUPPLY_HEADERS[10:]])
    truth_rows = []
    for demand in demands:
        for supply in demand.true_suppliers:
            truth_rows.append([
                demand.leader.credit_code, str(demand.cells["产品名称"]), str(demand.cells["规格型号"]),
                supply.sme.credit_code, str(supply.cells["主导产品"]), str(supply.cells["型号"]),
                str(demand.cells["需求编码"]), str(supply.cells["产品编码"]),
            ])
    return DemoData(demand_rows, supply_rows, truth_rows)


# --------------------------------------------------------------------------------------------- files
_FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)


def _write_xlsx(path: Path, sheet: str, headers: tuple[str, ...], rows: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    date_column = headers.index("有效期至") + 1 if "有效期至" in headers else None
    if date_column:
        for (cell,) in ws.iter_rows(min_row=2, min_col=date_column, max_col=date_column):
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    widths = {"企业名称": 34, "*企业名称": 34, "统一社会信用代码": 22, "技术要求": 60, "产品描述": 60,
              "产品名称": 24, "主导产品": 24, "拟配套对象": 30, "企业资质": 36}
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = widths.get(header.strip(), 14)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    # Re-pack with fixed timestamps so that rebuilding unchanged data gives identical bytes.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2025-01-01T00:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def write(data: DemoData) -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _write_xlsx(DEMAND_LIST, "需求清单", DEMAND_HEADERS, data.demand_rows)
    _write_xlsx(SUPPLY_LIST, "供给清单", SUPPLY_HEADERS, data.supply_rows)
    with DEMO_TRUTH.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TRUTH_HEADERS)
        writer.writerows(data.truth_rows)


def main() -> None:
    data = build()
    write(data)
    leaders = {normalise_credit_code(str(r[1])) for r in data.demand_rows}
    smes = {normalise_credit_code(str(r[1])) for r in data.supply_rows}
    covered = {(r[0], r[1], r[2]) for r in data.truth_rows}
    print(f"需求清单: {len(leaders)} 家链主企业, {len(data.demand_rows)} 条需求 → {DEMAND_LIST}")
    print(f"供给清单: {len(smes)} 家中小企业, {len(data.supply_rows)} 条供给 → {SUPPLY_LIST}")
    print(f"匹配真值: {len(data.truth_rows)} 行, 覆盖 {len(covered)} 条需求 → {DEMO_TRUTH}")


if __name__ == "__main__":
    main()
