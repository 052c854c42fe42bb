"""Hand-written catalogs for the zh_bench generator: product families with their real-style part numbers,
grades and specifications, as a Chongqing procurement engineer and an SME sales clerk would write them.

Every family is a list of variants. A variant is one product a buyer can order: a part number or grade
(``model``, empty when the trade has none) plus the specification phrases that tell it apart from its
siblings (``spec``, separated by spaces; a phrase never holds a space). Two variants of one family never
share their spec, so a demand line written without a part number can still name exactly one variant.

Part numbers follow the style of real manufacturers; some are real catalogue numbers, many are made up.
Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DOMAIN_LABELS = {
    "automotive": "汽车零部件/摩托车",
    "electronics": "电子元器件",
    "equipment": "装备/自动化",
    "materials": "材料",
    "chemicals": "化工",
    "software": "工业软件",
}


@dataclass(frozen=True)
class Variant:
    model: str
    spec: tuple[str, ...]
    brand: str = ""
    names: tuple[str, ...] = ()


@dataclass
class Family:
    key: str
    domain: str
    category: str  # raw_material | component | software
    names: tuple[str, ...]  # spellings a buyer or seller uses; synonyms and abbreviations
    en: str
    unit: str
    uses: tuple[str, ...]
    variants: list[Variant]
    role: str = "core"  # core (demanded), confuser (same words, other product), distractor (supply only)
    model_identifies: bool = True  # False when one grade comes in several specs (materials)
    alternates: tuple[tuple[str, ...], ...] = ()  # models a buyer lists together as acceptable
    vendor_note: str = ""  # how a distributor says it carries the brand
    extra: dict = field(default_factory=dict)


def V(model: str, spec: str, brand: str = "", names: tuple[str, ...] = ()) -> Variant:
    return Variant(model, tuple(spec.split()), brand, names)


# Brand spellings: the first is how the catalog names the brand, the others are what people type.
BRAND_ALIASES: dict[str, tuple[str, ...]] = {
    "英飞凌": ("英飞凌", "Infineon", "INFINEON", "英飞凌(Infineon)"),
    "三菱": ("三菱", "Mitsubishi", "三菱电机", "MITSUBISHI"),
    "富士": ("富士", "Fuji", "富士电机"),
    "斯达": ("斯达", "斯达半导", "StarPower"),
    "Wolfspeed": ("Wolfspeed", "科锐", "CREE"),
    "罗姆": ("罗姆", "ROHM", "Rohm"),
    "基本半导体": ("基本半导体", "BASiC"),
    "ST": ("ST", "意法半导体", "ST意法", "STMicroelectronics"),
    "兆易创新": ("兆易创新", "GigaDevice", "兆易"),
    "NXP": ("NXP", "恩智浦", "nxp"),
    "沁恒": ("沁恒", "WCH", "南京沁恒"),
    "Molex": ("Molex", "莫仕", "MOLEX"),
    "JST": ("JST", "日压", "jst"),
    "TE": ("TE", "泰科", "TE Connectivity", "泰科电子"),
    "瑞可达": ("瑞可达", "REKA"),
    "Bosch": ("Bosch", "博世", "BOSCH"),
    "LEM": ("LEM", "莱姆"),
    "Allegro": ("Allegro", "埃戈罗"),
    "欧姆龙": ("欧姆龙", "Omron", "OMRON"),
    "Sick": ("Sick", "西克", "SICK"),
    "奥托尼克斯": ("奥托尼克斯", "Autonics"),
    "Vishay": ("Vishay", "威世"),
    "村田": ("村田", "Murata", "muRata"),
    "三星": ("三星", "Samsung", "三星电机"),
    "群创": ("群创", "Innolux", "群创光电"),
    "天马": ("天马", "Tianma", "天马微电子"),
    "友达": ("友达", "AUO", "友达光电"),
    "京东方": ("京东方", "BOE"),
    "安川": ("安川", "Yaskawa", "YASKAWA", "安川电机"),
    "松下": ("松下", "Panasonic", "PANASONIC"),
    "汇川": ("汇川", "Inovance", "汇川技术"),
    "西门子": ("西门子", "Siemens", "SIEMENS"),
    "ABB": ("ABB", "abb", "ABB集团"),
    "纽卡特": ("纽卡特", "Neugart"),
    "哈默纳科": ("哈默纳科", "Harmonic Drive", "HD"),
    "绿的谐波": ("绿的谐波", "LEADERDRIVE", "绿的"),
    "纳博特斯克": ("纳博特斯克", "Nabtesco", "纳博"),
    "SKF": ("SKF", "斯凯孚", "skf"),
    "NSK": ("NSK", "恩斯克", "nsk"),
    "人本": ("人本", "C&U", "人本集团"),
    "哈轴": ("哈轴", "HRB", "哈尔滨轴承"),
    "瓦轴": ("瓦轴", "ZWZ", "瓦房店轴承"),
    "洛轴": ("洛轴", "LYC", "洛阳轴承"),
    "TIMKEN": ("TIMKEN", "铁姆肯", "Timken"),
    "上银": ("上银", "HIWIN", "Hiwin"),
    "THK": ("THK", "thk"),
    "发那科": ("发那科", "FANUC", "Fanuc"),
    "华中数控": ("华中数控", "HNC", "华数"),
    "广州数控": ("广州数控", "GSK", "广数"),
    "库卡": ("库卡", "KUKA", "Kuka"),
    "埃斯顿": ("埃斯顿", "ESTUN", "Estun"),
    "力士乐": ("力士乐", "Rexroth", "博世力士乐"),
    "油研": ("油研", "YUKEN", "Yuken"),
    "SMC": ("SMC", "smc"),
    "亚德客": ("亚德客", "AirTAC", "Airtac"),
    "海康机器人": ("海康机器人", "HIKROBOT", "海康"),
    "Basler": ("Basler", "巴斯勒"),
    "NGK": ("NGK", "日本特殊陶业", "ngk"),
    "电装": ("电装", "DENSO", "Denso"),
    "火炬": ("火炬", "TORCH", "株洲火炬"),
    "曼牌": ("曼牌", "MANN", "MANN-FILTER"),
    "亿纬锂能": ("亿纬锂能", "EVE", "亿纬"),
    "国轩高科": ("国轩高科", "Gotion", "国轩"),
    "三星SDI": ("三星SDI", "Samsung SDI", "三星"),
    "LG": ("LG", "LG新能源", "LGES"),
    "正新": ("正新", "CST", "玛吉斯"),
    "朝阳": ("朝阳", "中策朝阳", "CHAOYANG"),
    "KMC": ("KMC", "桂盟"),
    "DID": ("DID", "大同"),
    "宗申": ("宗申", "ZONGSHEN"),
    "西南铝": ("西南铝", "西南铝业"),
    "忠旺": ("忠旺", "中国忠旺"),
    "坚美": ("坚美", "坚美铝业"),
    "宝钢": ("宝钢", "宝武", "BAOSTEEL"),
    "鞍钢": ("鞍钢", "鞍钢股份"),
    "攀钢": ("攀钢", "攀钢集团"),
    "重钢": ("重钢", "重庆钢铁"),
    "太钢": ("太钢", "太钢不锈", "TISCO"),
    "金发科技": ("金发科技", "金发", "KINGFA"),
    "巴斯夫": ("巴斯夫", "BASF", "basf"),
    "长春化工": ("长春化工", "长春", "CCP"),
    "科思创": ("科思创", "Covestro"),
    "宝理": ("宝理", "Polyplastics", "宝理塑料"),
    "普利特": ("普利特", "PRET"),
    "奇美": ("奇美", "CHIMEI", "台湾奇美"),
    "东丽": ("东丽", "Toray", "TORAY"),
    "中复神鹰": ("中复神鹰", "神鹰"),
    "巨石": ("巨石", "中国巨石", "Jushi"),
    "中科三环": ("中科三环", "三环"),
    "金力永磁": ("金力永磁", "JL MAG"),
    "北方稀土": ("北方稀土", "包钢稀土"),
    "PPG": ("PPG", "ppg"),
    "立邦": ("立邦", "Nippon Paint", "NIPPON"),
    "乐泰": ("乐泰", "Loctite", "LOCTITE", "汉高乐泰"),
    "3M": ("3M", "3m"),
    "西卡": ("西卡", "Sika", "SIKA"),
    "天赐材料": ("天赐材料", "天赐", "Tinci"),
    "新宙邦": ("新宙邦", "Capchem"),
    "利安隆": ("利安隆", "Rianlon"),
    "BYK": ("BYK", "毕克", "毕克化学"),
    "Ansys": ("Ansys", "ANSYS", "安西斯"),
    "达索": ("达索", "Dassault", "达索系统"),
    "Altair": ("Altair", "澳汰尔"),
    "PTC": ("PTC", "ptc"),
    "SAP": ("SAP", "sap"),
    "用友": ("用友", "yonyou"),
    "金蝶": ("金蝶", "Kingdee"),
    "鼎捷": ("鼎捷", "Digiwin"),
    "亚控": ("亚控", "亚控科技", "WellinTech"),
    "力控": ("力控", "力控科技", "Sunway"),
    "COMSOL": ("COMSOL", "comsol"),
    "戴尔": ("戴尔", "Dell", "DELL"),
    "惠普": ("惠普", "HP", "hp"),
    "联想": ("联想", "Lenovo"),
    "浪潮": ("浪潮", "Inspur"),
    "超聚变": ("超聚变", "xFusion"),
    "研华": ("研华", "Advantech"),
    "Cadence": ("Cadence", "楷登"),
    "Altium": ("Altium", "altium"),
}


def _bearing_variants() -> list[Variant]:
    sizes = [
        ("6200", "10×30×9"), ("6201", "12×32×10"), ("6202", "15×35×11"), ("6203", "17×40×12"),
        ("6204", "20×47×14"), ("6205", "25×52×15"), ("6206", "30×62×16"), ("6207", "35×72×17"),
        ("6208", "40×80×18"), ("6209", "45×85×19"), ("6210", "50×90×20"), ("6302", "15×42×13"),
        ("6303", "17×47×14"), ("6304", "20×52×15"), ("6305", "25×62×17"), ("6306", "30×72×19"),
        ("6307", "35×80×21"), ("6308", "40×90×23"),
    ]
    seals = [("-2RS", "双面橡胶密封"), ("-ZZ", "双面钢板防尘盖"), ("", "开式无密封")]
    brands = ["SKF", "NSK", "人本", "哈轴", "瓦轴"]
    out = []
    for i, (code, dims) in enumerate(sizes):
        for j, (suffix, seal) in enumerate(seals):
            if code.startswith("63") and j == 2:
                continue
            out.append(V(code + suffix, f"{dims}mm {seal} 深沟球", brands[(i + j) % len(brands)]))
    return out


def _grade_by_spec(grades: list[tuple[str, str]], specs: list[str], brands: list[str], step: int = 2,
                   names: tuple[str, ...] = ()) -> list[Variant]:
    """Cross a list of grades with a list of specs, keeping every `step`-th pair (a sparse grid)."""
    out = []
    for gi, (grade, grade_note) in enumerate(grades):
        for si, spec in enumerate(specs):
            if (gi + si) % step == 0:
                phrases = f"{spec} {grade_note}".strip()
                out.append(V(grade, phrases, brands[(gi * 3 + si) % len(brands)], names))
    return out


def core_families() -> list[Family]:
    fams: list[Family] = []
    add = fams.append

    # ---------------------------------------------------------------- automotive and motorcycle parts
    add(Family("brake_disc", "automotive", "component", ("制动盘", "刹车盘", "制动碟"), "brake disc", "件",
               ("CS75 PLUS前轮", "UNI-K后轮", "逸动前轴", "SF5前轴"), [
                   V("3501075-W01", "前通风盘 Φ320×28mm HT250"),
                   V("3501075-W02", "前通风盘 Φ300×28mm HT250"),
                   V("3502075-W01", "后实心盘 Φ292×12mm HT250"),
                   V("3501075-BA01", "前通风盘 Φ280×24mm HT250"),
                   V("3501075-CD01", "前通风盘 Φ320×28mm G3000高碳 防锈涂层"),
                   V("3502075-BA01", "后实心盘 Φ262×10mm HT250"),
               ]))
    add(Family("harness", "automotive", "component", ("线束", "线缆总成", "线束总成", "汽车线束"), "wire harness", "套",
               ("整车装配", "新能源平台", "燃油平台"), [
                   V("4001010-W01", "发动机舱线束 CS75PLUS 燃油版"),
                   V("4001010-W02", "发动机舱线束 CS75PLUS 混动版"),
                   V("4001020-W01", "仪表板线束 CS75PLUS"),
                   V("4001030-W01", "车身线束 UNI-T 左侧"),
                   V("4001030-W02", "车身线束 UNI-T 右侧"),
                   V("4001050-BA01", "高压线束 PDU至电机控制器 橙色屏蔽 35mm²"),
                   V("4001050-BA02", "高压线束 电池包至PDU 橙色屏蔽 50mm²"),
                   V("4001060-SF01", "门线束 左前门 SF5"),
               ]))
    add(Family("injection_part", "automotive", "component", ("注塑件", "塑料注射件", "注塑成型件", "塑料件"),
               "injection moulded part", "件", ("内饰总成", "外饰总成"), [
                   V("5305010-W02", "仪表板本体 PP-TD20 黑色 皮纹"),
                   V("5305010-W03", "仪表板本体 PP-TD20 米色 皮纹"),
                   V("5402110-W01", "门内饰板 左前 PP-EPDM-T20"),
                   V("5402120-W01", "门内饰板 右前 PP-EPDM-T20"),
                   V("2803011-W01", "前保险杠本体 PP-EPDM-T15 喷漆"),
                   V("8401010-BA01", "进气格栅 ABS 电镀"),
                   V("5306020-W01", "手套箱 PP-T20 黑色"),
               ]))
    add(Family("shock_absorber", "automotive", "component", ("减震器", "减振器", "避震器"), "shock absorber", "只",
               ("前悬架", "后悬架"), [
                   V("2905010-W01", "前减震器 左 双筒液压 CS75PLUS"),
                   V("2905020-W01", "前减震器 右 双筒液压 CS75PLUS"),
                   V("2915010-W01", "后减震器 双筒液压 CS75PLUS"),
                   V("2905010-BA01", "前减震器 左 单筒充气 UNI-V"),
                   V("2915010-BA01", "后减震器 单筒充气 UNI-V"),
               ]))
    add(Family("hub_bearing", "automotive", "component", ("轮毂轴承", "轮毂轴承单元", "汽车轮毂轴承"), "wheel hub bearing",
               "套", ("前轮毂", "后轮毂"), [
                   V("DAC35720033", "35×72×33mm 一代轮毂轴承", "人本"),
                   V("DAC38740050", "38×74×50mm 一代轮毂轴承 带ABS磁环", "人本"),
                   V("DAC40740042", "40×74×42mm 一代轮毂轴承", "NSK"),
                   V("DAC42760039", "42×76×39mm 一代轮毂轴承", "SKF"),
                   V("DAC39720037", "39×72×37mm 一代轮毂轴承", "人本"),
                   V("DAC43800050", "43×80×50mm 一代轮毂轴承 带ABS磁环", "NSK"),
               ]))
    add(Family("carburetor", "automotive", "component", ("摩托车化油器", "化油器"), "motorcycle carburetor", "只",
               ("摩托车发动机", "踏板车"), [
                   V("PZ26", "适配CG125 喉径26mm 手动阻风", "宗申"),
                   V("PZ27", "适配CG150 喉径27mm 手动阻风", "宗申"),
                   V("PZ30", "适配CG200 喉径30mm 手动阻风", "宗申"),
                   V("PD18J", "适配GY6-50踏板车 喉径18mm 自动阻风", "宗申"),
                   V("PE28", "平滑阀 喉径28mm 越野车", "宗申"),
               ]))
    add(Family("moto_chain", "automotive", "component", ("摩托车链条", "传动链条", "摩托车传动链"), "motorcycle chain",
               "条", ("摩托车后传动",), [
                   V("428H-118L", "加厚型 节距12.7mm 118节", "KMC"),
                   V("428H-130L", "加厚型 节距12.7mm 130节", "KMC"),
                   V("420-104L", "标准型 节距12.7mm 104节 弯梁车", "KMC"),
                   V("520-120L", "标准型 节距15.875mm 120节", "DID"),
                   V("525H-120L", "O型圈密封 节距15.875mm 120节", "DID"),
                   V("428-116L", "标准型 节距12.7mm 116节", "KMC"),
               ]))
    add(Family("moto_tire", "automotive", "component", ("摩托车轮胎", "摩托车外胎", "摩托车胎"), "motorcycle tyre", "条",
               ("125cc跨骑车", "踏板车", "街车"), [
                   V("90/90-18", "6PR 有内胎 后轮", "正新"),
                   V("2.75-18", "4PR 有内胎 前轮", "朝阳"),
                   V("110/90-16", "真空胎 后轮", "正新"),
                   V("120/70-12", "真空胎 踏板车", "朝阳"),
                   V("130/70-17", "真空胎 街车后轮", "正新"),
                   V("3.00-18", "6PR 有内胎 载重", "朝阳"),
               ]))
    add(Family("spark_plug", "automotive", "component", ("火花塞", "点火塞"), "spark plug", "支",
               ("汽油发动机", "摩托车发动机"), [
                   V("BKR6E-11", "M14×1.25 热值6 间隙1.1mm 镍合金", "NGK"),
                   V("BKR5E-11", "M14×1.25 热值5 间隙1.1mm 镍合金", "NGK"),
                   V("LKR7E", "M14×1.25 热值7 长螺纹 镍合金", "NGK"),
                   V("ILKAR7B11", "M12×1.25 热值7 铱铂金 间隙1.1mm", "NGK"),
                   V("FR7DC+", "M14×1.25 热值7 三极 镍合金", "Bosch"),
                   V("K20PR-U11", "M14×1.25 热值20 U型槽 间隙1.1mm", "电装"),
                   V("D8TC", "M12×1.25 热值8 摩托车用 镍合金", "火炬"),
               ], alternates=(("BKR6E-11", "K20PR-U11"),)))
    add(Family("oil_filter", "automotive", "component", ("机油滤清器", "机滤", "机油滤芯"), "oil filter", "只",
               ("发动机保养", "售后备件"), [
                   V("W712/75", "M20×1.5 外径76mm 高79mm 旋装式", "曼牌"),
                   V("W712/83", "3/4-16UNF 外径76mm 高79mm 旋装式", "曼牌"),
                   V("W719/30", "M20×1.5 外径93mm 高100mm 旋装式", "曼牌"),
                   V("0 986 AF0 051", "M20×1.5 外径76mm 高85mm 旋装式 防倒流阀", "Bosch"),
                   V("HU 719/7 x", "环保纸芯 外径64mm 高114mm 无金属", "曼牌"),
               ]))
    add(Family("li_cell", "automotive", "component", ("锂离子电池", "锂电池", "锂电芯", "动力电池电芯"), "lithium-ion cell",
               "只", ("储能系统", "电动汽车电池包", "两轮车电池"), [
                   V("LF280K", "磷酸铁锂 3.2V 280Ah 方形铝壳 6000次循环", "亿纬锂能"),
                   V("LF105", "磷酸铁锂 3.2V 105Ah 方形铝壳 130×36×200mm", "亿纬锂能"),
                   V("LF230", "磷酸铁锂 3.2V 230Ah 方形铝壳", "亿纬锂能"),
                   V("IFP27148230-105Ah", "磷酸铁锂 3.2V 105Ah 方形铝壳 148×27×230mm", "国轩高科"),
                   V("INR21700-50E", "三元 3.6V 5000mAh 圆柱21700", "三星SDI"),
                   V("INR18650-35E", "三元 3.6V 3500mAh 圆柱18650", "三星SDI"),
                   V("INR18650-MJ1", "三元 3.635V 3500mAh 圆柱18650 高能量", "LG"),
                   V("INR18650-30Q", "三元 3.6V 3000mAh 圆柱18650 15A放电", "三星SDI"),
               ]))

    # ---------------------------------------------------------------- electronics
    add(Family("igbt", "electronics", "component", ("IGBT模块", "IGBT功率模块", "功率模块"), "IGBT module", "只",
               ("电驱逆变器", "光伏逆变器", "变频器", "充电桩"), [
                   V("FF450R12ME4", "1200V 450A EconoDUAL3 半桥", "英飞凌"),
                   V("FF300R12ME4", "1200V 300A EconoDUAL3 半桥", "英飞凌"),
                   V("FF450R17ME4", "1700V 450A EconoDUAL3 半桥", "英飞凌"),
                   V("FF600R12ME4", "1200V 600A EconoDUAL3 半桥", "英飞凌"),
                   V("FF225R12ME4", "1200V 225A EconoDUAL3 半桥", "英飞凌"),
                   V("FS820R08A6P2B", "750V 820A HPD封装 六单元 车规", "英飞凌"),
                   V("FS380R12A6T4B", "1200V 380A HPD封装 六单元 车规", "英飞凌"),
                   V("CM450DX-24T", "1200V 450A NX封装 双管", "三菱"),
                   V("2MBI450VN-120-50", "1200V 450A M254封装 双管", "富士"),
                   V("GD450HFT120C2S", "1200V 450A C2封装 半桥 国产", "斯达"),
               ], vendor_note="授权代理", alternates=(("FF450R12ME4", "GD450HFT120C2S"),)))
    add(Family("sic_mosfet", "electronics", "component", ("SiC MOSFET", "碳化硅MOSFET", "碳化硅场效应管", "碳化硅功率管"),
               "SiC MOSFET", "只", ("OBC车载充电机", "光伏逆变器", "充电桩模块"), [
                   V("IMW120R045M1", "1200V 45mΩ TO-247-3", "英飞凌"),
                   V("IMW120R030M1H", "1200V 30mΩ TO-247-3", "英飞凌"),
                   V("C3M0075120K", "1200V 75mΩ TO-247-4", "Wolfspeed"),
                   V("C3M0040120K", "1200V 40mΩ TO-247-4", "Wolfspeed"),
                   V("SCT3040KL", "1200V 40mΩ TO-247N", "罗姆"),
                   V("SCT3080KL", "1200V 80mΩ TO-247N", "罗姆"),
                   V("B2M040120Z", "1200V 40mΩ TO-247-4 国产", "基本半导体"),
               ], vendor_note="代理"))
    add(Family("mcu", "electronics", "component", ("单片机", "MCU", "微控制器", "32位单片机"), "microcontroller", "片",
               ("车身控制器", "电机驱动板", "工控主板", "BMS从控"), [
                   V("STM32F103C8T6", "Cortex-M3 72MHz 64KB-Flash LQFP48", "ST"),
                   V("STM32F103RBT6", "Cortex-M3 72MHz 128KB-Flash LQFP64", "ST"),
                   V("STM32F103VET6", "Cortex-M3 72MHz 512KB-Flash LQFP100", "ST"),
                   V("STM32F407VGT6", "Cortex-M4 168MHz 1MB-Flash LQFP100", "ST"),
                   V("STM32G431CBU6", "Cortex-M4 170MHz 128KB-Flash UFQFPN48", "ST"),
                   V("GD32F103C8T6", "Cortex-M3 108MHz 64KB-Flash LQFP48 国产", "兆易创新"),
                   V("S32K144HFT0VLLT", "Cortex-M4F 112MHz 512KB-Flash LQFP100 车规", "NXP"),
                   V("S32K146HFT0VLLT", "Cortex-M4F 112MHz 1MB-Flash LQFP100 车规", "NXP"),
                   V("SAK-TC397XX-256F300S BC", "TriCore 300MHz 16MB-Flash LFBGA292 ASIL-D", "英飞凌"),
                   V("CH32V103C8T6", "RISC-V 80MHz 64KB-Flash LQFP48 国产", "沁恒"),
               ], vendor_note="代理", alternates=(("STM32F103C8T6", "GD32F103C8T6"),)))
    add(Family("connector", "electronics", "component", ("连接器", "接插件", "插接件", "端子连接器"), "connector", "只",
               ("控制板对线", "整车线束", "电池包"), [
                   V("43025-0400", "Micro-Fit3.0 母端胶壳 2×2P 间距3.0mm", "Molex"),
                   V("43025-0600", "Micro-Fit3.0 母端胶壳 2×3P 间距3.0mm", "Molex"),
                   V("43045-0400", "Micro-Fit3.0 公端插座 2×2P 间距3.0mm 直插", "Molex"),
                   V("XHP-2", "XH系列 胶壳 2P 间距2.5mm", "JST"),
                   V("XHP-4", "XH系列 胶壳 4P 间距2.5mm", "JST"),
                   V("PHR-4", "PH系列 胶壳 4P 间距2.0mm", "JST"),
                   V("1-1564516-1", "MCON1.2 汽车防水连接器 母端 6P", "TE"),
                   V("282104-1", "Superseal1.5 防水连接器 母端 4P", "TE"),
                   V("HVC2P280MV100", "高压连接器 2P 800V 250A 屏蔽 新能源", "瑞可达"),
                   V("HVC2P150MV060", "高压连接器 2P 1000V 150A 屏蔽 新能源", "瑞可达"),
               ], vendor_note="代理"))
    add(Family("pressure_sensor", "electronics", "component", ("压力传感器", "压力变送器", "压力传感器模块"),
               "pressure sensor", "只", ("进气歧管", "液压站", "空压系统"), [
                   V("MPX5700AP", "0~700kPa 绝压 0.2~4.7V输出", "NXP"),
                   V("MPX5010DP", "0~10kPa 差压 0.2~4.7V输出", "NXP"),
                   V("CYB-20S-10MPa", "0~10MPa 4~20mA M20×1.5 国产"),
                   V("CYB-20S-1.6MPa", "0~1.6MPa 4~20mA M20×1.5 国产"),
                   V("0261230340", "进气压力温度传感器 MAP 车规", "Bosch"),
                   V("0281002437", "共轨压力传感器 1800bar 柴油机", "Bosch"),
               ]))
    add(Family("current_sensor", "electronics", "component", ("霍尔电流传感器", "电流传感器", "霍尔传感器"),
               "Hall current sensor", "只", ("变频器", "电池包", "光伏逆变器"), [
                   V("HASS 50-S", "额定50A 开环 5V供电", "LEM"),
                   V("HASS 100-S", "额定100A 开环 5V供电", "LEM"),
                   V("LF 310-S", "额定300A 闭环 ±15V供电", "LEM"),
                   V("DHAB S/118", "双量程 电池包电流检测 车规", "LEM"),
                   V("ACS712ELCTR-20A-T", "±20A 芯片式 SOIC8", "Allegro"),
                   V("ACS712ELCTR-05B-T", "±5A 芯片式 SOIC8", "Allegro"),
                   V("ACS758LCB-100B-PFF-T", "±100A 芯片式 CB封装", "Allegro"),
               ], vendor_note="代理"))
    add(Family("proximity", "electronics", "component", ("接近开关", "接近传感器", "感应开关"), "proximity sensor", "只",
               ("自动化产线", "工装夹具到位检测"), [
                   V("E2E-X5ME1 2M", "M18 检测距离5mm NPN常开 屏蔽 2m线", "欧姆龙"),
                   V("E2E-X10ME1 2M", "M30 检测距离10mm NPN常开 屏蔽 2m线", "欧姆龙"),
                   V("E2E-X2ME1 2M", "M12 检测距离2mm NPN常开 屏蔽 2m线", "欧姆龙"),
                   V("IME12-04BPSZC0K", "M12 检测距离4mm PNP常开 齐平 M12插头", "Sick"),
                   V("PR18-8DN", "M18 检测距离8mm NPN常开 非屏蔽", "奥托尼克斯"),
                   V("PR12-4DN", "M12 检测距离4mm NPN常开 非屏蔽", "奥托尼克斯"),
               ]))
    add(Family("temp_sensor", "electronics", "component", ("温度传感器", "NTC热敏电阻", "热敏电阻", "测温元件"),
               "temperature sensor", "只", ("电池包测温", "电机绕组测温", "炉温监测"), [
                   V("NTCLE100E3103JB0", "10kΩ B3977 ±5% 引线式", "Vishay"),
                   V("MF52A103J3950", "10kΩ B3950 ±5% 环氧封装 国产"),
                   V("NCP18XH103F03RB", "10kΩ B3380 ±1% 0603贴片", "村田"),
                   V("WZP-230", "Pt100 A级 M12螺纹 -50~300℃ 铂电阻"),
                   V("WRN-130", "K型热电偶 0~1000℃ 铠装 Φ6mm"),
               ]))
    add(Family("pcb", "electronics", "component", ("PCB", "印制电路板", "线路板", "PCB板", "电路板"), "printed circuit board",
               "㎡", ("控制器主板", "BMS采集板", "车灯驱动板"), [
                   V("", "2层 FR-4 板厚1.6mm 喷锡 1oz"),
                   V("", "4层 FR-4 TG150 板厚1.6mm 沉金 1oz"),
                   V("", "4层 FR-4 TG170 板厚1.6mm 沉金 1oz"),
                   V("", "4层 FR-4 TG170 板厚1.2mm 沉金 1oz"),
                   V("", "6层 FR-4 TG170 板厚1.6mm 沉金 1oz"),
                   V("", "6层 FR-4 TG170 板厚2.0mm 沉金 2oz"),
                   V("", "8层 FR-4 TG170 板厚1.6mm 沉金 盲埋孔"),
                   V("", "2层 铝基板 板厚1.5mm 喷锡 导热2.0W"),
                   V("", "4层 FR-4 TG150 板厚1.6mm OSP 1oz"),
                   V("", "2层 FR-4 板厚1.0mm OSP 1oz"),
                   V("", "4层 RO4350B 板厚0.8mm 沉金 高频"),
               ], model_identifies=False))
    add(Family("display", "electronics", "component", ("液晶显示屏", "显示屏", "LCD屏", "TFT液晶屏", "液晶模组"),
               "LCD display", "片", ("车载中控", "工业HMI", "仪表"), [
                   V("AT070TN94", "7英寸 800×480 TFT RGB接口", "群创"),
                   V("AT070TN92", "7英寸 800×480 TFT RGB接口 带电阻触摸", "群创"),
                   V("TM070RDH10", "7英寸 800×480 TN 宽温-30~85℃", "天马"),
                   V("G101EVN01.0", "10.1英寸 1280×800 IPS LVDS接口", "友达"),
                   V("G121XCE-L01", "12.1英寸 1024×768 LVDS接口 工业级", "群创"),
                   V("EV101WXM-N10", "10.1英寸 1280×800 eDP接口 车载", "京东方"),
                   V("G150XGE-L05", "15英寸 1024×768 LVDS接口 高亮", "群创"),
               ], vendor_note="代理"))
    add(Family("mlcc", "electronics", "component", ("贴片电容", "MLCC", "片式多层陶瓷电容", "陶瓷电容"), "MLCC capacitor",
               "只", ("电源板", "控制板", "车载电子"), [
                   V("GRM188R71H104KA93D", "0603 100nF 50V X7R ±10%", "村田"),
                   V("GRM188R71H103KA01D", "0603 10nF 50V X7R ±10%", "村田"),
                   V("GRM21BR61E106KA73L", "0805 10μF 25V X5R ±10%", "村田"),
                   V("GRM155R71C104KA88D", "0402 100nF 16V X7R ±10%", "村田"),
                   V("GCM188R71H104KA57D", "0603 100nF 50V X7R ±10% AEC-Q200车规", "村田"),
                   V("CL21B105KBFNNNE", "0805 1μF 50V X7R ±10%", "三星"),
               ], vendor_note="代理"))

    # ---------------------------------------------------------------- equipment
    add(Family("servo_motor", "equipment", "component", ("伺服电机", "伺服马达", "交流伺服电机"), "AC servo motor", "台",
               ("机器人关节", "数控机床进给", "包装机"), [
                   V("SGMJV-04ADE6S", "Σ-V 400W 3000rpm 200V 20位编码器", "安川"),
                   V("SGMJV-08ADE6S", "Σ-V 750W 3000rpm 200V 20位编码器", "安川"),
                   V("SGMJV-02ADE6S", "Σ-V 200W 3000rpm 200V 20位编码器", "安川"),
                   V("SGM7J-04AFC6S", "Σ-7 400W 3000rpm 200V 24位编码器", "安川"),
                   V("MHMF042L1U2M", "A6 400W 高惯量 23位编码器", "松下"),
                   V("MSMF082L1U2M", "A6 750W 低惯量 23位编码器", "松下"),
                   V("MS1H1-40B30CB-A331Z", "SV660 400W 3000rpm 23位编码器", "汇川"),
                   V("1FK7060-2AF71-1RG1", "S120配套 2.6Nm 3000rpm 同步伺服", "西门子"),
               ], alternates=(("SGMJV-04ADE6S", "SGM7J-04AFC6S"),)))
    add(Family("servo_drive", "equipment", "component", ("伺服驱动器", "伺服放大器", "伺服控制器"), "servo drive", "台",
               ("机器人", "数控机床", "自动化产线"), [
                   V("SGD7S-2R8A00A", "Σ-7 400W 200V 脉冲/模拟量", "安川"),
                   V("SGD7S-5R5A00A", "Σ-7 750W 200V 脉冲/模拟量", "安川"),
                   V("SGDV-2R8A01B", "Σ-V 400W 200V", "安川"),
                   V("MADLT15SF", "A6 400W 单相200V", "松下"),
                   V("MBDLT25SF", "A6 750W 单相200V", "松下"),
                   V("SV660PS2R8I", "SV660 400W 220V 脉冲型", "汇川"),
               ]))
    add(Family("plc", "equipment", "component", ("PLC", "可编程控制器", "可编程逻辑控制器", "PLC控制器"),
               "programmable logic controller", "台", ("产线控制", "输送线", "焊装夹具"), [
                   V("6ES7214-1AG40-0XB0", "S7-1200 CPU1214C DC/DC/DC 14入10出", "西门子"),
                   V("6ES7214-1BG40-0XB0", "S7-1200 CPU1214C AC/DC/RLY 14入10出", "西门子"),
                   V("6ES7215-1AG40-0XB0", "S7-1200 CPU1215C DC/DC/DC 14入10出 双网口", "西门子"),
                   V("6ES7212-1AE40-0XB0", "S7-1200 CPU1212C DC/DC/DC 8入6出", "西门子"),
                   V("6ES7511-1AK02-0AB0", "S7-1500 CPU1511-1PN", "西门子"),
                   V("6ES7288-1SR40-0AA1", "S7-200SMART SR40 AC/DC/RLY 24入16出", "西门子"),
                   V("FX5U-32MT/ES", "iQ-F 16入16出 晶体管输出", "三菱"),
                   V("FX5U-64MR/ES", "iQ-F 32入32出 继电器输出", "三菱"),
                   V("FX3U-48MR/ES-A", "FX3U 24入24出 继电器输出", "三菱"),
                   V("CP1H-X40DT-D", "CP1H 24入16出 晶体管 DC24V", "欧姆龙"),
                   V("H5U-1614MTD", "H5U 16入14出 晶体管 EtherCAT", "汇川"),
               ]))
    add(Family("vfd", "equipment", "component", ("变频器", "变频调速器", "交流变频器", "变频驱动器"), "frequency inverter",
               "台", ("风机水泵", "输送线", "空压机"), [
                   V("ACS580-01-12A7-4", "ACS580系列 5.5kW 380V 12.7A", "ABB"),
                   V("ACS580-01-026A-4", "ACS580系列 11kW 380V 26A", "ABB"),
                   V("6SL3210-1KE21-7UF1", "G120C 7.5kW 380V 带滤波器", "西门子"),
                   V("6SL3210-1KE17-5UF1", "G120C 3kW 380V 带滤波器", "西门子"),
                   V("FR-E740-5.5K-CHT", "E700系列 5.5kW 380V", "三菱"),
                   V("FR-D740-1.5K-CHT", "D700系列 1.5kW 380V", "三菱"),
                   V("MD500T5.5GB", "MD500系列 5.5kW 380V 通用型", "汇川"),
                   V("MD500T7.5GB", "MD500系列 7.5kW 380V 通用型", "汇川"),
               ]))
    add(Family("reducer", "equipment", "component", ("减速机", "减速器", "精密减速机"), "gear reducer", "台",
               ("机器人关节", "伺服轴", "输送线驱动"), [
                   V("PLF090-10", "行星减速机 法兰90 速比10 背隙≤8弧分", "纽卡特"),
                   V("PLF090-5", "行星减速机 法兰90 速比5 背隙≤8弧分", "纽卡特"),
                   V("PLF120-10", "行星减速机 法兰120 速比10 背隙≤8弧分", "纽卡特"),
                   V("CSF-25-100-2UH", "谐波减速器 25型 速比100 单元型", "哈默纳科"),
                   V("CSF-20-80-2UH", "谐波减速器 20型 速比80 单元型", "哈默纳科"),
                   V("LHS-25-100", "谐波减速器 25型 速比100 中空型", "绿的谐波"),
                   V("RV-40E-153", "RV减速机 40E 速比153", "纳博特斯克"),
                   V("RV-20E-121", "RV减速机 20E 速比121", "纳博特斯克"),
                   V("NMRV050-30", "蜗轮蜗杆减速机 中心距50 速比30 铝壳"),
                   V("NMRV063-40", "蜗轮蜗杆减速机 中心距63 速比40 铝壳"),
               ]))
    add(Family("ball_bearing", "equipment", "component", ("深沟球轴承", "轴承", "球轴承"), "deep groove ball bearing", "套",
               ("电机", "减速机", "输送辊"), _bearing_variants()))
    add(Family("taper_bearing", "equipment", "component", ("圆锥滚子轴承", "锥形滚子轴承", "圆锥轴承"),
               "tapered roller bearing", "套", ("减速机输出轴", "车桥", "轮毂"), [
                   V("30205", "25×52×16.25mm 单列", "NSK"),
                   V("30206", "30×62×17.25mm 单列", "瓦轴"),
                   V("30207", "35×72×18.25mm 单列", "洛轴"),
                   V("32210", "50×90×24.75mm 单列 宽系列", "TIMKEN"),
                   V("32008X", "40×68×19mm 单列", "瓦轴"),
                   V("33205", "25×52×22mm 单列 加宽", "洛轴"),
               ]))
    add(Family("linear_guide", "equipment", "component", ("直线导轨", "线性导轨", "直线滑轨", "导轨滑块"), "linear guide",
               "套", ("数控机床", "龙门桁架", "自动化设备"), [
                   V("HGH20CA", "导轨宽20 方形滑块 标准型", "上银"),
                   V("HGH25CA", "导轨宽25 方形滑块 标准型", "上银"),
                   V("HGW25CC", "导轨宽25 法兰滑块 标准型", "上银"),
                   V("HGH15CA", "导轨宽15 方形滑块 标准型", "上银"),
                   V("SHS25C", "导轨宽25 方形滑块 钢珠保持器", "THK"),
                   V("MGN12H", "微型导轨宽12 加长滑块", "上银"),
               ]))
    add(Family("ball_screw", "equipment", "component", ("滚珠丝杠", "滚珠丝杆", "丝杠"), "ball screw", "根",
               ("数控机床", "直线模组"), [
                   V("SFU1605", "公称直径16 导程5 单螺母 C7级"),
                   V("SFU2005", "公称直径20 导程5 单螺母 C7级"),
                   V("SFU1610", "公称直径16 导程10 单螺母 C7级"),
                   V("SFU2510", "公称直径25 导程10 单螺母 C7级"),
                   V("DFU2005", "公称直径20 导程5 双螺母 C5级"),
                   V("R25-10K4-FSC", "公称直径25 导程10 研磨 C3级", "上银"),
               ]))
    add(Family("cnc_system", "equipment", "component", ("数控系统", "CNC系统", "数控装置"), "CNC control", "套",
               ("加工中心改造", "数控车床配套"), [
                   V("0i-MF Plus", "铣床/加工中心 5轴 10.4英寸", "发那科"),
                   V("0i-TF Plus", "车床 4轴 10.4英寸", "发那科"),
                   V("828D", "SINUMERIK 铣削版 10.4英寸", "西门子"),
                   V("808D ADVANCED", "SINUMERIK 车削版 经济型", "西门子"),
                   V("HNC-818B", "铣削 总线式 国产", "华中数控"),
                   V("GSK 980TDi", "车床 两轴 经济型", "广州数控"),
               ]))
    add(Family("cnc_lathe", "equipment", "component", ("数控车床", "CNC车床", "卧式数控车床"), "CNC lathe", "台",
               ("轴类零件加工", "法兰盘加工"), [
                   V("CK6140", "床身回转直径400mm 最大加工长度750mm"),
                   V("CK6150", "床身回转直径500mm 最大加工长度1000mm"),
                   V("CK6136", "床身回转直径360mm 最大加工长度500mm"),
                   V("CK6180", "床身回转直径800mm 最大加工长度1500mm"),
               ]))
    add(Family("machining_center", "equipment", "component", ("立式加工中心", "加工中心", "CNC加工中心", "立加"),
               "vertical machining centre", "台", ("壳体加工", "模具加工"), [
                   V("VMC850", "行程800×500×500mm BT40 主轴8000rpm"),
                   V("VMC1060", "行程1000×600×600mm BT40 主轴8000rpm"),
                   V("VMC1160", "行程1100×600×600mm BT40 主轴10000rpm"),
                   V("VMC650", "行程650×400×450mm BT30 主轴12000rpm"),
               ]))
    add(Family("robot", "equipment", "component", ("工业机器人", "机器人", "机械臂", "六轴机器人"), "industrial robot", "台",
               ("焊装线", "搬运码垛", "涂胶"), [
                   V("IRB 1200-7/0.7", "6轴 负载7kg 臂展700mm", "ABB"),
                   V("IRB 2600-20/1.65", "6轴 负载20kg 臂展1650mm", "ABB"),
                   V("IRB 6700-200/2.60", "6轴 负载200kg 臂展2600mm", "ABB"),
                   V("M-20iD/25", "6轴 负载25kg 臂展1831mm", "发那科"),
                   V("LR Mate 200iD/7L", "6轴 负载7kg 臂展911mm", "发那科"),
                   V("KR 10 R1100-2", "6轴 负载10kg 臂展1101mm", "库卡"),
                   V("ER20-1780", "6轴 负载20kg 臂展1780mm 国产", "埃斯顿"),
                   V("ER6-1400-H", "6轴 负载6kg 臂展1400mm 弧焊 国产", "埃斯顿"),
               ]))
    add(Family("hyd_valve", "equipment", "component", ("电磁换向阀", "液压电磁阀", "换向阀", "液压阀"),
               "solenoid directional valve", "只", ("液压站", "压力机"), [
                   V("4WE6D6X/EG24N9K4", "NG6 D型机能 DC24V", "力士乐"),
                   V("4WE6J6X/EG24N9K4", "NG6 J型机能 DC24V", "力士乐"),
                   V("4WE6E6X/EG24N9K4", "NG6 E型机能 DC24V", "力士乐"),
                   V("4WE10E3X/CG24N9K4", "NG10 E型机能 DC24V", "力士乐"),
                   V("DSG-01-3C4-D24-N1-50", "NG6 三位四通 C4机能 DC24V", "油研"),
                   V("DSG-01-3C2-D24-N1-50", "NG6 三位四通 C2机能 DC24V", "油研"),
               ]))
    add(Family("hyd_pump", "equipment", "component", ("液压泵", "柱塞泵", "油泵"), "hydraulic pump", "台",
               ("液压站", "注塑机", "压铸机"), [
                   V("A10VSO28DFR1/31R-PPA12N00", "轴向柱塞泵 排量28ml/r 恒压负载敏感", "力士乐"),
                   V("A10VSO45DFR1/31R-PPA12N00", "轴向柱塞泵 排量45ml/r 恒压负载敏感", "力士乐"),
                   V("A10VSO71DR/31R-PPA12N00", "轴向柱塞泵 排量71ml/r 恒压", "力士乐"),
                   V("CBN-E310", "齿轮泵 排量10ml/r"),
                   V("CBN-E316", "齿轮泵 排量16ml/r"),
                   V("PV2R1-19-F-RAA-41", "叶片泵 排量19ml/r", "油研"),
               ]))
    add(Family("hyd_cylinder", "equipment", "component", ("液压缸", "油缸", "液压油缸"), "hydraulic cylinder", "支",
               ("压力机", "工装夹紧", "举升机构"), [
                   V("HSG63/35-200", "缸径63 杆径35 行程200 工程缸"),
                   V("HSG80/45-300", "缸径80 杆径45 行程300 工程缸"),
                   V("HSG100/55-500", "缸径100 杆径55 行程500 工程缸"),
                   V("MOB50×100", "缸径50 行程100 轻型拉杆缸"),
                   V("MOB63×200", "缸径63 行程200 轻型拉杆缸"),
               ]))
    add(Family("cylinder", "equipment", "component", ("气缸", "气动气缸", "薄型气缸"), "pneumatic cylinder", "只",
               ("焊装夹具", "自动化设备"), [
                   V("CDQ2B32-20DZ", "薄型 缸径32 行程20 带磁", "SMC"),
                   V("CDQ2B32-30DZ", "薄型 缸径32 行程30 带磁", "SMC"),
                   V("CQ2B50-50DZ", "薄型 缸径50 行程50", "SMC"),
                   V("SC63X100", "标准气缸 缸径63 行程100", "亚德客"),
                   V("SC50X200", "标准气缸 缸径50 行程200", "亚德客"),
                   V("MAL25X100", "迷你气缸 缸径25 行程100 铝合金", "亚德客"),
               ]))
    add(Family("camera", "equipment", "component", ("工业相机", "面阵相机", "机器视觉相机", "CCD相机"), "industrial camera",
               "台", ("视觉检测", "焊缝跟踪", "读码"), [
                   V("MV-CA050-10GM", "500万像素 黑白 GigE 2/3英寸", "海康机器人"),
                   V("MV-CA050-10GC", "500万像素 彩色 GigE 2/3英寸", "海康机器人"),
                   V("MV-CS200-10GM", "2000万像素 黑白 GigE 1英寸", "海康机器人"),
                   V("MV-CA013-20GM", "130万像素 黑白 GigE 1/2英寸", "海康机器人"),
                   V("acA2500-14gm", "500万像素 黑白 GigE 1/2.5英寸", "Basler"),
               ]))

    # ---------------------------------------------------------------- materials
    al_grades = [("6063-T5", ""), ("6063-T6", ""), ("6061-T6", ""), ("6082-T6", ""), ("6005A-T6", "")]
    al_sections = ["3030欧标 壁厚1.8mm", "4040欧标 壁厚2.0mm", "4080欧标 壁厚2.0mm", "方管50×50×3mm", "电池托盘边梁 壁厚3.0mm"]
    add(Family("al_profile", "materials", "raw_material", ("铝合金型材", "铝型材", "工业铝型材", "铝合金挤压型材"),
               "aluminium extrusion", "吨", ("设备框架", "电池托盘", "车身结构件"),
               _grade_by_spec(al_grades, al_sections, ["西南铝", "忠旺", "坚美"]), model_identifies=False))
    al_plate_grades = [("5052-H32", ""), ("5083-H111", ""), ("6061-T651", ""), ("1060-H24", ""), ("3003-H14", "")]
    al_plate_specs = ["厚1.0mm×1250mm", "厚2.0mm×1250mm", "厚3.0mm×1500mm", "厚5.0mm×1500mm", "厚10mm×1500mm"]
    add(Family("al_plate", "materials", "raw_material", ("铝板", "铝合金板", "铝合金板材", "铝薄板"), "aluminium sheet", "吨",
               ("电池箱体", "钣金件", "冲压件"), _grade_by_spec(al_plate_grades, al_plate_specs, ["西南铝", "忠旺"]),
               model_identifies=False))
    cr_grades = [("DC01", "GB/T5213"), ("DC03", "GB/T5213"), ("DC04", "GB/T5213"), ("SPCC", "JISG3141"),
                 ("HC340LA", "低合金高强"), ("DC06", "GB/T5213")]
    cr_specs = ["厚0.8mm×1250mm", "厚1.0mm×1250mm", "厚1.2mm×1250mm", "厚1.5mm×1500mm", "厚2.0mm×1500mm"]
    add(Family("cold_rolled", "materials", "raw_material", ("冷轧钢板", "冷轧板", "冷轧卷", "冷板"), "cold rolled steel",
               "吨", ("车身冲压件", "钣金件", "家电外壳"), _grade_by_spec(cr_grades, cr_specs, ["宝钢", "鞍钢", "攀钢"]),
               model_identifies=False))
    hr_grades = [("Q235B", "GB/T700"), ("Q355B", "GB/T1591"), ("SPHC", "酸洗"), ("SAPH440", "汽车结构用")]
    hr_specs = ["厚3.0mm×1500mm", "厚4.0mm×1500mm", "厚6.0mm×1800mm", "厚8.0mm×2000mm", "厚10mm×2000mm"]
    add(Family("hot_rolled", "materials", "raw_material", ("热轧钢板", "热轧板", "热轧卷板", "中厚板"), "hot rolled steel",
               "吨", ("车架", "结构件", "工程机械"), _grade_by_spec(hr_grades, hr_specs, ["重钢", "攀钢", "宝钢"]),
               model_identifies=False))
    galv_grades = [("DX51D+Z", "Z80"), ("DX52D+Z", "Z120"), ("DX53D+Z", "Z120"), ("SGCC", "Z275")]
    galv_specs = ["厚0.6mm×1219mm", "厚0.8mm×1250mm", "厚1.0mm×1250mm", "厚1.5mm×1250mm"]
    add(Family("galvanized", "materials", "raw_material", ("镀锌板", "热镀锌钢板", "镀锌卷", "白铁皮"), "galvanized steel",
               "吨", ("机柜钣金", "通风管道", "车身内板"), _grade_by_spec(galv_grades, galv_specs, ["宝钢", "攀钢"]),
               model_identifies=False))
    bar_grades = [("45#", "GB/T699 调质"), ("40Cr", "GB/T3077 调质"), ("20CrMnTi", "GB/T3077 渗碳齿轮钢"),
                  ("42CrMo", "GB/T3077 调质"), ("35CrMo", "GB/T3077")]
    bar_specs = ["Φ20mm", "Φ30mm", "Φ50mm", "Φ80mm"]
    add(Family("round_bar", "materials", "raw_material", ("圆钢", "合金结构钢圆钢", "钢棒", "棒材"), "alloy steel bar", "吨",
               ("齿轮轴", "传动轴", "紧固件"), _grade_by_spec(bar_grades, bar_specs, ["重钢", "宝钢", "攀钢"]),
               model_identifies=False))
    ss_grades = [("SUS304", "2B面"), ("SUS316L", "2B面"), ("SUS430", "BA面"), ("SUS201", "2B面")]
    ss_specs = ["厚1.0mm×1219mm", "厚2.0mm×1219mm", "厚3.0mm×1500mm"]
    add(Family("stainless", "materials", "raw_material", ("不锈钢板", "不锈钢卷板", "不锈钢薄板"), "stainless steel sheet",
               "吨", ("设备外壳", "食品设备", "排气系统"), _grade_by_spec(ss_grades, ss_specs, ["太钢", "宝钢"], step=1),
               model_identifies=False))
    brass_grades = [("H62", "GB/T4423"), ("H65", "GB/T4423"), ("HPb59-1", "易切削"), ("HPb63-3", "易切削")]
    brass_specs = ["Φ10mm", "Φ20mm", "Φ30mm", "Φ40mm"]
    add(Family("brass_rod", "materials", "raw_material", ("黄铜棒", "铜棒", "黄铜圆棒"), "brass rod", "吨",
               ("接头", "阀体", "电气端子"), _grade_by_spec(brass_grades, brass_specs, ["宁波金田", "海亮"]),
               model_identifies=False))
    cu_grades = [("T2", "GB/T5585"), ("TU1", "无氧铜")]
    cu_specs = ["3×30mm", "5×50mm", "8×80mm", "10×100mm"]
    add(Family("cu_busbar", "materials", "raw_material", ("紫铜排", "铜排", "导电铜排", "T2铜排"), "copper busbar", "吨",
               ("配电柜", "电池包连接", "充电桩"), _grade_by_spec(cu_grades, cu_specs, ["宁波金田", "海亮"], step=1),
               model_identifies=False))
    add(Family("cu_foil", "materials", "raw_material", ("电解铜箔", "锂电铜箔", "铜箔"), "copper foil", "吨",
               ("锂电负极集流体", "覆铜板"), [
                   V("", "6μm 双面光 锂电用 抗拉≥300MPa", "诺德"),
                   V("", "8μm 双面光 锂电用", "诺德"),
                   V("", "4.5μm 极薄 锂电用", "嘉元"),
                   V("", "18μm HTE 覆铜板用", "嘉元"),
                   V("", "35μm HTE 覆铜板用", "诺德"),
               ], model_identifies=False))
    add(Family("plastic", "materials", "raw_material", ("工程塑料", "改性塑料", "塑料粒子", "塑胶原料"),
               "engineering plastic", "吨", ("连接器外壳", "进气歧管", "内饰件"), [
                   V("PA66-GF30", "改性尼龙66 玻纤30% 黑色 热稳定", "金发科技", ("改性尼龙", "增强尼龙", "尼龙66")),
                   V("PA66-GF30", "改性尼龙66 玻纤30% 本色 A3WG6", "巴斯夫", ("改性尼龙", "增强尼龙", "尼龙66")),
                   V("PA6-GF30", "改性尼龙6 玻纤30% 黑色", "金发科技", ("改性尼龙", "增强尼龙", "尼龙6")),
                   V("PA66-GF25", "改性尼龙66 玻纤25% 阻燃V-0", "金发科技", ("阻燃尼龙", "改性尼龙")),
                   V("PBT-GF30", "PBT 玻纤30% 黑色 4130", "长春化工", ("增强PBT", "PBT粒子")),
                   V("PC/ABS", "PC/ABS合金 阻燃V-0 FR3010", "科思创", ("PC/ABS合金", "阻燃PC/ABS")),
                   V("POM", "M90-44 本色 通用级 聚甲醛", "宝理", ("POM", "聚甲醛", "赛钢")),
                   V("PP-TD20", "改性PP 滑石粉20% 黑色 汽车内饰", "普利特", ("改性PP", "改性聚丙烯")),
                   V("ABS", "PA-757 本色 通用级", "奇美", ("ABS", "ABS粒子")),
               ], model_identifies=False))
    add(Family("carbon_fiber", "materials", "raw_material", ("碳纤维", "碳纤维丝", "碳纤维原丝"), "carbon fibre", "千克",
               ("电池上盖", "无人机结构件", "复材传动轴"), [
                   V("T300-3K", "3K 拉伸强度3530MPa 小丝束", "东丽"),
                   V("T700SC-12K", "12K 拉伸强度4900MPa", "东丽"),
                   V("T700SC-24K", "24K 拉伸强度4900MPa", "东丽"),
                   V("T800HB-12K", "12K 拉伸强度5490MPa", "东丽"),
                   V("SYT49S-12K", "12K 拉伸强度4900MPa T700级 国产", "中复神鹰"),
               ], alternates=(("T700SC-12K", "SYT49S-12K"),)))
    add(Family("glass_fiber", "materials", "raw_material", ("玻璃纤维", "玻纤直接纱", "无碱玻纤纱", "玻纤"), "glass fibre",
               "吨", ("缠绕管道", "SMC片材", "拉挤型材"), [
                   V("ER13-2400-988A", "E玻纤 2400tex 缠绕用直接纱", "巨石"),
                   V("ER13-1200-988A", "E玻纤 1200tex 缠绕用直接纱", "巨石"),
                   V("ER17-4800-312", "E玻纤 4800tex 拉挤用直接纱", "巨石"),
                   V("EC13-2400-528", "E玻纤 2400tex SMC合股纱", "巨石"),
               ]))
    mag_grades = [("N35", "镀镍"), ("N42", "镀镍"), ("N52", "镀镍"), ("38SH", "镀锌 耐温150℃"),
                  ("42SH", "镀锌 耐温150℃"), ("45UH", "环氧涂层 耐温180℃"), ("48H", "镀镍 耐温120℃")]
    mag_specs = ["方块50×25×10mm", "圆片D10×3mm", "电机磁钢40×15×5mm"]
    add(Family("ndfeb", "materials", "raw_material", ("钕铁硼磁钢", "烧结钕铁硼", "钕铁硼永磁体", "NdFeB磁体", "强磁"),
               "sintered NdFeB magnet", "千克", ("驱动电机转子", "伺服电机", "传感器"),
               _grade_by_spec(mag_grades, mag_specs, ["中科三环", "金力永磁"]), model_identifies=False))
    add(Family("re_oxide", "materials", "raw_material", ("稀土氧化物", "稀土原料"), "rare earth oxide", "吨",
               ("磁材熔炼", "稀土功能材料生产"), [
                   V("PrNd-99.5", "Pr6O11+Nd2O3/TREO≥99.5% Pr占25%", "北方稀土", ("氧化镨钕", "镨钕氧化物")),
                   V("Dy2O3-99.5", "Dy2O3/TREO≥99.5%", "北方稀土", ("氧化镝", "三氧化二镝")),
                   V("Tb4O7-99.99", "Tb4O7/TREO≥99.99%", "北方稀土", ("氧化铽", "七氧化四铽")),
                   V("PrNd-M99", "金属镨钕 TREM≥99% 锭状", "北方稀土", ("金属镨钕", "镨钕合金")),
                   V("DyFe-80", "镝铁合金 Dy≥80%", "北方稀土", ("镝铁合金", "镝铁")),
                   V("CeO2-99.99", "CeO2/TREO≥99.99% 抛光用", "北方稀土", ("氧化铈", "稀土抛光粉")),
               ]))

    # ---------------------------------------------------------------- chemicals
    add(Family("coating", "chemicals", "raw_material", ("涂料", "油漆", "工业涂料"), "industrial coating", "吨",
               ("车身涂装", "零部件防腐", "设备面漆"), [
                   V("HT-9200", "阴极电泳 灰色 低温固化160℃", "PPG", ("阴极电泳漆", "电泳漆", "电泳涂料")),
                   V("HT-9210", "阴极电泳 黑色 高泳透力", "PPG", ("阴极电泳漆", "电泳漆", "电泳涂料")),
                   V("PE-9005-G", "聚酯 RAL9005黑 高光 户外型", "立邦", ("粉末涂料", "静电粉末", "塑粉")),
                   V("EP-7035-M", "环氧聚酯 RAL7035灰 哑光 室内型", "立邦", ("粉末涂料", "静电粉末", "塑粉")),
                   V("WPU-9010", "水性 双组分 RAL9010白 面漆", "PPG", ("聚氨酯面漆", "PU面漆", "水性聚氨酯漆")),
                   V("EZP-80", "锌含量≥80% 灰色 双组分", "立邦", ("环氧富锌底漆", "富锌底漆")),
                   V("AF-300", "丙烯酸 氨基烘漆 银灰 摩托车件", "立邦", ("氨基烤漆", "烤漆")),
               ]))
    add(Family("adhesive", "chemicals", "raw_material", ("胶粘剂", "粘合剂", "胶水", "黏合剂"), "adhesive", "支",
               ("总装", "电子灌封", "螺栓防松"), [
                   V("243", "中强度 蓝色 耐油 50ml", "乐泰", ("螺纹锁固胶", "螺丝胶", "厌氧胶")),
                   V("242", "中强度 蓝色 可拆卸 50ml", "乐泰", ("螺纹锁固胶", "螺丝胶", "厌氧胶")),
                   V("262", "高强度 红色 50ml", "乐泰", ("螺纹锁固胶", "螺丝胶", "厌氧胶")),
                   V("270", "高强度 绿色 50ml", "乐泰", ("螺纹锁固胶", "螺丝胶", "厌氧胶")),
                   V("401", "通用型 低粘度 20g", "乐泰", ("瞬干胶", "快干胶", "502胶")),
                   V("406", "塑料橡胶专用 20g", "乐泰", ("瞬干胶", "快干胶")),
                   V("DP460", "双组分环氧 50ml 乳白", "3M", ("环氧结构胶", "AB胶", "结构胶")),
                   V("Sikaflex-221", "单组分聚氨酯 白色 300ml", "西卡", ("聚氨酯密封胶", "PU密封胶")),
                   V("HB-2630", "汽车折边胶 单组分环氧 200L桶", "西卡", ("折边胶", "汽车结构胶")),
               ]))
    add(Family("electrolyte", "chemicals", "raw_material", ("电解液", "锂电池电解液", "锂离子电池电解液"), "electrolyte",
               "吨", ("磷酸铁锂电芯", "三元电芯", "钠电池"), [
                   V("TC-E218", "LiPF6 1.0mol/L EC/EMC/DMC 磷酸铁锂 动力型", "天赐材料"),
                   V("TC-E226", "LiPF6 1.2mol/L 三元 高电压4.4V", "天赐材料"),
                   V("TC-E230", "LiFSI添加 快充型 磷酸铁锂 储能", "天赐材料"),
                   V("LBC-305", "NaPF6 1.0mol/L 钠离子电池", "新宙邦"),
                   V("LBC-3A8", "LiPF6 低温-30℃ 高倍率", "新宙邦"),
               ]))
    add(Family("solvent", "chemicals", "raw_material", ("溶剂", "有机溶剂", "工业溶剂"), "solvent", "吨",
               ("清洗", "涂布", "稀释"), [
                   V("67-63-0", "电子级 ≥99.9% 25L桶", "", ("异丙醇", "IPA")),
                   V("67-63-0", "工业级 ≥99.5% 160kg桶", "", ("异丙醇", "IPA")),
                   V("67-64-1", "工业级 ≥99.5% 160kg桶", "", ("丙酮",)),
                   V("872-50-4", "电池级 ≥99.9% 水分≤100ppm 200kg桶", "", ("N-甲基吡咯烷酮", "NMP")),
                   V("141-78-6", "工业级 ≥99.5% 180kg桶", "", ("乙酸乙酯", "醋酸乙酯")),
                   V("1330-20-7", "工业级 混合二甲苯 170kg桶", "", ("二甲苯",)),
                   V("64-17-5", "无水 ≥99.7% 工业级 160kg桶", "", ("无水乙醇", "酒精", "乙醇")),
                   V("616-38-6", "电池级 ≥99.99% 200kg桶", "", ("碳酸二甲酯", "DMC")),
               ], model_identifies=False))
    add(Family("additive", "chemicals", "raw_material", ("助剂", "塑料助剂", "涂料助剂"), "additive", "千克",
               ("改性塑料", "涂料配方"), [
                   V("1010", "受阻酚主抗氧剂 白色粉末", "利安隆", ("抗氧剂1010", "主抗氧剂")),
                   V("168", "亚磷酸酯辅助抗氧剂 白色粉末", "利安隆", ("抗氧剂168", "辅助抗氧剂")),
                   V("1076", "受阻酚抗氧剂 聚烯烃用", "利安隆", ("抗氧剂1076",)),
                   V("770", "受阻胺光稳定剂 HALS", "利安隆", ("光稳定剂770", "受阻胺光稳定剂")),
                   V("UV-531", "二苯甲酮类紫外线吸收剂", "利安隆", ("紫外线吸收剂", "UV-531吸收剂")),
                   V("BYK-333", "聚醚改性有机硅 流平 溶剂型涂料", "BYK", ("流平剂", "有机硅流平剂")),
                   V("BYK-306", "聚醚改性有机硅 流平 耐刮", "BYK", ("流平剂", "有机硅助剂")),
                   V("BYK-163", "高分子润湿分散剂 溶剂型", "BYK", ("分散剂", "润湿分散剂")),
                   V("KH-550", "γ-氨丙基三乙氧基硅烷", "", ("硅烷偶联剂", "偶联剂")),
                   V("KH-560", "γ-缩水甘油醚氧丙基三甲氧基硅烷", "", ("硅烷偶联剂", "偶联剂")),
               ]))

    # ---------------------------------------------------------------- industrial software
    add(Family("mes", "software", "software", ("MES系统", "制造执行系统", "MES软件", "生产执行系统"),
               "manufacturing execution system", "套", ("总装车间", "机加车间", "电子装配车间"), [
                   V("Opcenter Execution Discrete", "离散制造 汽车零部件 私有化部署", "西门子"),
                   V("SmartMES V6.2", "汽车零部件 冲焊涂总 私有化部署 500工位", "渝智"),
                   V("匠云MES 3.5", "注塑 机加工 SaaS部署 50工位以内", "匠云"),
                   V("DQ-MES 2024", "电子装配 SMT 质量追溯 私有化部署", "数擎"),
                   V("iMES-Moto 5.0", "摩托车整机装配 私有化部署 对接SAP", "川软"),
                   V("云隼MES 2.1", "铝压铸 熔炼压铸机加全流程 私有化部署", "云隼"),
               ]))
    add(Family("plm", "software", "software", ("PLM系统", "产品生命周期管理系统", "PLM软件", "产品数据管理系统"),
               "product lifecycle management", "套", ("研发中心", "工艺部"), [
                   V("Teamcenter 14", "BOM管理 变更管理 NX集成 500用户", "西门子"),
                   V("Windchill 12", "BOM管理 变更管理 Creo集成", "PTC"),
                   V("3DEXPERIENCE R2023x", "云端PLM CATIA集成 ENOVIA", "达索"),
                   V("InforCenter PLM 9.0", "国产 图文档 BOM 工艺管理", "华天软件"),
                   V("数擎PLM 4.0", "中小企业 图文档管理 BOM 私有化部署", "数擎"),
               ]))
    add(Family("cae", "software", "software", ("CAE仿真软件", "仿真软件", "CAE软件", "有限元分析软件"), "CAE software",
               "套", ("结构强度分析", "碰撞安全", "热管理"), [
                   V("ANSYS Mechanical Enterprise 2023R2", "结构静力学 模态 疲劳 浮动许可", "Ansys"),
                   V("ANSYS Fluent 2023R2", "流体CFD 热管理 浮动许可", "Ansys"),
                   V("Abaqus 2023", "非线性 橡胶密封 接触分析", "达索"),
                   V("LS-DYNA R13", "显式动力学 整车碰撞", "Ansys"),
                   V("HyperWorks 2023", "前处理网格 OptiStruct拓扑优化", "Altair"),
                   V("Simdroid 5.0", "国产 多物理场 结构 热 电磁", "云道智造"),
                   V("COMSOL Multiphysics 6.1", "多物理场 电化学 电池模块", "COMSOL"),
               ]))
    add(Family("erp", "software", "software", ("ERP系统", "企业资源计划系统", "ERP软件"), "enterprise resource planning",
               "套", ("集团财务", "供应链管理"), [
                   V("SAP S/4HANA 2022", "财务 供应链 生产计划 私有化部署 300用户", "SAP"),
                   V("U9 cloud", "多组织 离散制造 MRP 私有云", "用友"),
                   V("金蝶云·星空", "中小制造 财务 供应链 SaaS", "金蝶"),
                   V("T100", "装备制造 项目制 MRP", "鼎捷"),
                   V("渝智ERP 3.0", "汽车零部件 中小企业 条码仓储 私有化", "渝智"),
               ]))
    add(Family("scada", "software", "software", ("SCADA系统", "组态软件", "监控组态软件", "数据采集与监控系统"),
               "SCADA software", "套", ("能源管理", "水处理", "涂装车间监控"), [
                   V("WinCC V7.5 SP2", "监控组态 RT运行版 2048点", "西门子"),
                   V("KingView 7.5 SP3", "组态王 开发版 64000点", "亚控"),
                   V("ForceControl V7.2", "力控 SCADA 5000点 冗余", "力控"),
                   V("Ignition 8.1", "Web SCADA 不限点 MQTT"),
                   V("iFIX 6.5", "HMI/SCADA 1000点"),
                   V("川软SCADA 2.0", "能源管理 国产 信创适配", "川软"),
               ]))
    add(Family("embedded", "software", "software", ("嵌入式软件", "嵌入式控制软件"), "embedded software", "套",
               ("新能源整车", "三电系统"), [
                   V("BMS-APP-LFP16S V2.3", "应用层 16串 磷酸铁锂 SOC估算 ASIL-C", "渝智",
                     ("BMS软件", "电池管理系统软件", "电池管理系统(BMS)软件")),
                   V("BMS-APP-NCM96S V1.8", "应用层 96串 三元 主从架构 ASIL-C", "渝智",
                     ("BMS软件", "电池管理系统软件", "电池管理系统(BMS)软件")),
                   V("MCU-FOC-PMSM V3.1", "永磁同步电机 FOC矢量控制 ASIL-D 150kW", "川软",
                     ("电机控制器软件", "电驱控制软件", "电机控制算法软件")),
                   V("AUTOSAR CP R4.4 BSW", "Classic-Platform MCAL 适配S32K", "数擎",
                     ("AUTOSAR基础软件", "AUTOSAR BSW软件", "AUTOSAR软件栈")),
                   V("RT-OS 3.0", "功能安全认证 ASIL-D 多核调度", "川软",
                     ("嵌入式实时操作系统", "RTOS", "实时操作系统")),
                   V("BCM-SW V2.0", "灯光 门锁 雨刮 LIN/CAN", "渝智", ("车身控制器软件", "BCM软件", "车身控制软件")),
               ]))
    return fams


def confuser_families() -> list[Family]:
    """Same words as a core family, another product (often another category): the hard negatives."""
    return [
        Family("mold", "automotive", "component", ("注塑模具", "塑料模具", "注塑模"), "injection mould", "套",
               ("内饰件开发", "外饰件开发"), [
                   V("MJ-5305010-W02", "仪表板本体注塑件用 1+1穴 P20模具钢 热流道"),
                   V("MJ-2803011-W01", "前保险杠注塑件用 单穴 718H 热流道顺序阀"),
                   V("MJ-8401010-BA01", "进气格栅注塑件用 2穴 NAK80 电镀级抛光"),
                   V("MJ-5402110-W01", "门内饰板注塑件用 左右1+1 P20"),
               ], role="confuser"),
        Family("mes_server", "electronics", "component", ("MES服务器", "服务器", "机架式服务器"), "server", "台",
               ("MES系统部署", "数据中心"), [
                   V("PowerEdge R750", "2U 双路 至强银牌4314 64GB 用于MES部署", "戴尔"),
                   V("FusionServer 2288H V6", "2U 双路 至强金牌5318Y 128GB", "超聚变"),
                   V("NF5280M6", "2U 双路 至强银牌4310 64GB", "浪潮"),
                   V("IPC-610L", "4U上架工控机 i5 16GB 宽温 MES终端", "研华", ("工控机", "工业控制计算机", "MES工控机")),
               ], role="confuser"),
        Family("bms_board", "automotive", "component", ("BMS主板", "BMS硬件板", "电池管理系统主控板", "BMU主控板"),
               "BMS hardware board", "块", ("储能电池柜", "电动两轮车"), [
                   V("BMU-16S-A2", "16串 磷酸铁锂 主控板 CAN通讯 硬件"),
                   V("BMU-96S-M1", "96串 主从架构 主控板 高压采样 硬件"),
                   V("CSC-12S-B1", "12串 AFE采集 菊花链 硬件", "", ("BMS从控板", "电池采集板", "CSC采集板")),
               ], role="confuser"),
        Family("plc_software", "software", "software", ("PLC编程软件", "PLC组态软件", "编程软件"), "PLC programming software",
               "套", ("电气调试",), [
                   V("TIA Portal V17", "STEP7 Professional 单授权 S7-1200/1500编程", "西门子"),
                   V("GX Works3", "FX5U/iQ-R编程 单授权", "三菱"),
                   V("CX-One V4", "CP/CJ系列编程 单授权", "欧姆龙"),
               ], role="confuser"),
        Family("cae_workstation", "software", "component", ("CAE仿真工作站", "图形工作站", "仿真工作站"), "workstation", "台",
               ("CAE仿真计算",), [
                   V("Precision 7960", "塔式 双路至强 256GB RTX-A5000 用于CAE仿真", "戴尔"),
                   V("Z8 G5", "双路至强 512GB RTX-A6000 CAE计算", "惠普"),
                   V("ThinkStation P620", "线程撕裂者 128GB 仿真计算", "联想"),
               ], role="confuser"),
        Family("extrusion_die", "materials", "component", ("铝型材挤压模具", "挤压模具", "铝挤压模"), "extrusion die", "套",
               ("铝型材挤压",), [
                   V("JY-4040-H13", "4040欧标铝型材用 H13模具钢 分流模"),
                   V("JY-BT-300", "电池托盘边梁铝型材用 H13 分流模 1800T挤压机"),
                   V("JY-3030-H13", "3030欧标铝型材用 H13模具钢"),
               ], role="confuser"),
        Family("paint_line", "chemicals", "component", ("涂装生产线", "喷涂设备", "静电喷涂设备", "涂装设备"),
               "painting line", "套", ("车身涂装", "零部件涂装"), [
                   V("TZX-ED-60", "阴极电泳涂装线 60JPH 汽车车身"),
                   V("PT-PC-20", "粉末静电喷涂线 悬挂链 20m/min"),
                   V("PT-ROBOT-6", "喷涂机器人 六轴 防爆 旋杯"),
               ], role="confuser"),
        Family("filling_machine", "chemicals", "component", ("电解液注液机", "注液机", "锂电注液机"), "electrolyte filler",
               "台", ("电芯装配",), [
                   V("ZY-280-4", "方形铝壳 280Ah电芯 4头 真空注液 精度±0.5g"),
                   V("ZY-18650-8", "圆柱18650电芯 8头 注液"),
               ], role="confuser"),
        Family("dispenser", "chemicals", "component", ("点胶机", "自动点胶机", "灌胶机"), "dispenser", "台",
               ("电子灌封", "螺纹涂胶"), [
                   V("DJ-331-AB", "双组份AB胶灌胶 环氧/聚氨酯"),
                   V("DJ-3A-VIS", "三轴视觉定位 螺纹锁固胶点胶"),
               ], role="confuser"),
        Family("pm_motor", "materials", "component", ("永磁同步电机", "稀土永磁电机", "驱动电机"), "PM synchronous motor",
               "台", ("新能源整车", "风机水泵"), [
                   V("TZ220XS-150", "新能源汽车驱动电机 150kW 钕铁硼磁钢 扁线"),
                   V("TYCX-160M-4", "稀土永磁同步电动机 11kW IE5 工业用"),
                   V("TZ180XS-80", "新能源汽车驱动电机 80kW 钕铁硼磁钢"),
               ], role="confuser"),
        Family("motor_controller", "automotive", "component", ("电机控制器", "驱动电机控制器", "电机控制器总成"),
               "motor controller", "台", ("电驱总成",), [
                   V("MCU-150-650", "150kW 650V 碳化硅 水冷 硬件总成"),
                   V("MCU-80-400", "80kW 400V IGBT 水冷 硬件总成"),
               ], role="confuser"),
        Family("pcb_software", "software", "software", ("PCB设计软件", "EDA软件", "电路板设计软件"), "PCB design software",
               "套", ("硬件研发",), [
                   V("Altium Designer 23", "原理图 PCB布局 单机授权", "Altium"),
                   V("Allegro 17.4", "高速PCB 约束驱动 浮动授权", "Cadence"),
                   V("立创EDA专业版", "国产 在线协同 PCB设计"),
               ], role="confuser"),
        Family("battery_pack", "automotive", "component", ("锂电池组", "锂电池包", "电池包"), "battery pack", "套",
               ("叉车", "储能柜", "电动两轮车"), [
                   V("PACK-48V100Ah", "48V 100Ah 磷酸铁锂 叉车用"),
                   V("PACK-51.2V280Ah", "51.2V 280Ah 磷酸铁锂 储能"),
                   V("PACK-60V32Ah", "60V 32Ah 三元 电动两轮车"),
               ], role="confuser"),
        Family("cf_product", "materials", "component", ("碳纤维板", "碳纤维制品", "碳纤维管"), "carbon fibre part", "件",
               ("无人机", "工装治具"), [
                   V("CFP-3K-2.0", "3K平纹 厚2.0mm 500×500mm"),
                   V("CFT-25-22", "外径25mm 内径22mm 长1000mm 3K"),
               ], role="confuser"),
        Family("electrolyte_additive", "chemicals", "raw_material", ("电解液添加剂", "锂盐", "电解质锂盐"),
               "electrolyte additive", "吨", ("电解液配制",), [
                   V("LiPF6", "六氟磷酸锂 电池级 ≥99.9% 晶体", "天赐材料", ("六氟磷酸锂", "LiPF6锂盐")),
                   V("LiFSI", "双氟磺酰亚胺锂 电池级 ≥99.9%", "天赐材料", ("双氟磺酰亚胺锂", "LiFSI锂盐")),
                   V("VC", "碳酸亚乙烯酯 电池级 ≥99.95%", "新宙邦", ("碳酸亚乙烯酯", "VC添加剂")),
                   V("FEC", "氟代碳酸乙烯酯 电池级 ≥99.9%", "新宙邦", ("氟代碳酸乙烯酯", "FEC添加剂")),
               ], role="confuser"),
        Family("bearing_unit", "equipment", "component", ("带座轴承", "外球面轴承", "轴承座"), "mounted bearing", "套",
               ("输送线", "农机"), [
                   V("UCP205", "立式座 内径25mm 外球面", "哈轴"),
                   V("UCP206", "立式座 内径30mm 外球面", "哈轴"),
                   V("UCF205", "方形座 内径25mm 外球面", "瓦轴"),
                   V("UCFL206", "菱形座 内径30mm 外球面", "瓦轴"),
               ], role="confuser"),
        Family("angular_bearing", "equipment", "component", ("角接触球轴承", "角接触轴承"), "angular contact bearing", "套",
               ("机床主轴", "丝杠支撑"), [
                   V("7205BEP", "25×52×15mm 接触角40° 单列", "SKF"),
                   V("7206C", "30×62×16mm 接触角15° 单列", "NSK"),
                   V("7205AC", "25×52×15mm 接触角25° 单列", "人本"),
                   V("7204BEP", "20×47×14mm 接触角40° 单列", "SKF"),
               ], role="confuser"),
    ]


# Which confuser family shares words with which core family (used for the README statistics only).
CONFUSES: dict[str, tuple[str, ...]] = {
    "mold": ("injection_part",), "mes_server": ("mes",), "bms_board": ("embedded",), "plc_software": ("plc",),
    "cae_workstation": ("cae",), "extrusion_die": ("al_profile",), "paint_line": ("coating",),
    "filling_machine": ("electrolyte",), "dispenser": ("adhesive",), "pm_motor": ("ndfeb", "servo_motor"),
    "motor_controller": ("embedded",), "pcb_software": ("pcb",), "battery_pack": ("li_cell",),
    "cf_product": ("carbon_fiber",), "electrolyte_additive": ("electrolyte",), "bearing_unit": ("ball_bearing",),
    "angular_bearing": ("ball_bearing", "taper_bearing"),
}
