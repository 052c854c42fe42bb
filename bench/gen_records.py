"""Deterministic generator of Chinese/Latin industrial supply records and perturbed demand queries.

Supply records are built from product families (name and its synonyms, category, grades, part-number patterns,
brands, specification phrases) and company-style descriptions, the way SMEs fill in a 主导产品 sheet. Each demand
query is derived from one known supply record with the messes people make when they retype it (synonym swap,
dropped words, full-width characters, separators inside part numbers, a typo, a missing model, traditional
characters), so each query has exactly one known true match and Recall@K is measurable.

Record ``i`` depends only on ``(seed, i)``: records are drawn in blocks of ``BLOCK`` from a generator seeded by
``(seed, block)``, so a run of 100k records is the prefix of a run of 1M and any record can be re-drawn on its own
(``record_at``) without generating those before it.

    python bench/gen_records.py --records 100000 --queries 2000 --out /tmp/gen100k   # writes the benchmark format
    python bench/gen_records.py --records 1000000 --time                               # generation speed only
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

BLOCK = 64
DEFAULT_SEED = 20240611


class GenRecord(NamedTuple):
    """Same fields and order as ``matching.ItemRecord``; a light default for callers that do not need the engine."""

    id: str
    name: str
    description: str = ""
    part_numbers: tuple[str, ...] = ()
    brand: str = ""
    category: str | None = None


# --------------------------------------------------------------------------------------------------------------
# Part-number patterns: '#' a digit, '@' an upper-case letter (no I/O), '{a|b|c}' one of the choices, else literal.
_TOKEN = re.compile(r"\{[^}]*\}|#|@|[^{#@]+")
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


_DIGITS = tuple("0123456789")


def _compile_pattern(pattern: str) -> tuple[str | tuple[str, ...], ...]:
    """A pattern as literal strings and tuples of choices (a digit is a choice of ten)."""
    parts: list[str | tuple[str, ...]] = []
    for tok in _TOKEN.findall(pattern):
        if tok == "#":
            parts.append(_DIGITS)
        elif tok == "@":
            parts.append(tuple(_LETTERS))
        elif tok.startswith("{"):
            parts.append(tuple(tok[1:-1].split("|")))
        else:
            parts.append(tok)
    return tuple(parts)


def _render(parts: tuple[str | tuple[str, ...], ...], rng: random.Random) -> str:
    r = rng.random
    return "".join(p if isinstance(p, str) else p[int(r() * len(p))] for p in parts)


@dataclass(frozen=True, slots=True)
class Family:
    category: str  # raw_material | component | software (as matching.ItemRecord)
    names: tuple[str, ...]  # first is the usual name; the others are synonyms people use for the same thing
    brands: tuple[str, ...]
    patterns: tuple[str, ...]  # part/model-number patterns; empty for families that rarely carry one
    specs: tuple[str, ...]  # specification phrase patterns (same mini-language)
    grades: tuple[str, ...] = ()  # grade / material designation put in front of the name (6061-T6铝型材)


FAMILIES: tuple[Family, ...] = (
    # ---- electronics / power components
    Family("component", ("IGBT模块", "IGBT功率模块", "绝缘栅双极晶体管模块", "功率模块"),
           ("英飞凌", "Infineon", "富士电机", "三菱电机", "斯达半导", "比亚迪半导体", "中车时代"),
           ("FF{300|450|600|900}R{12|17}ME{4|7}", "FF{150|200|300}R12KS4#", "2MBI{300|450|600}VN-{120|170}-5#",
            "CM{300|450|600}DX-{24|34}T#", "GD{300|450|600}HFY120C#S"),
           ("{1200|1700|650}V/{300|450|600}A", "半桥拓扑", "工作结温-40~150℃", "适用于新能源汽车电驱")),
    Family("component", ("单片机", "MCU", "微控制器", "嵌入式处理器"),
           ("意法半导体", "ST", "兆易创新", "GigaDevice", "恩智浦", "NXP", "瑞萨", "华大半导体"),
           ("STM32F{103|407|429|030}{C|R|V|Z}{8|B|C|E|G}T6", "GD32F{103|303|407}{C|R|V}{B|C|E|G}T6",
            "MKL{25|26|46}Z{128|256}VLH4", "R7F{0C|7F}{8|9}{0|1}#@#", "HC32F{460|030|190}{J|K|P}@TA"),
           ("ARM Cortex-M{0|3|4}内核", "主频{48|72|168|180}MHz", "Flash {64|128|256|512}KB", "LQFP{48|64|100}封装")),
    Family("component", ("贴片电容", "MLCC", "多层陶瓷电容器", "片式电容"),
           ("村田", "Murata", "三星电机", "风华高科", "TDK", "国巨"),
           ("GRM{155|188|21B|31C}R{71|61}{H|E|C}{104|105|106|475}K@##D", "CL{05|10|21|31}B{104|105|106}K@#N#NC",
            "0{402|603|805}B{104|105|224}K{500|250|160}NT", "C{1005|1608|2012}X7R{1H|1E}{104|105}K###A@"),
           ("{0402|0603|0805|1206}封装", "X7R介质", "耐压{16|25|50}V", "容值{0.1|1|10}uF ±10%")),
    Family("component", ("连接器", "接插件", "线束连接器", "端子连接器"),
           ("泰科", "TE", "莫仕", "Molex", "安费诺", "立讯精密", "中航光电"),
           ("{1|2}-{1703930|2035004|1564337}-#", "430{45|25}-0{4|6|8}{12|10}#", "MX{150|64}-{02|04|06}##@",
            "DJ7{02|04|06}{1|2}#-#.#-{11|21}", "J{30|599}J-{15|21|37}ZK#"),
           ("{2|4|6|8|12}芯", "额定电流{3|5|10}A", "防水等级IP{67|68}", "汽车级")),
    Family("component", ("霍尔电流传感器", "电流传感器", "霍尔传感器"),
           ("莱姆", "LEM", "霍尼韦尔", "Honeywell", "森社电子", "芯森"),
           ("HAS {50|100|200|400}-S#", "LA {25|55|100}-P/SP#", "CS{100|200|300}B{15|24}V#",
            "HLSR {10|20|40}-P#", "CHB-{25|50|100}NP#"),
           ("额定测量电流{50|100|200}A", "精度±{0.5|1}%", "供电±15V", "响应时间<1us")),
    Family("component", ("压力传感器", "压力变送器", "压力传感器变送器"),
           ("川仪", "霍尼韦尔", "西门子", "E+H", "横河", "麦克传感器"),
           ("PDS{403|453|483}H-{1|2}##{1|2}@", "7MF{4033|0340}-1@@##-1@@#", "MPM{480|489}-{0.6|1.0|2.5}MPa-#",
            "EJA{110|430|530}E-{J|D}@S#", "SYB-{351|352}-{1|2}#"),
           ("量程0~{1|1.6|2.5|10}MPa", "输出4~20mA", "精度0.{1|2|5}级", "M20×1.5螺纹")),
    # ---- automation
    Family("component", ("PLC", "可编程控制器", "可编程逻辑控制器", "PLC控制器"),
           ("西门子", "SIEMENS", "三菱", "欧姆龙", "汇川", "信捷", "台达"),
           ("6ES7 {214|215|217|315|317}-{1|2}@{G|H|E}{40|07}-0XB0", "FX{3U|5U}-{32|48|64|80}M{R|T}/ES#",
            "CP1{H|L|E}-{X40|E30|N40}D{R|T}-@#", "H{3|5}U-{1616|3232}MT-XP#", "XD{3|5}-{32|48|60}T-E#"),
           ("{14|24|32}点数字量输入", "CPU扩展模块", "支持PROFINET通讯", "24VDC供电")),
    Family("component", ("伺服电机", "伺服马达", "交流伺服电机", "伺服电动机"),
           ("安川", "松下", "台达", "汇川", "西门子", "禾川"),
           ("SGM7{J|A|G}-{02|04|08|10}A{F|D}C6S#", "MSMF{022|042|082}L1U#", "ECMA-C2{0604|0807|1010}{R|P}S#",
            "1FK7{022|032|042}-5AF71-1@@#", "MS1H{1|2|3}-{10|20|40}B30CB-A33#"),
           ("额定功率{200|400|750|1000}W", "额定转速3000rpm", "{17|20|23}位绝对值编码器", "带抱闸")),
    Family("component", ("变频器", "变频调速器", "交流变频器"),
           ("ABB", "施耐德", "汇川", "英威腾", "西门子", "丹佛斯"),
           ("ACS{580|880}-01-{12A7|017A|025A}-4#", "ATV{320|610|930}U{22|40|75}N4#", "MD{290|500}T{7.5|11|15}G#",
            "GD{20|200A}-{7R5|011|015}G-4#", "6SL3{210|220}-1K@##-#UF#"),
           ("功率{7.5|11|15|22}kW", "三相380V", "矢量控制", "内置制动单元")),
    Family("component", ("减速机", "减速器", "齿轮减速机", "行星减速机"),
           ("纳博特斯克", "哈默纳科", "绿的谐波", "秦川机床", "中大力德", "SEW"),
           ("RV-{20|40|80|110}E-{81|105|121}#", "LHD-{14|17|20|25}-{50|80|100}-C-I#", "PLF{60|90|120}-{5|10|20}-S2-P2#",
            "R{37|47|57|67}DRN{80|90|100}M4#", "CSF-{14|20|25}-{50|100}-2UH#"),
           ("减速比1:{5|10|50|100}", "回程间隙≤{1|3|5}arcmin", "额定扭矩{20|50|120|300}N·m", "适用工业机器人关节")),
    Family("component", ("深沟球轴承", "轴承", "滚动轴承", "球轴承"),
           ("SKF", "NSK", "人本", "C&U", "洛阳LYC", "瓦房店ZWZ", "哈轴HRB"),
           ("6{2|3}0{4|5|6|8}-2RS{1|H}/C3#", "6{2|3}{10|12|14}ZZ/P{5|6}#", "{22|23}2{10|12|14}E/C3W33#",
            "NU{2|3}{10|12|16}ECP#", "3{02|03}{10|12|16}/P{5|6}#"),
           ("内径{20|25|30|50}mm", "P{5|6}精度", "双面密封", "低噪音Z{2|3}组")),
    Family("component", ("滚珠丝杠", "滚珠丝杆", "精密丝杠"),
           ("THK", "上银", "HIWIN", "南京工艺", "汉江机床"),
           ("SFU{1605|2005|2510|3210}-{3|4}-{500|800|1200}#", "BNK{1402|2010|2520}-{3|5}RRG0+{400|800}LC#",
            "R{16|20|25}-{5|10}K{3|4}-FSC-{400|1000}#", "FSI{2005|3210}-{4|6}-C{3|5}#"),
           ("导程{5|10|20}mm", "C{3|5|7}级精度", "全长{500|800|1200}mm", "预压型螺母")),
    Family("component", ("直线导轨", "线性导轨", "滑轨"),
           ("上银", "HIWIN", "THK", "银泰", "南京工艺"),
           ("HGH{15|20|25|30}C{A|C}{2|3}R{600|1000|1500}Z{0|A}H#", "HSR{15|20|25}{A|B}{1|2}SS+{640|1000}L#",
            "MGN{9|12|15}{C|H}{1|2}R{200|400}Z{0|1}C#", "GGB{20|25|30}AA{2|3}P{1|2}#"),
           ("滑块宽度{15|20|25|30}mm", "预压等级Z{0|A|B}", "高组装型", "防尘密封")),
    Family("component", ("气缸", "标准气缸", "气动气缸"),
           ("SMC", "亚德客", "费斯托", "FESTO", "CKD"),
           ("CDQ2B{20|32|40|50}-{10|20|30|50}D{C|Z}#", "SC{32|40|50|63}X{50|100|150}-S#",
            "DSBC-{32|40|50}-{50|100|160}-PPVA-N3#", "MAL{16|20|25}X{50|100}-CA#"),
           ("缸径{20|32|40|50}mm", "行程{50|100|150}mm", "双作用", "带磁环")),
    Family("component", ("电磁阀", "气动电磁阀", "换向阀"),
           ("SMC", "亚德客", "费斯托", "CKD", "派克"),
           ("SY{3120|5120|7120}-{5|4}L{Z|Z1}D-{M5|C6|01}#", "4V{210|310|410}-{08|10|15}#",
            "VUVG-L{10|14|18}-M52-MT-G{18|14}-1P3#", "4GA{1|2|3}{19|29}-{06|08}-E{2|20}#"),
           ("二位五通", "DC24V线圈", "工作压力0.15~0.8MPa", "内部先导式")),
    Family("component", ("工业机器人", "机械臂", "六轴机器人", "关节机器人"),
           ("发那科", "FANUC", "ABB", "库卡", "KUKA", "埃斯顿", "新松"),
           ("R-2000i{C|D}/{165|210|270}F#", "IRB {1200|2600|4600|6700}-{5|20|40|150}/{0.9|1.65|2.55}#",
            "KR {6|10|120|210} R{900|1100|2700|3100}#", "ER{6|20|50|210}-{1600|1800|2650}#"),
           ("负载{6|20|50|165|210}kg", "臂展{900|1650|2650}mm", "重复定位精度±0.0{2|3|5}mm", "六轴")),
    # ---- automotive parts
    Family("component", ("刹车片", "制动片", "制动衬片", "刹车皮"),
           ("博世", "BOSCH", "菲罗多", "信义", "山东金麒麟", "布雷博"),
           ("D{1|2}###-{7|8}###", "0 986 4{94|95} ###", "GDB{1|3}###", "FDB{4|5}###"),
           ("陶瓷配方", "低金属配方", "适配长安CS{35|55|75}", "前轮", "后轮")),
    Family("component", ("制动盘", "刹车盘", "制动鼓"),
           ("博世", "布雷博", "万向钱潮", "隆中", "亚太股份"),
           ("{3501|3502}11{1|2}-{K|S|J}##", "0 986 479 ###", "09.@###.##", "BD{2|3}###-{A|B}"),
           ("直径{280|300|320}mm", "HT250灰铸铁", "通风盘", "动平衡≤{15|20}g·cm")),
    Family("component", ("转向节", "羊角", "转向节总成"),
           ("重庆长江", "万向", "拓普集团", "隆鑫通用", "中信戴卡"),
           ("30011{01|02}-{K|S|U}##-{A|B}#", "ZXJ-{2|3}###-{L|R}", "4{0|1}1{01|02}-##@##"),
           ("QT{450|500|600}球墨铸铁", "锻铝6082-T6", "左右件", "精加工")),
    Family("component", ("汽车线束", "线束总成", "整车线束"),
           ("立讯精密", "沪光股份", "安波福", "矢崎", "住友电装"),
           ("{37|38}240{01|02}-{K|S}##-{A|B}#", "WH-{CS|UNI}{35|55|75}-###", "HX{1|2}###-{FL|BD|DR}#"),
           ("{100|200|300}回路", "耐温-40~125℃", "阻燃护套", "符合QC/T 29106")),
    Family("component", ("汽车座椅", "座椅总成", "乘用车座椅"),
           ("延锋", "李尔", "佛吉亚", "重庆宏立至信", "天成自控"),
           ("ZY{68|72|80}0{1|2}-{F|R}{L|R}##", "69{00|01}{010|020}-{K|S}##", "SEAT-{CS|UNI}-###@"),
           ("{6|8|10}向电动调节", "座椅加热", "通风功能", "真皮面套")),
    Family("component", ("注塑件", "塑料注射件", "注塑成型件", "塑胶件"),
           ("延锋", "宁波华翔", "重庆平伟", "本地注塑厂", "海天塑机客户"),
           ("ZS-{PP|ABS|PA6}-#####", "{53|54|55}0{1|2}###-{K|S}{1|2}#", "JP{1|2}###-@#"),
           ("材质{PP+T20|ABS|PA66+GF30|PC/ABS}", "{200|500|1000}万件/年", "模具自有", "外观件A级面")),
    Family("component", ("冲压件", "钣金冲压件", "五金冲压件"),
           ("重庆平伟", "宁波华翔", "本地冲压厂", "拓普集团"),
           ("CY-{DC04|SPCC|B340LA}-#####", "{51|52|53}0{1|2}###-{K|S}##", "ST{1|2}###-@#"),
           ("板厚{0.8|1.0|1.5|2.0}mm", "材质{DC04|SPCC|B340/590DP}", "多工位级进模", "电泳处理")),
    Family("component", ("锂离子电池", "锂电池", "动力电池", "锂电池电芯"),
           ("宁德时代", "CATL", "比亚迪", "国轩高科", "亿纬锂能", "中创新航"),
           ("LFP-{50|100|150|280}Ah-#@#", "NCM{523|622|811}-{50|60|75}Ah-#", "IFP{27|33|71}{135|148|173}{200|220}-{100|280}Ah",
            "BYD-{FC|BD}-###-{1|2}"),
           ("标称电压3.{2|6|7}V", "容量{50|100|150|280}Ah", "循环寿命≥{2000|3000|6000}次", "磷酸铁锂", "三元")),
    Family("component", ("电机控制器", "驱动电机控制器", "电控", "MCU控制器"),
           ("汇川", "联合电子", "精进电动", "英搏尔", "比亚迪"),
           ("MCU-{P|S}{60|80|120}-{380|650}-#", "KTZ{30|45|60}X{32|45}S@##", "PEU{1|2}###-{A|B}#"),
           ("峰值功率{60|80|120}kW", "额定电压{350|380|650}V", "SiC功率器件", "液冷")),
    # ---- materials
    Family("raw_material", ("铝型材", "铝合金型材", "工业铝型材", "挤压铝型材"),
           ("西南铝业", "忠旺", "亚铝", "坚美", "重庆顺博"),
           ("{4040|4080|3030|2020|6060}{C|L|H}-##", "XC-{4040|4545|8080}-#", "ZL-####"),
           ("壁厚{1.2|1.5|2.0}mm", "阳极氧化", "定尺{3|6}米", "GB/T 6892"),
           ("6061-T6", "6063-T5", "7075-T651", "6082-T6", "6005A-T6")),
    Family("raw_material", ("铝合金板", "铝板", "铝合金板材"),
           ("西南铝业", "南山铝业", "明泰铝业", "忠旺"),
           ("AL-{1|2|3}###-{1|2}#", "PT-####-@"),
           ("厚度{2|5|10|20}mm", "宽度{1000|1250|1500}mm", "H{24|32|112}状态", "覆膜"),
           ("5052-H32", "6061-T651", "3003-H24", "5083-H111", "7075-T6")),
    Family("raw_material", ("不锈钢板", "不锈钢薄板", "不锈钢卷板"),
           ("太钢", "宝钢", "青山", "张家港浦项", "酒钢"),
           ("TG-{304|316L|430}-{2B|BA|NO1}-####", "BX-####-@@", "SS{304|316}-{0.5|1.0|2.0}-####"),
           ("厚度{0.5|1.0|2.0|3.0}mm", "2B表面", "冷轧", "宽度1219mm"),
           ("SUS304", "316L", "S30408", "430", "201")),
    Family("raw_material", ("热轧钢板", "中厚板", "钢板"),
           ("重庆钢铁", "宝武", "鞍钢", "攀钢", "首钢"),
           ("CG-{Q235B|Q355B}-####", "RZ-####-@#"),
           ("厚度{6|8|10|20}mm", "GB/T 1591", "定尺切割", "探伤合格"),
           ("Q235B", "Q355B", "Q345B", "45#", "Q690D")),
    Family("raw_material", ("无缝钢管", "钢管", "精密无缝管"),
           ("攀成钢", "天津钢管", "衡阳华菱", "重庆钢铁"),
           ("GG-{20#|45#|40Cr}-{25|32|48|89}x{3|4|5}-###", "WF-####-@#"),
           ("外径{25|32|48|89}mm", "壁厚{3|4|5}mm", "GB/T 8162", "冷拔"),
           ("20#", "45#", "40Cr", "27SiMn", "Q355B")),
    Family("raw_material", ("环氧树脂", "环氧树脂胶", "EP树脂"),
           ("南亚", "巴陵石化", "宏昌电子", "亨斯迈", "蓝星"),
           ("E-{51|44|42|12}-###", "NPEL-{128|127|134}#", "CYD-{128|011|014}-#@"),
           ("环氧当量{184|190|210}g/eq", "粘度{11000|13000}mPa·s", "25kg/桶", "电子灌封用")),
    Family("raw_material", ("聚丙烯", "PP塑料", "PP颗粒", "聚丙烯树脂"),
           ("中石化", "中石油", "燕山石化", "茂名石化", "扬子石化"),
           ("PP-{T30S|K8003|EP548R|S1003}-##", "{T30S|K1008|M800E}-####", "PP{H|R|B}-###@"),
           ("熔融指数{3|8|30}g/10min", "注塑级", "均聚", "25kg/袋")),
    Family("raw_material", ("ABS塑料", "ABS树脂", "ABS颗粒"),
           ("奇美", "LG化学", "镇江国亨", "吉林石化", "台化"),
           ("PA-{757|747|765A|709}-###", "{HI121H|AF312C|TR558A}-##", "ABS-{0215A|8391}-#@"),
           ("高光泽", "阻燃V0", "注塑级", "耐冲击")),
    Family("raw_material", ("尼龙", "PA66", "聚酰胺", "尼龙66"),
           ("杜邦", "巴斯夫", "神马股份", "华峰", "恒申"),
           ("{70G30|101L|A3WG6}-###@", "PA66-GF{15|30|50}-####", "EPR{27|24}-##@"),
           ("玻纤增强{15|30|50}%", "热稳定", "汽车级", "黑色")),
    Family("raw_material", ("碳纤维", "碳纤维丝", "碳纤维原丝"),
           ("东丽", "中复神鹰", "光威复材", "吉林化纤", "恒神"),
           ("T{300|700|800}{S|G}C-{3|6|12|24}K-###", "SYT{45|49|55}S-{12|24}K-#", "CCF{300|700}-##@"),
           ("拉伸强度{3.5|4.9|5.8}GPa", "{3|6|12|24}K", "航空级", "上浆剂#")),
    Family("raw_material", ("锂电正极材料", "正极材料", "磷酸铁锂正极材料"),
           ("容百科技", "当升科技", "德方纳米", "湖南裕能", "贝特瑞"),
           ("LFP-{P|E}###-#@", "NCM{523|622|811}-@##", "DF-{M|L}###"),
           ("克容量{155|160|200}mAh/g", "压实密度{2.4|2.5}g/cm³", "纳米级", "动力型")),
    Family("raw_material", ("铜箔", "锂电铜箔", "电解铜箔"),
           ("诺德股份", "嘉元科技", "灵宝华鑫", "中一科技"),
           ("CF-{6|8|10|12}um-####", "LB-{4.5|6|8}-@##", "HTE-{12|18|35}-####"),
           ("厚度{4.5|6|8}μm", "抗拉强度≥{300|400}MPa", "双面光", "卷宽{600|1200}mm")),
    Family("raw_material", ("硅钢片", "电工钢", "无取向硅钢"),
           ("宝钢", "首钢", "武钢", "鞍钢"),
           ("B{35|50}A{230|270|470}-####", "{35|50}W{270|470|800}-###@", "B{27|30}R{090|100}-###"),
           ("厚度0.{27|35|50}mm", "铁损≤{2.3|2.7|4.7}W/kg", "电机用", "涂层")),
    Family("raw_material", ("工业润滑油", "液压油", "润滑油"),
           ("长城润滑油", "昆仑润滑", "美孚", "壳牌", "嘉实多"),
           ("L-HM{32|46|68}-####", "DTE {24|25|26}-###", "Tellus S2 M {32|46|68}-##"),
           ("黏度等级VG{32|46|68}", "抗磨型", "170kg/桶", "低温流动性好")),
    Family("raw_material", ("工业气体", "高纯气体", "电子特气"),
           ("杭氧", "林德", "法液空", "华特气体", "金宏气体"),
           ("N2-{5N|6N}-####", "AR-{4N5|5N}-###@", "NF3-{4N|5N}-###"),
           ("纯度99.999%", "40L钢瓶", "管道供气", "液态储罐")),
    # ---- industrial software
    Family("software", ("MES系统", "制造执行系统", "MES软件", "生产执行系统"),
           ("西门子", "用友", "鼎捷", "赛意信息", "宝信软件", "黑湖智造"),
           ("MES-V{3|4|5}.{0|1|2}.##", "Opcenter-{2201|2304|2401}-#", "SMES-{STD|PRO}-{3|4}.#"),
           ("支持多工厂部署", "设备数据采集", "质量追溯", "私有化部署")),
    Family("software", ("PLM软件", "产品生命周期管理系统", "PLM系统"),
           ("西门子", "达索系统", "PTC", "华天软件", "思普软件"),
           ("Teamcenter-{13|14}.{1|2|3}-#", "Windchill-{12|13}.{0|1}-##", "InforCenter-V{5|6|7}.#",
            "SIPM-{8|9}.{0|1}-##"),
           ("BOM管理", "图文档管理", "变更管理", "与ERP集成")),
    Family("software", ("三维CAD软件", "CAD软件", "计算机辅助设计软件", "三维设计软件"),
           ("中望软件", "达索系统", "欧特克", "数码大方", "华天软件"),
           ("ZW3D-{2023|2024|2025}-#", "SolidWorks-{2022|2023|2024}-SP#", "CAXA-{2023|2024}-@#", "SINOVATION-{8|9}.#"),
           ("参数化建模", "曲面设计", "兼容STEP/IGES", "永久授权")),
    Family("software", ("CAE仿真软件", "有限元分析软件", "仿真软件"),
           ("安世亚太", "Ansys", "达索系统", "索辰科技", "英特仿真"),
           ("Mechanical-{2023|2024}R{1|2}-#", "Abaqus-{2022|2023|2024}-##", "HAJIF-{5|6}.#", "INTESIM-{3|4}.{0|1}#"),
           ("结构强度分析", "热分析", "多物理场耦合", "并行计算")),
    Family("software", ("工业互联网平台", "工业物联网平台", "IIoT平台"),
           ("忽米网", "树根互联", "海尔卡奥斯", "华为云", "阿里云"),
           ("IIP-V{2|3|4}.##", "ROOTCLOUD-{3|4}.{0|1}-#", "COSMO-{5|6}.#@"),
           ("设备接入{1000|5000|10000}台", "边缘计算网关", "数字孪生", "OPC UA协议")),
    Family("software", ("ERP系统", "企业资源计划系统", "ERP软件"),
           ("用友", "金蝶", "SAP", "鼎捷", "浪潮"),
           ("U{8|9}-V{15|16|17}.#", "K3-Cloud-{7|8}.#.##", "S/4HANA-{2022|2023}-#", "T100-V{3|4}.#"),
           ("财务供应链一体化", "多组织", "移动审批", "云部署")),
    Family("software", ("数控系统", "CNC系统", "机床数控系统"),
           ("发那科", "西门子", "华中数控", "广州数控", "科德数控"),
           ("0i-{MF|TF} Plus-#", "828D-{SL|BL}-#", "HNC-{818|848}{A|B|D}-#", "GSK{980|218}{TDi|MC}-#"),
           ("{3|4|5}轴联动", "RTCP功能", "以太网接口", "国产化")),
)

COMPANY_PLACES = ("重庆", "渝北", "九龙坡", "璧山", "永川", "涪陵", "江津", "合川", "长寿", "綦江", "两江", "巴南",
                  "北碚", "大足", "荣昌", "铜梁", "沙坪坝", "南岸", "万州", "黔江")
COMPANY_WORDS = ("宏", "鑫", "德", "华", "精", "锐", "博", "恒", "盛", "瑞", "达", "通", "力", "创", "新", "泰", "丰",
                 "源", "远", "航", "川", "渝", "嘉", "隆", "昌", "拓", "智", "卓", "联", "和", "信", "诚", "凯", "顺",
                 "科", "科", "金", "银", "万", "腾")
COMPANY_TRADES = ("精密机械", "电子科技", "汽车零部件", "新材料", "智能装备", "自动化", "软件技术", "机电", "化工",
                  "铝业", "模具", "电气", "传动科技", "工业技术", "信息技术")
COMPANY_SUFFIX = ("有限公司", "股份有限公司", "有限责任公司", "科技有限公司", "制造有限公司")
CUSTOMERS = ("长安汽车", "赛力斯", "京东方", "川仪股份", "隆鑫通用", "宗申动力", "庆铃汽车", "重庆钢铁", "西南铝业",
             "华润微电子", "四联集团", "建设工业", "中国汽研", "长安福特", "上汽红岩", "康明斯", "小康股份", "机电集团")
GENERIC_SPECS = ("符合GB/T {1804|3077|699|1591}标准", "通过IATF16949认证", "通过ISO9001认证", "RoHS合规",
                          "交期{7|15|30}天", "可定制", "提供样品", "支持小批量", "专精特新企业产品", "国产替代")
CAPACITY_UNITS = {"component": ("万件", "万只", "台", "套"), "raw_material": ("吨", "万米", "万件"), "software": ("套",)}
DEMAND_LEADS = ("采购", "需求", "求购", "寻找供应商：", "拟采购", "急需", "")

# A handful of simplified → traditional characters that appear in this vocabulary; a demand row typed on a
# traditional-Chinese keyboard (Hong Kong / Taiwan parent company) shows them.
TRADITIONAL = str.maketrans({
    "电": "電", "机": "機", "铝": "鋁", "钢": "鋼", "轴": "軸", "动": "動", "传": "傳", "压": "壓",
    "变": "變", "频": "頻", "线": "線", "统": "統", "软": "軟", "阀": "閥", "气": "氣", "车": "車",
    "减": "減", "轮": "輪", "盘": "盤", "齿": "齒", "丝": "絲", "杠": "槓", "导": "導", "轨": "軌", "锂": "鋰",
    "块": "塊", "连": "連", "树": "樹", "纤": "纖", "维": "維", "铜": "銅",
    "硅": "矽", "润": "潤", "制": "製", "计": "計", "设": "設",
})

_COMPILED_PATTERNS = tuple(tuple(_compile_pattern(p) for p in f.patterns) for f in FAMILIES)
_COMPILED_SPECS = tuple(tuple(_compile_pattern(s) for s in f.specs) for f in FAMILIES)
_COMPILED_GENERIC = tuple(_compile_pattern(s) for s in GENERIC_SPECS)
# Ordering-code suffixes (variant, packaging, revision): catalogue numbers such as FF450R12ME4 are shared by many
# suppliers, and without a variant code a query's one true record would tie with dozens of identical rows.
_PN_SUFFIXES = tuple(_compile_pattern(s) for s in ("-@##", "/@@#", "_@#@", "-##@#", "@##"))


def _block_rng(seed: int, block: int) -> random.Random:
    return random.Random(seed * 1_000_003 + block)


def _supply_id(i: int) -> str:
    return f"S{i:08d}"


def _pick(seq: tuple[Any, ...], rng: random.Random) -> Any:
    return seq[int(rng.random() * len(seq))]


def _draw_supply(i: int, rng: random.Random, factory: Callable[..., Any]) -> Any:
    r = rng.random
    f_idx = int(r() * len(FAMILIES))
    fam = FAMILIES[f_idx]
    name = fam.names[0] if r() < 0.55 else _pick(fam.names, rng)
    if fam.grades:
        name = _pick(fam.grades, rng) + name
    brand = _pick(fam.brands, rng) if r() < 0.7 else ""

    part_numbers: tuple[str, ...] = ()
    if r() < 0.9:
        pn = _render(_pick(_COMPILED_PATTERNS[f_idx], rng), rng)
        if r() < 0.85:
            pn += _render(_pick(_PN_SUFFIXES, rng), rng)
        part_numbers = (pn,)
        if r() < 0.08:  # a second model in the same row ("FF450R12ME4 / FF600R12ME4")
            part_numbers += (_render(_pick(_COMPILED_PATTERNS[f_idx], rng), rng),)

    specs = _COMPILED_SPECS[f_idx]
    first = int(r() * len(specs))
    n_specs = 1 + int(r() * 3)  # distinct phrases, taken round the family's list from a random start
    spec_text = "，".join(_render(specs[(first + k) % len(specs)], rng) for k in range(n_specs))
    if r() < 0.5:
        spec_text += "，" + _render(_pick(_COMPILED_GENERIC, rng), rng)

    company = (_pick(COMPANY_PLACES, rng) + _pick(COMPANY_WORDS, rng) + _pick(COMPANY_WORDS, rng)
               + _pick(COMPANY_TRADES, rng) + _pick(COMPANY_SUFFIX, rng))
    capacity = f"年产能{1 + int(r() * 500)}{_pick(CAPACITY_UNITS[fam.category], rng)}"
    customer = _pick(CUSTOMERS, rng)
    style = int(r() * 3)
    if style == 0:
        description = f"{company}主导产品，{spec_text}，{capacity}，拟配套{customer}"
    elif style == 1:
        description = f"{spec_text}；{capacity}；已配套{customer}"
    else:
        description = f"{spec_text}。生产企业：{company}"
    # A fifth of the rows carry the model in the name as well, as many sheets do.
    if part_numbers and r() < 0.2:
        name = f"{name} {part_numbers[0]}"
    if brand and r() < 0.25:
        name = f"{brand}{name}"
    return factory(_supply_id(i), name, description, part_numbers, brand, fam.category)


def iter_records(n: int, seed: int = DEFAULT_SEED, *, start: int = 0,
                 factory: Callable[..., Any] = GenRecord) -> Iterator[Any]:
    """Yield supply records ``start .. n-1``; ``factory(id, name, description, part_numbers, brand, category)``."""
    i = start
    while i < n:
        block = i // BLOCK
        rng = _block_rng(seed, block)
        first = block * BLOCK
        for j in range(first, min(first + BLOCK, n)):
            rec = _draw_supply(j, rng, factory)  # draw every record of the block: the stream must not depend on start
            if j >= i:
                yield rec
        i = min(first + BLOCK, n)


def record_at(i: int, seed: int = DEFAULT_SEED, factory: Callable[..., Any] = GenRecord) -> Any:
    """Supply record ``i`` on its own (re-draws its block only)."""
    return next(iter_records(i + 1, seed, start=i, factory=factory))


def family_of(name: str) -> Family | None:
    """The family whose (longest) name occurs in a supply name."""
    best: tuple[int, Family] | None = None
    for fam in FAMILIES:
        for alias in fam.names:
            if alias in name and (best is None or len(alias) > best[0]):
                best = (len(alias), fam)
    return best[1] if best else None


# Names a procurement engineer would accept as the same product. A family's other names are often narrower or
# broader (行星减速机 is one kind of 减速机, 电子特气 is not every 高纯气体): a query swaps a name only inside its group.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("IGBT模块", "IGBT功率模块", "绝缘栅双极晶体管模块"), ("单片机", "MCU", "微控制器"),
    ("贴片电容", "MLCC", "多层陶瓷电容器", "片式电容"), ("连接器", "接插件"),
    ("PLC", "可编程控制器", "可编程逻辑控制器", "PLC控制器"), ("伺服电机", "伺服马达", "伺服电动机"),
    ("变频器", "变频调速器"), ("减速机", "减速器"), ("滚珠丝杠", "滚珠丝杆"), ("直线导轨", "线性导轨"),
    ("气缸", "气动气缸"), ("工业机器人", "机械臂"), ("六轴机器人", "关节机器人"),
    ("刹车片", "制动片", "制动衬片", "刹车皮"), ("制动盘", "刹车盘"), ("转向节", "羊角"),
    ("汽车线束", "整车线束"), ("汽车座椅", "乘用车座椅"), ("注塑件", "塑料注射件", "注塑成型件", "塑胶件"),
    ("冲压件", "五金冲压件"), ("锂离子电池", "锂电池"), ("电机控制器", "驱动电机控制器", "电控"),
    ("铝型材", "铝合金型材", "工业铝型材"), ("铝合金板", "铝板", "铝合金板材"), ("不锈钢板", "不锈钢薄板"),
    ("环氧树脂", "EP树脂"), ("聚丙烯", "PP塑料", "PP颗粒", "聚丙烯树脂"), ("ABS塑料", "ABS树脂", "ABS颗粒"),
    ("尼龙", "聚酰胺"), ("PA66", "尼龙66"), ("碳纤维", "碳纤维丝"), ("锂电正极材料", "正极材料"),
    ("铜箔", "电解铜箔"), ("硅钢片", "电工钢"), ("工业润滑油", "润滑油"), ("工业物联网平台", "IIoT平台"),
    ("MES系统", "制造执行系统", "MES软件", "生产执行系统"), ("PLM软件", "产品生命周期管理系统", "PLM系统"),
    ("三维CAD软件", "三维设计软件"), ("CAD软件", "计算机辅助设计软件"), ("CAE仿真软件", "有限元分析软件"),
    ("ERP系统", "企业资源计划系统", "ERP软件"), ("数控系统", "CNC系统", "机床数控系统"),
)
_SYNONYMS_OF = {name: group for group in SYNONYM_GROUPS for name in group}


# --------------------------------------------------------------------------------------------------------------
# Demand queries
PERTURBATIONS = ("synonym", "drop_words", "full_width", "pn_separator", "typo", "missing_model", "traditional")
_ASCII_TO_FULL = {c: chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def _full_width(text: str) -> str:
    return text.translate(_ASCII_TO_FULL)


def _typo(text: str, rng: random.Random) -> str:
    """One substitution, deletion or transposition of an alphanumeric character (a slip on a keyboard)."""
    spots = [k for k, ch in enumerate(text) if ch.isalnum()]
    if len(spots) < 4:
        return text
    k = _pick(tuple(spots[1:]), rng)
    kind = int(rng.random() * 3)
    ch = text[k]
    if kind == 0:
        repl = _pick(tuple("0123456789"), rng) if ch.isdigit() else _pick(tuple(_LETTERS), rng)
        return text[:k] + repl + text[k + 1:]
    if kind == 1:
        return text[:k] + text[k + 1:]
    if k + 1 < len(text):
        return text[:k] + text[k + 1] + text[k] + text[k + 2:]
    return text[:k] + text[k - 1] + text[k] if k > 0 else text


def _insert_separator(pn: str, rng: random.Random) -> str:
    if len(pn) < 4:
        return pn
    k = 2 + int(rng.random() * (len(pn) - 3))
    return pn[:k] + _pick(("-", " ", ".", "/", "_"), rng) + pn[k:]


def _drop_words(text: str, rng: random.Random) -> str:
    parts = [p for p in re.split(r"[，；。,;]", text) if p]
    if len(parts) <= 1:
        return text
    keep = [p for p in parts if rng.random() < 0.55] or [parts[0]]
    return "，".join(keep)


def derive_query(supply: Any, q: int, seed: int = DEFAULT_SEED,
                 factory: Callable[..., Any] = GenRecord) -> tuple[Any, tuple[str, ...]]:
    """A demand record derived from ``supply`` (its known true match) and the perturbations applied."""
    rng = random.Random(seed * 7_919 + 1_000_000_007 + q)
    applied: list[str] = []
    fam = family_of(supply.name)
    name = supply.name
    # The demand side names the product without the supplier's brand prefix most of the time.
    if supply.brand and name.startswith(supply.brand) and rng.random() < 0.7:
        name = name[len(supply.brand):]
    part_numbers = list(supply.part_numbers)
    for pn in part_numbers:  # the model is carried by part_numbers; the name keeps it only sometimes
        if pn in name and rng.random() < 0.6:
            name = name.replace(pn, "").strip()

    n_perturb = 1 + int(rng.random() * 3)
    chosen = set(rng.sample(PERTURBATIONS, n_perturb))
    if "synonym" in chosen and fam is not None:
        current = max((a for a in fam.names if a in name), key=len, default=None)
        others = [a for a in _SYNONYMS_OF.get(current or "", ()) if a != current]
        if current and others:
            name = name.replace(current, _pick(tuple(others), rng), 1)
            applied.append("synonym")
    # Half the draws of "missing_model" are kept: without a model most queries name a product that thousands of
    # rows offer, and the measurement would be dominated by ties.
    if "missing_model" in chosen and part_numbers and rng.random() < 0.5:
        for pn in part_numbers:
            name = name.replace(pn, "").strip()
        part_numbers = []
        applied.append("missing_model")
    if "pn_separator" in chosen and part_numbers:
        part_numbers = [_insert_separator(p, rng) for p in part_numbers]
        applied.append("pn_separator")
    if "typo" in chosen:
        if part_numbers and rng.random() < 0.6:
            part_numbers[0] = _typo(part_numbers[0], rng)
        else:
            name = _typo(name, rng)
        applied.append("typo")

    lead = _pick(DEMAND_LEADS, rng)
    spec = supply.description
    if "生产企业：" in spec:
        spec = spec.split("。生产企业：")[0]
    elif "主导产品，" in spec:
        spec = spec.split("主导产品，", 1)[1]
    spec = re.sub(r"[，；]?(年产能|拟配套|已配套)[^，；。]*", "", spec)
    if "drop_words" in chosen:
        spec = _drop_words(spec, rng)
        applied.append("drop_words")
    description = f"{lead}{name}，{spec}，年需求量{1 + int(rng.random() * 200)}{_pick(CAPACITY_UNITS[supply.category], rng)}"
    brand = supply.brand if rng.random() < 0.5 else ""
    if brand and rng.random() < 0.5:
        description = f"指定品牌{brand}，{description}"

    if "full_width" in chosen:
        name = _full_width(name)
        part_numbers = [_full_width(p) for p in part_numbers]
        applied.append("full_width")
    if "traditional" in chosen:
        name = name.translate(TRADITIONAL)
        description = description.translate(TRADITIONAL)
        applied.append("traditional")
    category = supply.category if rng.random() < 0.8 else None
    query = factory(f"D{q:07d}", name, description, tuple(part_numbers), brand, category)
    return query, tuple(applied)


def sample_query_sources(n_records: int, n_queries: int, seed: int = DEFAULT_SEED) -> list[int]:
    """Indices of the supply records the queries are derived from (distinct, deterministic)."""
    rng = random.Random(seed * 31 + 17)
    return rng.sample(range(n_records), min(n_queries, n_records))


def make_queries(n_records: int, n_queries: int, seed: int = DEFAULT_SEED,
                 factory: Callable[..., Any] = GenRecord) -> list[tuple[Any, str, tuple[str, ...]]]:
    """``(demand record, true supply id, perturbations)`` for ``n_queries`` queries over ``n_records`` records."""
    out = []
    for q, i in enumerate(sample_query_sources(n_records, n_queries, seed)):
        supply = record_at(i, seed)
        query, applied = derive_query(supply, q, seed, factory)
        out.append((query, supply.id, applied))
    return out


# --------------------------------------------------------------------------------------------------------------
def _row(rec: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": rec.id, "name": rec.name}
    if rec.description:
        row["description"] = rec.description
    if rec.part_numbers:
        row["model"] = " ".join(rec.part_numbers)
    if rec.brand:
        row["brand"] = rec.brand
    if rec.category:
        row["category"] = rec.category
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成供给记录与需求查询（基准测试用）/ generate benchmark records")
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, help="folder to write supply.jsonl, demand.jsonl, gold.jsonl")
    ap.add_argument("--time", action="store_true", help="only time the generation, write nothing")
    ap.add_argument("--show", type=int, default=0, help="print this many supply records and queries")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    if args.time:
        count = sum(1 for _ in iter_records(args.records, args.seed))
        dt = time.perf_counter() - t0
        print(f"生成 {count:,} 条供给记录 / records: {dt:.1f} s ({count / dt:,.0f}/s)")
        t1 = time.perf_counter()
        qs = make_queries(args.records, args.queries, args.seed)
        print(f"生成 {len(qs):,} 条需求查询 / queries: {time.perf_counter() - t1:.2f} s")
        return 0
    if args.show:
        for rec in iter_records(args.show, args.seed):
            print(json.dumps(_row(rec), ensure_ascii=False))
        for query, gold, applied in make_queries(args.records, args.show, args.seed):
            print(json.dumps({**_row(query), "gold": gold, "perturbations": applied}, ensure_ascii=False))
        return 0
    if args.out is None:
        ap.error("--out, --time or --show is required")
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "supply.jsonl").open("w", encoding="utf-8") as fp:
        for rec in iter_records(args.records, args.seed):
            fp.write(json.dumps(_row(rec), ensure_ascii=False) + "\n")
    queries = make_queries(args.records, args.queries, args.seed)
    with (args.out / "demand.jsonl").open("w", encoding="utf-8") as dfp, \
            (args.out / "gold.jsonl").open("w", encoding="utf-8") as gfp:
        for query, gold, _ in queries:
            dfp.write(json.dumps(_row(query), ensure_ascii=False) + "\n")
            gfp.write(json.dumps({"demand_id": query.id, "supply_id": gold}) + "\n")
    print(f"已写入 / written: {args.out} ({args.records:,} supply, {len(queries):,} demand) "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
