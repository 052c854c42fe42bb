"""Build zh_bench: a Chinese labelled matching benchmark (demand.jsonl, supply.jsonl, gold.jsonl).

Run from the repository root:  .venv/bin/python tests/data/zh_bench/build.py

Deterministic (fixed seed), standard library only. The rows come from the hand-written catalogs in
catalog.py / distractors.py, rendered by the phrasing templates below (a procurement engineer's 需求清单
line on the demand side, an SME's 供给清单 line on the supply side), with the messes of real spreadsheets
applied at different rates on each side, plus the fully hand-written cases of hand_cases.py.
The gold supply rows of a demand row are every supply row that offers one of the variants it asks for.
README.md's statistics section is regenerated on each run.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from catalog import BRAND_ALIASES, CONFUSES, DOMAIN_LABELS, Family, Variant, confuser_families, core_families  # noqa: E402
from distractors import distractor_families  # noqa: E402
from hand_cases import HAND_CASES  # noqa: E402

SEED = 20250611
GENERATED_DEMAND = 270
TARGET_SUPPLY = 3300

# Probability of each mess on a generated row, per side. The two sides are deliberately different:
# buyers drop part numbers and write long requirement text; sellers add company names, full-width
# characters from Japanese/Taiwanese input methods, and list several models on one line.
DEMAND_P = {
    "fullwidth": 0.08, "traditional": 0.07, "stray_space": 0.08, "missing_space": 0.07, "separator": 0.16,
    "case": 0.10, "typo_char": 0.05, "typo_digit": 0.04, "missing_model": 0.13, "missing_description": 0.10,
    "long": 0.22, "english": 0.07, "spec_spelling": 0.12,
}
SUPPLY_P = {
    "fullwidth": 0.05, "traditional": 0.07, "stray_space": 0.07, "missing_space": 0.06, "separator": 0.14,
    "case": 0.08, "typo_char": 0.04, "missing_model": 0.07, "missing_description": 0.16, "long": 0.25,
    "company_suffix": 0.45, "english": 0.07, "spec_spelling": 0.12,
}

# Simplified → traditional, for the characters this corpus uses: produced once with OpenCC s2t, keeping only
# characters that OpenCC t2s maps back, then frozen here so the generator needs no third-party package.
S2T_PAIRS = (
    "万萬与與专專业業东東丝絲两兩个個丰豐为爲丽麗举舉义義乐樂乡鄉书書于於云雲亚亞产產亿億仅僅从從仑侖仓倉仪儀价價优優传傳体體余餘侧側储儲兰蘭关關兴興养養内內写寫农農冲衝净淨准準减減凯凱划劃刚剛创創删刪别別"
    "刹剎剂劑务務动動劳勞区區华華协協单單占佔卧臥却卻厂廠压壓厌厭县縣双雙发發变變台臺叶葉号號后後吕呂吨噸响響哑啞喷噴团團园園国國图圖圆圓场場块塊坚堅坝壩壳殼处處备備复復头頭夹夾奥奧学學宁寧宝寶实實宽寬对對"
    "导導寿壽将將尔爾尘塵层層属屬带帶干幹广廣庆慶床牀库庫应應开開异異弯彎强強录錄径徑态態总總恒恆悬懸惯慣户戶扑撲执執扬揚抛拋护護报報拟擬挂掛挤擠换換据據撑撐数數无無时時显顯术術机機权權杠槓条條来來极極构構"
    "柜櫃栅柵标標栈棧树樹样樣档檔桥橋桩樁检檢欢歡欧歐毂轂毕畢气氣汇匯汉漢沟溝测測济濟涂塗润潤渗滲温溫湾灣湿溼滚滾满滿滤濾滨濱潍濰灯燈炉爐点點炼煉烃烴烧燒热熱状狀玛瑪环環现現电電盐鹽监監盖蓋盘盤码碼础礎碱鹼"
    "离離种種称稱税稅稳穩简簡类類紧緊红紅纤纖约約级級纬緯纯純纱紗纲綱纳納纸紙纹紋纽紐线線组組细細织織终終经經结結绕繞给給络絡绝絕统統继繼维維绿綠缆纜编編缘緣缙縉缝縫缠纏缩縮网網罗羅群羣联聯胶膠脉脈脑腦脚腳"
    "腾騰舱艙艺藝节節荣榮莱萊营營蓝藍虑慮蜗蝸装裝见見规規视視觉覺触觸计計认認讯訊许許论論设設访訪证證词詞试試诚誠询詢该該诺諾读讀调調谐諧负負财財责責账賬货貨质質购購贴貼贸貿费費资資赐賜赛賽踪蹤车車轧軋轨軌"
    "轩軒转轉轮輪软軟轴軸轻輕载載辅輔辊輥辑輯输輸边邊达達过過运運还還这這进進远遠连連适適逻邏采採释釋针針钉釘钒釩钕釹钛鈦钠鈉钢鋼钣鈑钨鎢钳鉗钴鈷钻鑽钼鉬铁鐵铂鉑铃鈴铅鉛铆鉚铈鈰铜銅铝鋁铠鎧铣銑铬鉻铱銥银銀"
    "铸鑄铽鋱链鏈锁鎖锂鋰锈鏽锌鋅锐銳错錯锡錫锥錐锭錠锰錳锻鍛镀鍍镁鎂镇鎮镍鎳镜鏡镝鏑镧鑭镨鐠长長门門闭閉间間闸閘阀閥阳陽阴陰阵陣险險雾霧静靜韧韌项項顺順须須顿頓频頻颗顆额額颠顛风風飞飛饰飾马馬驰馳驱驅验驗"
    "骑騎鹰鷹黄黃齐齊齿齒龙龍"
)
S2T = {S2T_PAIRS[i]: S2T_PAIRS[i + 1] for i in range(0, len(S2T_PAIRS), 2)}

# One wrong character, as a pinyin input method produces it (same or near sound) or an eye misreads it.
TYPO_CHARS = {
    "块": "快", "型": "形", "器": "气", "控": "空", "制": "治", "接": "结", "承": "乘", "轴": "周", "伺": "司",
    "服": "福", "压": "亚", "变": "边", "频": "品", "传": "穿", "感": "敢", "连": "联", "显": "险", "屏": "平",
    "铝": "吕", "钢": "纲", "铜": "同", "涂": "途", "胶": "交", "剂": "济", "液": "夜", "溶": "熔", "稀": "希",
    "磁": "瓷", "线": "限", "束": "速", "池": "驰", "减": "检", "速": "素", "合": "和", "材": "才", "板": "版",
    "阀": "伐", "缸": "刚", "泵": "崩", "轮": "论", "盘": "攀", "统": "桶", "软": "阮", "件": "见", "芯": "心",
    "仿": "访", "真": "针", "链": "连", "滤": "虑", "胎": "台", "塑": "朔", "模": "摸", "漆": "柒", "粘": "沾",
}

DISTRICTS = ["渝北", "两江", "璧山", "永川", "江津", "九龙坡", "沙坪坝", "巴南", "北碚", "涪陵", "长寿", "綦江",
             "大足", "铜梁", "荣昌", "合川", "南岸", "江北", "万州", "潼南"]
TRADE_WORDS = ["鑫达", "精工", "创新", "华瑞", "恒通", "宏远", "瑞丰", "博远", "达昌", "科威", "泰和", "川渝", "嘉陵",
               "锐驰", "德润", "新源", "远航", "康特", "晟泰", "金凯", "中联", "智创", "海腾", "润通", "天勤", "益丰",
               "银河", "飞扬", "巨丰", "诚信", "利民", "永兴", "华茂", "信达", "长江", "山城", "雾都", "缙云"]
INDUSTRY_WORDS = {
    "automotive": ["汽车零部件", "汽车配件", "机械", "摩托车配件", "精密制造", "汽车电子"],
    "electronics": ["电子科技", "微电子", "半导体", "电子", "光电科技", "电子元器件"],
    "equipment": ["机电", "自动化设备", "精密机械", "智能装备", "传动设备", "液压机械", "机器人"],
    "materials": ["新材料", "铝业", "金属材料", "钢铁贸易", "铜业", "复合材料", "磁材"],
    "chemicals": ["化工", "精细化工", "涂料", "新能源材料", "化学品"],
    "software": ["软件", "信息技术", "智能科技", "数字科技", "工业互联网"],
}
SUFFIXES = ["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司", "集团有限公司"]
HONOURS = ["国家级专精特新“小巨人”企业", "重庆市专精特新中小企业", "国家高新技术企业", "市级企业技术中心",
           "重庆市“瞪羚”企业"]
CERTS = {
    "automotive": ["IATF 16949", "ISO 9001"], "electronics": ["ISO 9001", "IATF 16949"],
    "equipment": ["ISO 9001", "CE"], "materials": ["ISO 9001", "IATF 16949", "ISO 14001"],
    "chemicals": ["ISO 9001", "ISO 14001"], "software": ["CMMI 3级", "ISO 27001", "CMMI 5级"],
}
CUSTOMERS = ["长安汽车", "赛力斯", "长安福特", "庆铃汽车", "宗申动力", "隆鑫通用", "京东方", "重庆川仪", "重庆机床集团",
             "华润微电子", "SK海力士", "小康股份", "长安深蓝", "阿维塔", "重庆钢铁", "康明斯", "潍柴", "达丰电脑"]
REQUIREMENTS = ["原厂正品，可提供原厂证明", "提供材质证明书", "提供PPAP资料", "满足RoHS/REACH", "批次可追溯",
                "提供第三方检测报告", "48小时内响应", "送货至两江新区工厂", "含税含运费", "免费提供样品",
                "支持VMI寄售", "账期90天"]
SUPPLY_ADJ = ["高性能", "高精度", "国产", "工业级", "优质", "定制", "现货", "进口"]
# Ways people spell the same specification differently (× or *, Φ or 直径, 英寸 or 寸 …).
SPEC_SPELLINGS = [("×", "*"), ("×", "x"), ("×", "X"), ("Φ", "φ"), ("Φ", "直径"), ("英寸", "寸"), ("英寸", '"'),
                  ("mm", "毫米"), ("≥", ">="), ("℃", "度"), ("~", "-"), ("kW", "KW"), ("μm", "um"), ("mΩ", "毫欧")]
DEMAND_JOINERS = [" ", "，", "；", "/", " "]
SUPPLY_JOINERS = [" ", "，", "、", " | ", " "]


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _traditional(text: str) -> str:
    return "".join(S2T.get(c, c) for c in text)


def _squash(text: str) -> str:
    return re.sub(r"[\s\-_/.·]", "", text).upper()


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


class Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.supply: list[dict] = []  # {"row", "covers": set of variant keys, "tags", "domain", "family"}
        self.demand: list[dict] = []  # {"row", "wants": set of variant keys, "tags", "domain", "hand", "gold"}
        self.companies: list[tuple[str, str, str]] = []  # (full name, short trade name, domain)

    # ------------------------------------------------------------------ small helpers
    def company(self, domain: str) -> tuple[str, str]:
        r = self.rng
        word = r.choice(TRADE_WORDS)
        district = r.choice(DISTRICTS) if r.random() < 0.6 else ""
        full = f"重庆{district}{word}{r.choice(INDUSTRY_WORDS[domain])}{r.choice(SUFFIXES)}"
        return full, word

    def brand_text(self, brand: str) -> str:
        aliases = BRAND_ALIASES.get(brand, (brand,))
        return aliases[0] if self.rng.random() < 0.55 else self.rng.choice(aliases)

    def spec_text(self, spec: tuple[str, ...], side: str, full: bool) -> str:
        r = self.rng
        phrases = list(spec)
        if not full and len(phrases) > 1:
            phrases = r.sample(phrases, r.randint(1, len(phrases)))
        elif r.random() < 0.3:
            r.shuffle(phrases)
        return r.choice(DEMAND_JOINERS if side == "demand" else SUPPLY_JOINERS).join(phrases)

    def separator_mess(self, model: str) -> str:
        r = self.rng
        if re.search(r"[-/ ]", model):
            seps = [m.start() for m in re.finditer(r"[- ]", model)]
            if seps:
                i = r.choice(seps)
                repl = r.choice(["", " ", "-", "_", " - "])
                if repl == model[i]:
                    repl = ""
                return model[:i] + repl + model[i + 1:]
        bounds = [i for i in range(1, len(model))
                  if model[i - 1].isalnum() and model[i].isalnum() and model[i - 1].isdigit() != model[i].isdigit()]
        if not bounds:
            return model
        i = r.choice(bounds)
        return model[:i] + r.choice(["-", " ", "-"]) + model[i:]

    def typo_digit(self, model: str, family_models: set[str]) -> str | None:
        spots = [i for i in range(len(model) - 1)
                 if model[i].isdigit() and model[i + 1].isdigit() and model[i] != model[i + 1]]
        self.rng.shuffle(spots)
        for i in spots:
            wrong = model[:i] + model[i + 1] + model[i] + model[i + 2:]
            if _squash(wrong) not in family_models:
                return wrong
        return None

    def typo_char(self, name: str) -> str | None:
        spots = [i for i, c in enumerate(name) if c in TYPO_CHARS]
        if not spots:
            return None
        i = self.rng.choice(spots)
        return name[:i] + TYPO_CHARS[name[i]] + name[i + 1:]

    def stray_space(self, text: str) -> str:
        r = self.rng
        kind = r.randrange(4)
        if kind == 0:
            return " " + text
        if kind == 1:
            return text + r.choice([" ", "  "])
        spots = [i for i in range(1, len(text)) if _is_cjk(text[i - 1]) and _is_cjk(text[i])]
        if not spots:
            return text.replace(" ", "  ", 1) if " " in text else text + " "
        i = r.choice(spots)
        return text[:i] + ("  " if kind == 2 else "\u3000") + text[i:]

    # ------------------------------------------------------------------ demand side
    def demand_row(self, fam: Family, variants: list[Variant], spec_unique: bool) -> tuple[dict, list[str], str]:
        r, p = self.rng, DEMAND_P
        v = variants[0]
        tags: list[str] = []
        names = v.names or fam.names
        name = names[0] if r.random() < 0.5 else r.choice(names)
        chosen_name = name
        model = "；".join(x.model for x in variants) if v.model else ""
        if len(variants) > 1:
            tags.append("multi_model")
        family_models = {_squash(x.model) for x in fam.variants if x.model}

        model_in_field = bool(model)
        model_in_name = False
        model_correct = True
        if model and len(variants) == 1 and r.random() < p["missing_model"]:
            tags.append("missing_model")
            model_in_field = False
            if not spec_unique or not fam.model_identifies and r.random() < 0.5:
                model_in_name = True  # a grade cannot go missing: it moves into the name
        if model_in_field and len(variants) == 1 and r.random() < p["typo_digit"]:
            wrong = self.typo_digit(model, family_models)
            if wrong and spec_unique:
                model, model_correct = wrong, False
                tags.append("typo_digit")

        needs_full_spec = not fam.model_identifies or not model or not model_correct or (
            not model_in_field and not model_in_name)
        brand = self.brand_text(v.brand) if v.brand and r.random() < 0.55 else ""
        if brand and len(variants) > 1:
            brand = ""

        form = r.random()
        if model_in_name:
            name = f"{model}{name}" if r.random() < 0.5 else f"{name} {model}"
        elif form < 0.15 and v.spec:
            name = f"{name} {v.spec[0]}"
        elif form < 0.25 and v.brand:
            name = f"{self.brand_text(v.brand)}{name}"
        elif form < 0.35 and model_in_field and len(variants) == 1:
            name = f"{name} {model}"

        use = r.choice(fam.uses)
        description = ""
        missing_description = r.random() < p["missing_description"]
        if missing_description:
            tags.append("missing_description")
            if needs_full_spec:
                name = f"{name} {self.spec_text(v.spec, 'demand', True)}"
        else:
            spec = self.spec_text(v.spec, "demand", needs_full_spec or r.random() < 0.4)
            if r.random() < p["long"]:
                tags.append("long")
                reqs = r.sample(REQUIREMENTS, 2)
                description = (f"技术要求：{spec}；应用于{use}；年需求量约{r.choice([2, 5, 10, 20, 50, 120])}"
                               f"{'万' if fam.unit in '只片支件套' and r.random() < 0.5 else ''}{fam.unit}，"
                               f"分{r.randint(2, 12)}批交付；要求{reqs[0]}，{reqs[1]}；"
                               f"供应商须通过{r.choice(CERTS[fam.domain])}认证。")
            else:
                description = r.choice([
                    "{spec}", "{spec}，用于{use}", "规格：{spec}", "{spec}；{req}", "{use}用，{spec}",
                ]).format(spec=spec, use=use, req=r.choice(REQUIREMENTS))

        if r.random() < p["english"]:
            tags.append("english")
            name = r.choice([f"{fam.en} {name}", f"{name}（{fam.en}）", f"{name} {fam.en}"])

        row = {"name": name}
        if description:
            row["description"] = description
        if model_in_field:
            row["model"] = model
        if brand:
            row["brand"] = brand
        row["category"] = fam.category
        self.surface_messes(row, tags, p, allow_missing_space=len(variants) == 1)
        return row, tags, chosen_name

    # ------------------------------------------------------------------ supply side
    def supply_row(self, fam: Family, variants: list[Variant], spec_unique: bool) -> tuple[dict, list[str], str]:
        r, p = self.rng, SUPPLY_P
        v = variants[0]
        tags: list[str] = []
        names = v.names or fam.names
        name = r.choice(names)
        chosen_name = name
        company, trade = self.company(fam.domain)
        multi = len(variants) > 1
        model = "；".join(x.model for x in variants) if v.model else ""
        if multi:
            tags.append("multi_model")

        model_in_field = bool(model)
        if model and not multi and spec_unique and fam.model_identifies and r.random() < p["missing_model"]:
            tags.append("missing_model")
            model_in_field = False
        needs_full_spec = not multi and (not fam.model_identifies or not model or not model_in_field)

        brand = ""
        if v.brand and r.random() < 0.7:
            brand = self.brand_text(v.brand)
        elif not v.brand and r.random() < 0.25:
            brand = trade

        form = r.random()
        if multi:
            name = f"{name}系列" if r.random() < 0.5 else f"{self.brand_text(v.brand) if v.brand else ''}{name}"
        elif form < 0.15:
            name = f"{r.choice(SUPPLY_ADJ)}{name}"
        elif form < 0.28 and v.brand:
            name = f"{self.brand_text(v.brand)}{name}"
        elif form < 0.42 and model_in_field:
            name = r.choice([f"{name} {model}", f"{model} {name}"])
        elif form < 0.5 and v.spec:
            name = f"{name}（{v.spec[0]}）"

        description = ""
        with_company = r.random() < p["company_suffix"]
        if not multi and r.random() < p["missing_description"]:
            tags.append("missing_description")
            with_company = False
            if needs_full_spec:
                name = f"{name} {self.spec_text(v.spec, 'supply', True)}"
        else:
            if multi:
                spec = "多型号：" + "/".join(x.model for x in variants) + "，现货库存"
            else:
                spec = self.spec_text(v.spec, "supply", needs_full_spec or r.random() < 0.5)
            cap = f"{r.choice([1, 2, 3, 5, 8, 10, 20, 50, 100, 300])}{'万' if r.random() < 0.5 else ''}{fam.unit}"
            cust = "、".join(r.sample(CUSTOMERS, r.randint(1, 3)))
            if r.random() < p["long"]:
                tags.append("long")
                with_company = with_company or r.random() < 0.6
                who = company if with_company else "我司"
                description = r.choice([
                    "{who}成立于{year}年，{honour}，专业从事{name}研发与生产，{spec}，年产能{cap}，通过{cert}认证，"
                    "产品已批量配套{cust}。",
                    "{who}主导产品：{name}，{spec}；现有{lines}条产线，年产能{cap}；{honour}；拟配套{cust}。",
                    "{note}{spec}。{who}，{honour}，可提供样品及技术支持，支持小批量定制，{cert}体系运行多年。",
                ]).format(who=who, year=r.randint(1998, 2021), honour=r.choice(HONOURS), name=chosen_name,
                          spec=spec, cap=cap, cert=r.choice(CERTS[fam.domain]), cust=cust, lines=r.randint(2, 9),
                          note=f"{fam.vendor_note}{self.brand_text(v.brand)}，" if fam.vendor_note and v.brand else "")
            else:
                description = r.choice([
                    "{spec}", "{spec}，年产能{cap}", "主营{name}，{spec}", "{spec}，可配套{cust}", "{spec}，现货供应",
                ]).format(spec=spec, cap=cap, name=chosen_name, cust=cust)
                if with_company:
                    description = r.choice([f"{company}：{description}", f"{description}（{company}）",
                                            f"供应商{company}，{description}"])
        if with_company and description:
            tags.append("company_suffix")

        if r.random() < p["english"]:
            tags.append("english")
            name = r.choice([f"{name} {fam.en}", f"{fam.en[0].upper()}{fam.en[1:]} {name}", f"{name}/{fam.en}"])

        row = {"name": name}
        if description:
            row["description"] = description
        if model_in_field:
            row["model"] = model
        if brand:
            row["brand"] = brand
        if r.random() < 0.92:
            row["category"] = fam.category
        self.surface_messes(row, tags, p, allow_missing_space=not multi)
        return row, tags, chosen_name

    def vague_supply_row(self, fam: Family) -> dict:
        """A catch-all line ('各型号…可来图定制') with no part number: realistic, never the best answer."""
        r = self.rng
        company, _ = self.company(fam.domain)
        name = r.choice(fam.names)
        row = {"name": r.choice([f"各类{name}", f"{name}（多规格）", f"{name} 全系列"]),
               "description": r.choice([f"{company}，可按图纸/样品定制{name}，欢迎询价",
                                        f"代理多品牌{name}，型号齐全，{company}",
                                        f"主营{name}，规格齐全，支持来样加工"]),
               "category": fam.category}
        return row

    # ------------------------------------------------------------------ messes applied to the surface text
    def surface_messes(self, row: dict, tags: list[str], p: dict, allow_missing_space: bool) -> None:
        r = self.rng
        if "model" in row and r.random() < p["separator"]:
            messy = self.separator_mess(row["model"])
            if messy != row["model"] and "；" not in row["model"]:
                row["model"] = messy
                tags.append("separator")
        if "model" in row and r.random() < p["case"] and row["model"].lower() != row["model"]:
            row["model"] = row["model"].lower()
            tags.append("case")
        if r.random() < p["typo_char"]:
            wrong = self.typo_char(row["name"])
            if wrong:
                row["name"] = wrong
                tags.append("typo_char")
        if allow_missing_space and r.random() < p["missing_space"]:
            if "model" in row and row["model"] not in row["name"]:
                glued = re.sub(r"(?<=[\u4e00-\u9fff]) +| +(?=[\u4e00-\u9fff])", "", row["name"].strip())
                row["name"] = glued + row.pop("model")
                tags.append("missing_space")
            elif re.search(r"[\u4e00-\u9fff] | [\u4e00-\u9fff]", row.get("description", "")):
                row["description"] = re.sub(r"(?<=[\u4e00-\u9fff]) +| +(?=[\u4e00-\u9fff])", "", row["description"])
                tags.append("missing_space")
        if r.random() < p["fullwidth"]:
            if "model" in row:
                row["model"] = _fullwidth(row["model"])
                tags.append("fullwidth")
            elif re.search(r"[A-Za-z0-9]", row["name"]):
                row["name"] = re.sub(r"[A-Za-z0-9][A-Za-z0-9\-./]*", lambda m: _fullwidth(m.group()), row["name"])
                tags.append("fullwidth")
        if r.random() < p["traditional"]:
            before = (row["name"], row.get("description", ""))
            row["name"] = _traditional(row["name"])
            if "description" in row and r.random() < 0.8:
                row["description"] = _traditional(row["description"])
            if before != (row["name"], row.get("description", "")):
                tags.append("traditional")
        if r.random() < p["spec_spelling"]:
            field = "description" if "description" in row else "name"
            options = [(a, b) for a, b in SPEC_SPELLINGS if a in row[field]]
            if options:
                a, b = r.choice(options)
                row[field] = row[field].replace(a, b)
                tags.append("spec_spelling")
        if r.random() < p["stray_space"]:
            row["name"] = self.stray_space(row["name"])
            tags.append("stray_space")

    # ------------------------------------------------------------------ assembly
    def build(self) -> None:
        r = self.rng
        core = core_families()
        confusers = confuser_families()
        distractors = distractor_families()
        families = core + confusers + distractors
        keyed: dict[str, tuple[Family, Variant]] = {}
        spec_unique: dict[str, bool] = {}
        for fam in families:
            specs = [v.spec for v in fam.variants]
            pairs = [(v.model, v.spec) for v in fam.variants]
            assert len(set(pairs)) == len(pairs), f"duplicate variant in {fam.key}"
            spec_unique[fam.key] = len(set(specs)) == len(specs)
            if fam.model_identifies and fam.role != "distractor":
                models = [_squash(v.model) for v in fam.variants]
                assert len(set(models)) == len(models), f"duplicate model in {fam.key}"
                assert spec_unique[fam.key], f"{fam.key}: a part-number family needs distinct specs"
            if not any(v.model for v in fam.variants) and fam.role != "distractor":
                assert spec_unique[fam.key], f"{fam.key}: no part numbers, so specs must differ"
            for i, v in enumerate(fam.variants):
                keyed[f"{fam.key}:{i}"] = (fam, v)
        self._check_hand_models(core + confusers)

        # Demand: spread over the demandable families, at most 60% of a family's variants (min 1), so every
        # demanded variant keeps undemanded siblings in the pool.
        demandable = [f for f in core + confusers]
        quota = {f.key: max(1, min(10, round(len(f.variants) * 0.6))) for f in demandable}
        pools = {f.key: r.sample(range(len(f.variants)), len(f.variants)) for f in demandable}
        wanted: list[tuple[Family, list[int]]] = []
        taken: set[str] = set()
        order = demandable[:]
        while len(wanted) < GENERATED_DEMAND:
            r.shuffle(order)
            progressed = False
            for fam in order:
                if len(wanted) >= GENERATED_DEMAND:
                    break
                if quota[fam.key] <= 0 or not pools[fam.key]:
                    continue
                if fam.role == "confuser" and r.random() < 0.5:
                    continue
                i = pools[fam.key].pop()
                if f"{fam.key}:{i}" in taken:
                    continue
                picked = [i]
                v = fam.variants[i]
                for group in fam.alternates:
                    if v.model in group and r.random() < 0.7:
                        others = [j for j, x in enumerate(fam.variants) if x.model in group and j != i
                                  and f"{fam.key}:{j}" not in taken]
                        picked += others
                for j in picked:
                    taken.add(f"{fam.key}:{j}")
                wanted.append((fam, picked))
                quota[fam.key] -= 1
                progressed = True
            if not progressed:
                raise SystemExit("not enough demandable variants for GENERATED_DEMAND")

        for fam, picked in wanted:
            row, tags, chosen = self.demand_row(fam, [fam.variants[i] for i in picked], spec_unique[fam.key])
            self.demand.append({"row": row, "wants": {f"{fam.key}:{i}" for i in picked}, "tags": tags,
                                "domain": fam.domain, "hand": False, "chosen_name": chosen, "family": fam.key})

        # Supply: every variant of a demandable family is offered; demanded ones 1-3 times (gold), the
        # others once or twice (the same-family hard negatives).
        for fam in core + confusers:
            for i in range(len(fam.variants)):
                key = f"{fam.key}:{i}"
                if key in taken:
                    n = r.choices([1, 2, 3], weights=[82, 13, 5])[0]
                else:
                    n = r.choices([1, 2, 3], weights=[45, 40, 15])[0]
                for _ in range(n):
                    self.add_supply(fam, [i], spec_unique[fam.key])
            if fam.model_identifies and len(fam.variants) >= 4 and all(v.model for v in fam.variants):
                for _ in range(r.choice([0, 0, 1, 1, 2])):
                    picked = r.sample(range(len(fam.variants)), r.choice([2, 3, 3, 4]))
                    self.add_supply(fam, picked, spec_unique[fam.key])
            if r.random() < 0.35:
                self.supply.append({"row": self.vague_supply_row(fam), "covers": set(), "tags": ["vague"],
                                    "domain": fam.domain, "family": fam.key, "chosen_name": ""})

        self.add_hand_cases()

        # Distractors: every variant once, then more lines until the pool has TARGET_SUPPLY rows.
        for fam in distractors:
            for i in range(len(fam.variants)):
                self.add_supply(fam, [i], spec_unique[fam.key])
        while len(self.supply) < TARGET_SUPPLY:
            fam = r.choice(distractors)
            self.add_supply(fam, [r.randrange(len(fam.variants))], spec_unique[fam.key])

    def add_supply(self, fam: Family, picked: list[int], spec_unique: bool) -> None:
        row, tags, chosen = self.supply_row(fam, [fam.variants[i] for i in picked], spec_unique)
        self.supply.append({"row": row, "covers": {f"{fam.key}:{i}" for i in picked}, "tags": tags,
                            "domain": fam.domain, "family": fam.key, "chosen_name": chosen})

    def add_hand_cases(self) -> None:
        for n, case in enumerate(HAND_CASES):
            key = f"hand:{n}"
            domain = _hand_domain(case)
            self.demand.append({"row": dict(case["demand"]), "wants": {key}, "tags": list(case["tags"]),
                                "domain": domain, "hand": True, "chosen_name": "", "family": key})
            for g in case["gold"]:
                self.supply.append({"row": dict(g), "covers": {key}, "tags": ["hand"], "domain": domain,
                                    "family": key, "chosen_name": ""})
            for j, neg in enumerate(case["neg"]):
                self.supply.append({"row": dict(neg), "covers": {f"{key}:neg{j}"}, "tags": ["hand"],
                                    "domain": domain, "family": key, "chosen_name": ""})

    @staticmethod
    def _check_hand_models(families: list[Family]) -> None:
        """A hand-written row must not offer a part number that the generated catalog demands."""
        catalog = {_squash(v.model) for f in families if f.model_identifies for v in f.variants if v.model}
        seen: dict[str, int] = {}
        for n, case in enumerate(HAND_CASES):
            if case["demand"].get("category") == "raw_material":
                continue  # grades (Q355B, 45#) recur across products; those rows differ by product and spec
            for row in [case["demand"], *case["gold"], *case["neg"]]:
                for m in row.get("model", "").split("；"):
                    sq = _squash(_nfkc_ascii(m))
                    if not sq:
                        continue
                    assert sq not in catalog, f"hand case {n} reuses catalog part number {m}"
                    assert seen.setdefault(sq, n) == n, f"hand case {n} reuses part number {m} of case {seen[sq]}"

    # ------------------------------------------------------------------ output
    def write(self, out: Path) -> dict:
        r = self.rng
        r.shuffle(self.supply)
        r.shuffle(self.demand)
        sid = {}
        for n, s in enumerate(self.supply, start=1):
            s["id"] = f"S{n:05d}"
        for n, d in enumerate(self.demand, start=1):
            d["id"] = f"D{n:04d}"
        by_variant = defaultdict(list)
        for s in self.supply:
            for key in s["covers"]:
                by_variant[key].append(s)
            sid[s["id"]] = s
        gold_lines = []
        for d in self.demand:
            gold = sorted({s["id"] for key in d["wants"] for s in by_variant[key]})
            assert gold, f"demand without gold: {d['row']}"
            d["gold"] = gold
            gold_lines.extend({"demand_id": d["id"], "supply_id": g} for g in gold)

        def dump(path: Path, rows: list[dict]) -> None:
            with path.open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")

        dump(out / "supply.jsonl", [_ordered(s["id"], s["row"]) for s in self.supply])
        dump(out / "demand.jsonl", [_ordered(d["id"], d["row"]) for d in self.demand])
        dump(out / "gold.jsonl", gold_lines)
        return self.stats(sid)

    def stats(self, sid: dict) -> dict:
        demand_tags: Counter = Counter()
        supply_tags: Counter = Counter()
        pair_tags: Counter = Counter()
        hand_tags: Counter = Counter()
        partners: dict[str, set[str]] = defaultdict(set)
        for a, bs in CONFUSES.items():
            for b in bs:
                partners[a].add(b)
                partners[b].add(a)
        families_in_pool: dict[str, list[dict]] = defaultdict(list)
        for s in self.supply:
            if s["covers"]:
                families_in_pool[s["family"]].append(s)
        for d in self.demand:
            if d["hand"]:
                hand_tags.update(set(d["tags"]))
                continue
            demand_tags.update(set(d["tags"]))
            found: set[str] = set()
            for g in d["gold"]:
                s = sid[g]
                if d["chosen_name"] and s["chosen_name"] and d["chosen_name"] != s["chosen_name"]:
                    found.add("synonym")
                    if re.search(r"[A-Za-z]{2,}", d["chosen_name"] + s["chosen_name"]) and (
                            bool(re.search(r"[A-Za-z]{2,}", d["chosen_name"]))
                            != bool(re.search(r"[A-Za-z]{2,}", s["chosen_name"]))):
                        found.add("abbreviation")
                db, sb = d["row"].get("brand"), s["row"].get("brand")
                if db and sb and db != sb:
                    found.add("brand_alias")
                dl, sl = _text_len(d["row"]), _text_len(s["row"])
                if max(dl, sl) >= 4 * min(dl, sl):
                    found.add("long_vs_bare")
            if any(s["id"] not in d["gold"] for s in families_in_pool[d["family"]]):
                found.add("same_family")
            if any(families_in_pool[f] for f in partners[d["family"]]):
                found.add("category_confuser")
            pair_tags.update(found)
        for s in self.supply:
            if "hand" not in s["tags"]:
                supply_tags.update(set(s["tags"]))
        per_domain_demand = Counter(d["domain"] for d in self.demand)
        per_domain_supply = Counter(s["domain"] for s in self.supply)
        gold_sizes = Counter(len(d["gold"]) for d in self.demand)
        return {
            "demand": len(self.demand), "supply": len(self.supply),
            "gold": sum(len(d["gold"]) for d in self.demand),
            "hand_cases": sum(1 for d in self.demand if d["hand"]),
            "per_domain_demand": per_domain_demand, "per_domain_supply": per_domain_supply,
            "demand_tags": demand_tags, "supply_tags": supply_tags, "pair_tags": pair_tags, "hand_tags": hand_tags,
            "gold_sizes": gold_sizes,
            "categories_demand": Counter(d["row"].get("category", "—") for d in self.demand),
            "categories_supply": Counter(s["row"].get("category", "—") for s in self.supply),
            "roles_supply": Counter(_role_of(s) for s in self.supply),
        }


def _role_of(s: dict) -> str:
    if "hand" in s["tags"]:
        return "hand-written"
    if "vague" in s["tags"]:
        return "catch-all line"
    return s["family"]


def _nfkc_ascii(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)


def _text_len(row: dict) -> int:
    return sum(len(row.get(k, "")) for k in ("name", "description", "model"))


def _ordered(row_id: str, row: dict) -> dict:
    out = {"id": row_id}
    for key in ("name", "description", "model", "brand", "category"):
        if key in row:
            out[key] = row[key]
    return out


def _hand_domain(case: dict) -> str:
    text = json.dumps(case, ensure_ascii=False)
    cat = case["demand"].get("category")
    if cat == "software":
        return "software"
    rules = [("automotive", ("汽车", "摩托", "制动", "后视镜", "座椅", "注射件", "线缆总成", "机滤", "火花塞", "壓鑄")),
             ("electronics", ("IGBT", "单片机", "MCU", "传感器", "液晶", "接插件", "PCB", "锂电池", "鋰電池", "连接器")),
             ("chemicals", ("电解液", "异丙醇", "胶", "抗氧剂", "二甲基", "涂料", "電泳", "膠")),
             ("materials", ("钢", "鋼", "铜", "铝棒", "尼龙", "碳纤维", "磁", "釹", "氧化镧", "不锈钢"))]
    for domain, words in rules:
        if any(w in case["demand"]["name"] for w in words):
            return domain
    for domain, words in rules:
        if any(w in text for w in words):
            return domain
    return "equipment"


MESS_LABELS = [
    ("fullwidth", "全角字符 (ＳＴＭ３２)"), ("traditional", "繁体字 (鋁合金型材)"), ("stray_space", "多余空格/全角空格"),
    ("missing_space", "缺空格 (型号粘连名称)"), ("separator", "型号内分隔符增删 (FF450R12-ME4, 6061 T6)"),
    ("case", "大小写 (stm32f103c8t6)"), ("typo_char", "错别字 (司服电机)"), ("typo_digit", "数字颠倒 (型号)"),
    ("missing_model", "缺型号字段"), ("missing_description", "缺描述字段"), ("long", "长描述"),
    ("company_suffix", "描述含公司全称 (…有限公司)"), ("english", "中英混写"), ("multi_model", "一行多型号 (；分隔)"),
    ("synonym", "同义词/别称 (伺服电机/伺服马达)"), ("abbreviation", "缩写 (PLC/可编程控制器)"),
    ("brand_alias", "品牌写法不同 (英飞凌/Infineon)"), ("long_vs_bare", "一边长描述一边光名称 (≥4倍长度)"),
    ("spec_spelling", "规格写法不同 (×/*、寸/英寸)"), ("category_confuser", "同词异类负例 (MES软件/MES服务器)"),
    ("same_family", "同系列不同型号负例"),
]


def stats_markdown(st: dict) -> str:
    lines = [f"- demand rows: **{st['demand']}** ({st['hand_cases']} hand-written), supply rows: **{st['supply']}**, "
             f"gold pairs: **{st['gold']}**",
             "- gold suppliers per demand row: " + ", ".join(f"{k}: {v}" for k, v in sorted(st["gold_sizes"].items())),
             "- categories, demand: " + ", ".join(f"{k} {v}" for k, v in sorted(st["categories_demand"].items()))
             + "; supply: " + ", ".join(f"{k} {v}" for k, v in sorted(st["categories_supply"].items())),
             "", "| domain | demand rows | supply rows |", "|---|---|---|"]
    for key, label in DOMAIN_LABELS.items():
        lines.append(f"| {label} ({key}) | {st['per_domain_demand'].get(key, 0)} | {st['per_domain_supply'].get(key, 0)} |")
    lines += ["", "Mess counts. The first two columns count generated rows the generator applied the mess to; *pair-level* "
              "counts generated demand rows with at least one gold pair (or, for the two negative kinds, one non-gold "
              "supply row) showing it; *hand cases* counts hand-written cases tagged with it.", "",
              "| mess | generated demand rows | generated supply rows | pair-level (generated demand rows) | hand cases |",
              "|---|---|---|---|---|"]
    pair_level = {"synonym", "abbreviation", "brand_alias", "long_vs_bare", "same_family", "category_confuser"}
    for key, label in MESS_LABELS:
        if key in pair_level:
            row = f"— | — | {st['pair_tags'].get(key, 0)}"
        else:
            row = f"{st['demand_tags'].get(key, 0)} | {st['supply_tags'].get(key, 0)} | —"
        lines.append(f"| {label} `{key}` | {row} | {st['hand_tags'].get(key, 0)} |")
    return "\n".join(lines)


def update_readme(path: Path, block: str) -> None:
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- stats:start -->", "<!-- stats:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        path.write_text(f"{head}{start}\n{block}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    builder = Builder(SEED)
    builder.build()
    st = builder.write(HERE)
    block = stats_markdown(st)
    update_readme(HERE / "README.md", block)
    print(block)


if __name__ == "__main__":
    main()
