"""Build the zh_bench_b test set: demand.jsonl, supply.jsonl, gold.jsonl (standard library only, fixed seed).

    python tests/data/zh_bench_b/build.py        # rewrites the three files and the statistics in README.md

Gold is decided by variant identity: a supply row is gold for a demand row when it offers one of the variants
the demand row accepts (see catalog_b.py and README.md). Catch-all lines, confusers and distractors offer no
variant and are never gold.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from catalog_b import BRAND_ALIAS, FAMILIES, F, V  # noqa: E402
from distractors_b import DISTRACTORS  # noqa: E402

SEED = 20261205

IND = {  # industry -> (company words, certificates, customers, applications)
    "电力装备": ("电气/电力设备/电缆/输配电设备", "ISO9001/ISO14001/ISO45001/CCC/国网供应商资质",
             "国网重庆市电力公司/南方电网/中国电建/重庆两江新区开发建设单位", "园区10kV配电工程/光伏电站升压站/厂区配电房改造"),
    "轨道交通": ("轨道交通装备/摩擦材料/铁路器材", "IRIS铁路行业质量体系/CRCC/ISO9001",
             "中国中车/重庆轨道交通集团/成都局集团/国铁集团", "动车组三级修/地铁车辆架修/线路大修"),
    "医疗器械零部件": ("医疗器械/医用材料/医疗科技", "ISO13485/医疗器械生产许可证/ISO9001",
                "迈瑞/鱼跃/威高/山外山", "监护仪配套/输液器产线/血透设备配套"),
    "食品/制药装备": ("流体设备/不锈钢制品/包装机械/药用包装", "ISO9001/3A/CE/药包材登记",
                 "太极集团/华润双鹤/伊利/娃哈哈/重庆啤酒", "口服液车间改造/乳品生产线/无菌制剂车间"),
    "光伏/储能": ("新能源科技/光电/储能科技", "ISO9001/TÜV/CQC/UL",
              "隆基/通威/国家电投/三峡能源/赣锋锂电", "屋顶分布式光伏项目/储能电站/组件产线"),
    "家电零部件": ("电器配件/机电/电器科技", "ISO9001/CQC/UL/VDE",
              "美的/格力/海尔/奥克斯/长虹", "空调产线/冰箱产线/热水器产线"),
    "纺织与包装材料": ("包装材料/无纺布/纸业/化纤", "ISO9001/FSC/QS/GRS",
                "涪陵榨菜/康师傅/宗申/重庆啤酒/稳健医疗", "成品包装/卫材产线/出口包装"),
    "建材/玻璃": ("玻璃/建材/新型建材", "ISO9001/3C/绿色建材认证",
              "中建/中冶/龙湖/金科/隆基", "厂房改扩建/组件产线/办公楼幕墙"),
    "仪器仪表": ("自动化仪表/测控技术/仪器仪表", "ISO9001/防爆合格证/CPA计量器具型式批准",
             "川维化工/重庆水务/万州盐化/长安汽车", "污水处理站/蒸汽管网改造/储罐区"),
    "船舶/工程机械": ("船舶配件/工程机械配件/机械设备", "ISO9001/CCS工厂认可/BV",
                "三一/徐工/柳工/长航集团/重庆川东船舶", "挖机维修保养/内河船舶建造/设备大修"),
    "农机": ("农业机械/农机配件/机械", "ISO9001/农机推广鉴定", "重庆鑫源/江苏常发/雷沃/久保田", "丘陵山区农机配套/收割机售后"),
    "芯片封装材料": ("电子材料/半导体材料/微电子", "ISO9001/IATF16949/ISO14001/RoHS/REACH",
                "华润微/通富微电/长电科技/SK海力士重庆", "封测产线/功率器件封装/车规芯片封装"),
    "工业气体": ("气体/特种气体/工业气体", "危险化学品经营许可证/气瓶充装许可证/ISO9001",
             "长安汽车/京东方/万国半导体/西南铝", "焊接车间/实验室/氮气保护工艺"),
    "检测服务/设备": ("检测技术/计量检测/试验设备", "CNAS/CMA/ISO17025/ISO9001",
                "长安汽车/赛力斯/国网重庆电力/川仪", "零部件可靠性验证/质量体系审核/产品认证"),
    "工业软件": ("信息技术/软件/数字科技/智能科技", "CMMI3/ISO27001/软件著作权/双软认证",
             "长安汽车/川仪/重庆钢铁/宗申/四联集团", "数字化车间建设/能碳双控/智能工厂项目"),
}
PREFIX = tuple("渝兴/恒力/鑫达/华研/聚鑫/博远/锦程/川渝/嘉陵/长江/巴山/缙云/歌乐/鼎盛/宏泰/鸿运/瑞丰/泰和/中旭/海创/天勤/"
               "立信/昊华/德润/佳禾/利达/腾辉/金鼎/双福/西永/两江/茂源/振宇/凯瑞/精诚/永固/顺达/弘毅/汇川/蓉城".split("/"))
PLACES = ("重庆", "重庆", "重庆", "重庆", "四川", "江苏", "浙江", "贵州", "广东", "湖北")
DISTRICTS = tuple("璧山高新区/江津双福工业园/九龙坡西彭/两江新区鱼复/永川凤凰湖工业园/綦江工业园/荣昌高新区/大足工业园/"
                  "长寿经开区/涪陵李渡/万州经开区/铜梁高新区/合川工业园/南岸茶园/巴南界石/北碚蔡家/沙坪坝西永".split("/"))
TERMS = (
    "需开具13%增值税专用发票", "送货至长寿经开区厂区，卸车由供方负责", "供应商须在渝设有服务网点或4小时内到场",
    "付款方式：到货验收合格后60天", "首批试用，合格后签年度框架协议", "需提供近三年同类业绩不少于3项",
    "质保期不少于24个月", "2027年3月前分批交货", "随货提供出厂检验报告及合格证", "专精特新企业优先",
    "报价含运费", "需通过我司供应商准入审核", "交货期：合同签订后30日内", "请注明含税单价及最小起订量",
    "本需求长期有效", "需现场踏勘后报价", "按我司图纸/技术协议执行", "年度用量约见附件",
)
TYPOS = {"避雷器": "避雷气", "互感器": "互感气", "绝缘子": "绝缘字", "流量计": "流量记", "隔膜阀": "格膜阀", "温控器": "温空器",
         "压缩机": "压宿机", "逆变器": "逆变气", "变送器": "变送气", "汇流箱": "汇流厢", "滤芯": "虑芯", "锚链": "锚连",
         "扣件": "扣健", "闸片": "匝片", "无纺布": "无防布", "纸箱": "纸厢", "斗齿": "斗齿", "键合丝": "键合丝"}
TRAD = dict(zip("电缆压变阀气动卫级计测检软机锂储热温开关柜护绝缘导线头终铜铝钢铁锈纸无纺织装备药医疗轨车辆闸带组汇体统联网视觉类号规产质单双层门农丝键胶环纯氩务试验业传器箱锚链叶滤",
                "電纜壓變閥氣動衛級計測檢軟機鋰儲熱溫開關櫃護絕緣導線頭終銅鋁鋼鐵鏽紙無紡織裝備藥醫療軌車輛閘帶組匯體統聯網視覺類號規產質單雙層門農絲鍵膠環純氬務試驗業傳器箱錨鏈葉濾", strict=True))
FULL = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-/"}


def respell(text: str, rng: random.Random) -> str:
    rules = (("×", ("*", "x", "X", "×")), ("mm²", ("平方", "mm2", "㎜²", "mm²")), ("㎡", ("m²", "平米", "㎡")),
             ("kV", ("KV", "kv", "kV")), ("℃", ("度", "°C", "℃")), ("Φ", ("φ", "直径", "Φ")), ("~", ("-", "～", "~")),
             ("μm", ("um", "μm", "微米")), ("MPa", ("Mpa", "MPa", "兆帕")), ("kW", ("KW", "千瓦", "kW")))
    for src, outs in rules:
        if src in text and rng.random() < 0.4:
            text = text.replace(src, rng.choice(outs))
    return text


def alias(brand: str, rng: random.Random) -> str:
    return rng.choice(BRAND_ALIAS.get(brand, (brand,)))


# Hand-typed demand rows (fam, accepted variant keys, row): typos in part numbers that the spec resolves,
# slang, equivalents named by the buyer, traditional characters and full-width text.
HAND = [
    ("cable", ["YJV22-8.7/15kV 3×240"], {"name": "10kV铠装电揽 三芯240平方 铜芯", "description": "YJV22 8.7/15 3*240，国标足方，禁止非标线；厂区配电房改造用，需第三方送检", "category": "raw_material"}),
    ("vcb", ["VS1-12/1250-31.5"], {"name": "中置柜用真空开关 ZN63A-12/1250-31.5", "description": "户内手车式，12kV 1250A 31.5kA，中置手车式；原厂或同等质量国产均可（需型式试验报告）", "category": "component"}),
    ("tooth", ["205-70-19570"], {"name": "小松PC200挖机斗齿 205-70-19750", "description": "PC200标准齿，副厂亦可，月用量约300只", "category": "component"}),
    ("mccb", ["NM1-250S/3300 200A", "CDM3-250S/3300 200A"], {"name": "塑壳开关 250A壳架 200A 三极", "model": "NM1-250S/3300 200A；CDM3-250S/3300 200A", "description": "正泰或德力西均可，二选一报价", "category": "component"}),
    ("inv", ["SUN2000-100KTL-M1"], {"name": "华为100kW组串逆变器", "model": "SUN2000-100KTL-M", "description": "屋顶分布式项目，M1版（型号末位请确认），需带智能通信棒", "brand": "HUAWEI", "category": "component"}),
    ("ksd", ["KSD301|常开|85℃|250V/10A"], {"name": "突跳式温控器 KSD301 85度 常开 10A", "description": "热水器用，常开型（勿发常闭），CQC证书", "category": "component"}),
    ("diaph", ["DN25|气动|316L|EPDM膜片"], {"name": "ＤＮ２５ 气动隔膜阀 316L 卫生级", "description": "EPDM膜片，卡箍连接，口服液车间用", "category": "component"}),
    ("magflow", ["DN50|PN16|316L电极|分体式|4~20mA"], {"name": "電磁流量計 DN50 分體式", "description": "PN16，316L電極，4-20mA輸出，污水站用", "category": "component"}),
    ("saltspray", ["检测服务|中性盐雾NSS|GB/T 10125|CMA报告"], {"name": "零件中性盐雾测试（外委）", "description": "按GB/T 10125做NSS 480h，需CMA报告；非采购设备"}),
    ("rail", ["60kg/m U75V"], {"name": "P60钢轨 U75V 25米", "description": "专用线大修用；攀钢或包钢", "category": "raw_material"}),
    ("filt", ["HX-160×10"], {"name": "黎明回油滤芯HX-16O×10", "description": "160L/min 10μm，无旁通，设备大修用（型号中为字母O系笔误）", "category": "component"}),
    ("emc", ["KL-G900H", "EME-G700LA"], {"name": "塑封料（国产替代验证）", "model": "KL-G900H；EME-G700LA", "description": "现用住友G700LA，同时验证衡所华威KL-G900H", "category": "raw_material"}),
]


class Builder:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.demand: list[tuple[dict, set[str]]] = []   # (row, accepted variant keys "fam::key")
        self.supply: list[tuple[dict, set[str]]] = []   # (row, offered variant keys)
        self.mess = Counter()

    # ------------------------------------------------------------------ checks on the catalogue
    @staticmethod
    def check(f: F) -> None:
        keys = [x.key for x in f.vs]
        assert len(keys) == len(set(keys)), f.key
        for a in f.vs:
            for b in f.vs:
                if a is not b:
                    assert set(a.specs) - set(b.specs), (f.key, a.key, b.key)

    # ------------------------------------------------------------------ helpers
    def company(self, f: F) -> str:
        r = self.rng
        words = IND[f.ind][0].split("/")
        suffix = r.choice(("有限公司", "有限公司", "股份有限公司", "有限责任公司"))
        return f"{r.choice(PLACES)}{r.choice(PREFIX)}{r.choice(words)}{suffix}"

    def cat(self, f: F, x: V) -> str | None:
        return f.cat if x.cat == "inherit" else x.cat

    def spec_text(self, x: V, sep: str | None = None) -> str:
        r = self.rng
        specs = list(x.specs)
        if r.random() < 0.4:
            r.shuffle(specs)
        return respell((sep if sep is not None else r.choice((" ", "，", "、", "/", " "))).join(specs), r)

    def model_text(self, x: V) -> str:
        r = self.rng
        m = r.choice((x.model,) * 2 + x.alts) if x.alts else x.model
        if r.random() < 0.15:
            m = m.replace("-", r.choice(("", " ", "－")), 1) if "-" in m else m
        return respell(m, r)

    def mess_row(self, row: dict, side: str, p: float) -> None:
        r = self.rng
        if r.random() < p:
            row["name"] = "".join(TRAD.get(c, c) for c in row["name"])
            self.mess[(side, "traditional")] += 1
        if r.random() < p and row.get("model"):
            row["model"] = "".join(FULL.get(c, c) for c in row["model"])
            self.mess[(side, "fullwidth")] += 1
        if r.random() < p:
            for w, typo in TYPOS.items():
                if w in row["name"] and w != typo:
                    row["name"] = row["name"].replace(w, typo, 1)
                    self.mess[(side, "typo")] += 1
                    break
        if r.random() < p / 2:
            row["name"] = r.choice(("  ", "\u3000", " ")) + row["name"] + r.choice(("", " ", "  "))
            self.mess[(side, "space")] += 1

    # ------------------------------------------------------------------ demand
    def demand_row(self, f: F, x: V) -> dict:
        r = self.rng
        word = r.choice(x.dn or f.dn)
        unique_model = x.model is not None and sum(1 for y in f.vs if y.model == x.model) == 1
        show_model = unique_model and r.random() < 0.8
        row: dict = {"name": word}
        desc: list[str] = []
        specs_where = r.choice(("name", "desc")) if not show_model else r.choice(("name", "desc", "none", "none"))
        if show_model:
            where = r.choice(("field", "field", "name", "glued", "desc"))
            m = self.model_text(x)
            if where == "field":
                row["model"] = m
            elif where == "name":
                row["name"] = r.choice((f"{word} {m}", f"{m} {word}", f"{word}（{m}）"))
            elif where == "glued":
                row["name"] = f"{word}{m}"
                self.mess[("demand", "glued")] += 1
            else:
                desc.append(f"规格型号：{m}")
        if specs_where == "name":
            s = self.spec_text(x)
            row["name"] = r.choice((f"{row['name']} {s}", f"{s} {row['name']}", f"{s}{row['name']}",
                                    f"{row['name']}（{s}）", f"{row['name']}，{s}"))
        elif specs_where == "desc":
            desc.append(r.choice(("技术要求：", "参数：", "【技术要求】", "要求", "")) + self.spec_text(x, "；"))
        if f.extra and r.random() < 0.4:
            desc.append(r.choice(f.extra))
        if r.random() < 0.35:
            desc.append(f"用于{r.choice(IND[f.ind][3].split('/'))}")
        if r.random() < 0.45:
            desc.append("；".join(r.sample(TERMS, r.randint(1, 3))))
            self.mess[("demand", "terms")] += 1
        if desc:
            row["description"] = r.choice(("，", "；", "。", "\n")).join(desc)
        if x.brand and r.random() < 0.7:
            row["brand"] = alias(x.brand, r)
        c = self.cat(f, x)
        if c and r.random() < 0.85:
            row["category"] = c
        self.mess_row(row, "demand", 0.1)
        return row

    # ------------------------------------------------------------------ supply
    def boilerplate(self, f: F, product: str) -> str:
        r = self.rng
        co = self.company(f)
        words, certs, cust, _ = IND[f.ind]
        side = r.sample(f.side, min(2, len(f.side))) if f.side else []
        parts = [f"{co}成立于{r.randint(1996, 2021)}年，位于{r.choice(DISTRICTS)}，"
                 f"{r.choice(('专业从事', '主营', '业务范围包括') if f.cat is None else ('专业从事', '主营', '是一家集研发、生产、销售于一体的企业，主要产品包括'))}"
                 f"{'、'.join([product] + side)}等。"]
        if r.random() < 0.7:
            parts.append(f"公司通过{'、'.join(r.sample(certs.split('/'), 2))}认证。")
        if r.random() < 0.6 and f.cat is not None:
            parts.append(f"年产能{r.choice((5, 10, 20, 30, 50, 100, 200, 500))}万{f.unit}。")
        if r.random() < 0.6:
            parts.append(f"已配套{'、'.join(r.sample(cust.split('/'), 2))}等。")
        if r.random() < 0.3:
            parts.append(r.choice(("国家高新技术企业，重庆市专精特新“小巨人”。", "欢迎来电洽谈，量大从优。",
                                   "支持来图来样定制，交期短。", "省级企业技术中心。")))
        self.mess[("supply", "company")] += 1
        return "".join(parts)

    def supply_row(self, f: F, x: V) -> dict:
        r = self.rng
        word = r.choice(x.sn or f.sn)
        unique_model = x.model is not None and sum(1 for y in f.vs if y.model == x.model) == 1
        show_model = unique_model and r.random() < 0.75
        own = x.cat == "inherit"  # a variant of another kind (a test chamber in a test-service family) skips family extras
        brand = alias(x.brand, r) if x.brand else (r.choice(f.brands) if own and f.brands and r.random() < 0.6 else None)
        row: dict = {"name": word}
        spec_line = ""
        if show_model:
            m = self.model_text(x)
            where = r.choice(("field", "field", "name", "both", "glued"))
            if where in ("field", "both"):
                row["model"] = m
            if where in ("name", "both"):
                row["name"] = r.choice((f"{word} {m}", f"{m} {word}（现货）", f"{m}{word}厂家直销", f"供应{word} {m}"))
            if where == "glued":
                row["name"] = f"{word}{m}"
            show_specs = r.random() < 0.5
        else:
            show_specs = True
        if show_specs:
            s = self.spec_text(x)
            if r.random() < 0.5:
                row["name"] = r.choice((f"{row['name']} {s}", f"{s} {row['name']}", f"{s}{row['name']}"))
            else:
                spec_line = r.choice(("本品", "产品参数：", "规格：", "", "现货供应：")) + self.spec_text(x, "，") + "。"
        if brand and r.random() < 0.5 and not row["name"].startswith(brand):
            row["name"] = f"{brand}{row['name']}"
        kind = r.random()
        if kind < 0.55:
            desc = self.boilerplate(f, word) + spec_line
            if own and f.extra and r.random() < 0.5:
                desc += r.choice(f.extra) + "。"
            if f.en and r.random() < 0.15:
                desc = f"{f.en.title()} / {desc}"
            row["description"] = desc
        elif kind < 0.8 or spec_line:
            row["description"] = spec_line + r.choice(("厂家直供，质量保证。", "现货充足，当天发货。", "支持小批量定制。",
                                                       "原装正品，假一罚十。", "欢迎询价。", ""))
        if not row.get("description"):
            row.pop("description", None)
        if brand:
            row["brand"] = brand
        c = self.cat(f, x)
        if c and r.random() < 0.8:
            row["category"] = c
        self.mess_row(row, "supply", 0.05)
        return row

    def free_row(self, f: F | None, name: str, cat: str | None) -> dict:
        r = self.rng
        row: dict = {"name": name}
        if f is not None and r.random() < 0.7:
            row["description"] = self.boilerplate(f, name.split(" ")[0])
        if cat and r.random() < 0.8:
            row["category"] = cat
        return row

    # ------------------------------------------------------------------ build
    def build(self) -> None:
        r = self.rng
        for f in FAMILIES:
            self.check(f)
            pool = [x for x in f.vs if not x.nt]
            targets = r.sample(pool, min(len(pool), 3 if r.random() < 0.8 else 2))
            tkeys = {x.key for x in targets}
            for x in targets:
                self.demand.append((self.demand_row(f, x), {f"{f.key}::{x.key}"}))
            for x in f.vs:
                n = r.choice((1, 1, 2, 2, 3)) if x.key in tkeys else r.choice((1, 1, 2))
                for _ in range(n):
                    self.supply.append((self.supply_row(f, x), {f"{f.key}::{x.key}"}))
            modelled = [x for x in f.vs if x.model]
            if len(modelled) >= 3 and r.random() < 0.6:
                some = r.sample(modelled, r.choice((2, 3)))
                row = {"name": f"{r.choice(f.sn)}系列", "model": "；".join(self.model_text(x) for x in some),
                       "description": self.boilerplate(f, r.choice(f.sn))}
                if f.cat:
                    row["category"] = f.cat
                self.supply.append((row, {f"{f.key}::{x.key}" for x in some}))
                self.mess[("supply", "multi_model")] += 1
            word = r.choice(f.sn)
            catch = r.choice((f"各类{word}，可来图定制", f"{word}（各种规格型号）", f"{word} 非标定做 全系列",
                              f"专业生产{word}及配套产品"))
            self.supply.append((self.free_row(f, catch, f.cat), set()))
            for name, c in f.conf:
                for _ in range(r.choice((1, 2))):
                    self.supply.append((self.free_row(f, name, c), set()))
        fams = {f.key: f for f in FAMILIES}
        for fam, keys, row in HAND:
            assert all(any(x.key == k for x in fams[fam].vs) for k in keys), (fam, keys)
            self.demand.append((dict(row), {f"{fam}::{k}" for k in keys}))
        for ind, name, specs, cat, n in DISTRACTORS:
            fake = F("x", ind, cat, (name,), (name,), [], side=())
            for _ in range(n):
                full = f"{name} {r.choice(specs)}" if specs else name
                if r.random() < 0.3:
                    full = f"{r.choice(PREFIX)}牌{full}"
                self.supply.append((self.free_row(fake, full, cat), set()))
        self.finish()

    def finish(self) -> None:
        r = self.rng
        r.shuffle(self.demand)
        r.shuffle(self.supply)
        self.demand_rows, self.supply_rows = [], []
        for i, (row, _) in enumerate(self.demand, 1):
            self.demand_rows.append({"id": f"BD{i:04d}", **row})
        for i, (row, _) in enumerate(self.supply, 1):
            self.supply_rows.append({"id": f"BS{i:05d}", **row})
        offered: dict[str, list[str]] = {}
        for (_, keys), row in zip(self.supply, self.supply_rows, strict=True):
            for k in keys:
                offered.setdefault(k, []).append(row["id"])
        self.gold = []
        for (_, keys), row in zip(self.demand, self.demand_rows, strict=True):
            ids = sorted({s for k in keys for s in offered.get(k, [])})
            assert ids, row
            self.gold += [{"demand_id": row["id"], "supply_id": s} for s in ids]

    def write(self, folder: Path) -> None:
        for name, rows in (("demand.jsonl", self.demand_rows), ("supply.jsonl", self.supply_rows),
                           ("gold.jsonl", self.gold)):
            with (folder / name).open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    def stats(self) -> str:
        per = Counter(g["demand_id"] for g in self.gold)
        hist = Counter(per.values())
        ind = Counter()
        fam_ind = {f.key: f.ind for f in FAMILIES}
        for _, keys in self.demand:
            ind[fam_ind[next(iter(keys)).split("::")[0]]] += 1
        lines = [f"- demand rows: **{len(self.demand_rows)}**, supply rows: **{len(self.supply_rows)}**, "
                 f"gold pairs: **{len(self.gold)}**",
                 f"- demand rows with 2+ gold rows: **{sum(1 for n in per.values() if n >= 2)}**; gold rows per demand row: "
                 + ", ".join(f"{k}: {hist[k]}" for k in sorted(hist)),
                 f"- supply rows offering a variant of a catalogue family: {sum(1 for _, k in self.supply if k)}; "
                 f"catch-all / confuser / unrelated rows: {sum(1 for _, k in self.supply if not k)}",
                 "- demand rows by industry: " + ", ".join(f"{k} {v}" for k, v in sorted(ind.items(), key=lambda kv: -kv[1])),
                 "- messes applied by the generator: " + ", ".join(f"{s}/{m} {n}" for (s, m), n in sorted(self.mess.items()))]
        return "\n".join(lines)


def main() -> None:
    builder = Builder(SEED)
    builder.build()
    builder.write(HERE)
    text = builder.stats()
    print(text)
    readme = HERE / "README.md"
    if readme.exists():
        body = readme.read_text(encoding="utf-8")
        body = re.sub(r"(<!-- stats:start -->\n).*?(<!-- stats:end -->)", lambda m: m.group(1) + text + "\n" + m.group(2),
                      body, flags=re.S)
        readme.write_text(body, encoding="utf-8")


if __name__ == "__main__":
    main()
