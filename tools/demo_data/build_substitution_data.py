"""Build the demo's 国产替代 lists from the catalogue below (deterministic).

    .venv/bin/python -m tools.demo_data.build_substitution_data      # rewrites app/demo/data/substitution_*

Chain leaders of the main demo write key items against the foreign part they buy today (``IGBT模块 英飞凌
FF450R12ME4 或同等``); domestic SMEs offer equivalents under their own brands and numbers. For each reference the
catalogue names a domestic equivalent — found through a maker's cross-reference table (``xref``: the listing
itself says nothing comparable, only the table ties the numbers) or through the same typed ratings (``compat``) —
a domestic competitor of another rating (not an equivalent: it must not be flagged) and, for some, a distributor
of the foreign part. Files: the demand and supply sheets in the main demo's layout, the cross-reference workbook
an operator would import, and ``substitution_truth.csv`` (demand item code → its domestic equivalent's code,
with the basis).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass

from openpyxl import load_workbook

from app.demo import DEMAND_LIST
from app.demo.substitution import (
    SUBSTITUTION_CROSS_REFERENCES,
    SUBSTITUTION_DEMAND,
    SUBSTITUTION_SUPPLY,
    SUBSTITUTION_TRUTH,
)
from app.schemas.validators import make_credit_code
from tools.demo_data.build_demo_data import DEMAND_HEADERS, SUPPLY_HEADERS, _write_xlsx

SEED = 20261205
XREF_HEADERS = ("对标品牌", "对标型号", "国产品牌", "国产型号", "备注")
TRUTH_HEADERS = ("demand_credit_code", "demand_item_code", "supply_credit_code", "supply_item_code", "basis")


@dataclass(frozen=True)
class Reference:
    """One foreign part a leader wants replaced, and the market around it."""

    leader: str  # a chain leader of the main demo
    chain: str
    category: str  # 关键零部件 / 关键原材料 / 关键软件
    product: str  # what it is: IGBT模块
    brand: str  # the foreign brand as the leader writes it
    code: str  # its part number
    spec: str  # the ratings the leader states
    unit: str
    quantity: int
    domestic_brand: str
    domestic_code: str
    domestic_spec: str  # the equivalent's own description
    basis: str  # "xref" (only the table ties them) or "compat" (same ratings)
    competitor_spec: str  # another rating: a competitor, not an equivalent
    distributor: bool = False


# fmt: off
CATALOGUE: tuple[Reference, ...] = (
    Reference("重庆锦驰动力科技有限公司", "功率半导体", "关键零部件", "IGBT模块", "英飞凌", "FF600R12ME4",
              "1200V 600A 半桥 62mm封装", "只", 6000, "斯达半导", "GD600HFY120C2S", "1200V 600A 半桥 62mm封装 车规级",
              "compat", "1700V 300A 半桥", True),
    Reference("重庆锦驰动力科技有限公司", "功率半导体", "关键零部件", "IGBT模块", "英飞凌", "FS820R08A6P2B",
              "750V 820A 六单元 HybridPACK Drive", "只", 12000, "中车时代", "TIM820PHM08-PSA011",
              "电驱用功率模块 车规级 双面散热", "xref", "1200V 200A 六单元"),
    Reference("重庆轨峰轨道交通装备有限公司", "功率半导体", "关键零部件", "IGBT模块", "三菱电机", "CM1500HC-66R",
              "3300V 1500A 单开关 牵引变流器用", "只", 800, "中车时代", "TIM1500ESM33-TSA000",
              "3300V 1500A 单开关 牵引变流器用 轨道交通", "compat", "1700V 1200A 单开关"),
    Reference("重庆芯岳半导体有限公司", "功率半导体", "关键零部件", "碳化硅MOSFET", "英飞凌", "IMW120R040M1H",
              "1200V 40mΩ TO-247-3", "只", 200000, "宏微科技", "MMS040R120H",
              "1200V 40mΩ TO-247-3 碳化硅", "compat", "650V 60mΩ TO-247-4"),
    Reference("重庆恒储电力装备集团有限公司", "输变电及电力装备", "关键零部件", "IGBT模块", "赛米控", "SKM400GB12T4",
              "1200V 400A 半桥 SEMITRANS3", "只", 3000, "士兰微", "SGM400HF12A1TFD",
              "工业变频用模块 焊接电源", "xref", "600V 400A 半桥"),
    Reference("重庆锂峰动力电池有限公司", "电子元器件及电路板", "关键零部件", "电池管理芯片", "亚德诺", "ADBMS6815",
              "12节 电池监测 AFE 菊花链 AEC-Q100", "片", 500000, "思瑞浦", "TPB6815",
              "电池监测芯片 汽车级 多节串联", "xref", "16节 电池监测 AFE"),
    Reference("重庆曜石智能座舱科技有限公司", "集成电路", "关键零部件", "MCU芯片", "恩智浦", "S32K144HFT0VLLT",
              "32位 Cortex-M4F 112MHz 512KB Flash LQFP100 AEC-Q100", "片", 800000, "兆易创新", "GD32A503VDT3",
              "32位 车规MCU 汽车电子", "xref", "8位 16MHz 32KB Flash"),
    Reference("重庆曜石智能座舱科技有限公司", "集成电路", "关键零部件", "运算放大器", "德州仪器", "OPA2333AIDGKR",
              "零漂移 双通道 1.8V~5.5V MSOP8", "片", 300000, "圣邦微", "SGM8552XMS8G",
              "零漂移 双通道 1.8V~5.5V MSOP8 运算放大器", "compat", "四通道 12V 轨到轨 SOP14"),
    Reference("重庆翼博机器人有限公司", "工业机器人", "关键零部件", "伺服驱动器", "安川", "SGD7S-2R8A00A",
              "400W 单相/三相220V EtherCAT", "台", 5000, "汇川", "SV660N-2R8I",
              "400W 220V EtherCAT 伺服驱动器 高响应", "compat", "7.5kW 三相380V 脉冲型"),
    Reference("重庆翼博机器人有限公司", "工业机器人", "关键零部件", "伺服电机", "安川", "SGM7J-04AFC6S",
              "400W 3000rpm 24位编码器 法兰60", "台", 5000, "禾川", "SV-X3MH040A-B2LN",
              "小惯量电机 机器人关节用", "xref", "2kW 2000rpm 法兰130"),
    Reference("重庆锐铣数控机床股份有限公司", "数控机床", "关键零部件", "数控系统", "发那科", "0i-MF Plus",
              "5轴联动 铣床 加工中心用", "套", 600, "华中数控", "HNC-848Di",
              "5轴联动 铣床 加工中心用 数控系统 国产高档", "compat", "2轴 车床 经济型", True),
    Reference("重庆锐铣数控机床股份有限公司", "数控机床", "关键零部件", "光栅尺", "海德汉", "LC415",
              "绝对式 测量长度1240mm 精度±3μm", "套", 1200, "广州数控", "GSK-AL1240",
              "机床直线位置检测 绝对编码", "xref", "增量式 测量长度320mm 精度±10μm"),
    Reference("重庆骁川摩托车制造有限公司", "摩托车", "关键零部件", "深沟球轴承", "SKF", "6205-2RSH",
              "内径25mm 外径52mm 宽15mm 双面密封", "套", 400000, "人本", "6205-2RZ",
              "内径25mm 外径52mm 宽15mm 双面密封 深沟球轴承", "compat", "内径30mm 外径62mm 宽16mm 开式"),
    Reference("重庆乾辕汽车底盘系统有限公司", "汽车底盘与车身零部件", "关键零部件", "轮毂轴承单元", "舍弗勒", "F-574636",
              "第三代 带ABS齿圈 乘用车前轮", "套", 150000, "万向钱潮", "WXQ-HB3-0418",
              "乘用车轮毂单元 三代", "xref", "第一代 商用车后轮"),
    Reference("重庆岳川商用车有限公司", "汽车底盘与车身零部件", "关键零部件", "圆锥滚子轴承", "铁姆肯", "HM518445/HM518410",
              "内径88.9mm 外径152.4mm 商用车轮边", "套", 80000, "瓦轴", "ZWZ-HM518445",
              "内径88.9mm 外径152.4mm 商用车轮边 圆锥滚子轴承", "compat", "内径45mm 外径85mm 乘用车"),
    Reference("重庆恒储电力装备集团有限公司", "输变电及电力装备", "关键零部件", "塑壳断路器", "施耐德", "NSX250N",
              "250A 3P 50kA 电子脱扣", "台", 20000, "良信", "NDM3E-250",
              "250A 3P 50kA 电子脱扣 塑壳断路器", "compat", "63A 1P 6kA 热磁"),
    Reference("重庆恒储电力装备集团有限公司", "输变电及电力装备", "关键零部件", "中间继电器", "欧姆龙", "MY4N-J",
              "DC24V 4组转换触点 5A", "只", 300000, "宏发", "HH54P-L",
              "小型功率继电器 插拔式 带指示灯", "xref", "AC220V 2组转换触点 10A"),
    Reference("重庆岳川商用车有限公司", "电驱动系统", "关键零部件", "液压柱塞泵", "力士乐", "A10VSO71DFR1",
              "排量71ml/r 恒压变量 28MPa", "台", 4000, "恒立液压", "HP3V71",
              "排量71ml/r 恒压变量 28MPa 柱塞泵", "compat", "排量28ml/r 定量 21MPa"),
    Reference("重庆翼博机器人有限公司", "工业机器人", "关键零部件", "气缸", "费斯托", "DSBC-50-100-PPVA-N3",
              "缸径50mm 行程100mm 标准气缸 ISO15552", "只", 20000, "亚德客", "SC50X100",
              "标准气缸 自动化产线", "xref", "缸径16mm 行程25mm 迷你气缸"),
    Reference("重庆锂峰动力电池有限公司", "传感器及仪器仪表", "关键零部件", "压力变送器", "霍尼韦尔", "STG74L",
              "量程0~10MPa 精度0.075% 4-20mA HART", "台", 3000, "中控技术", "SUP-PX400-10M",
              "量程0~10MPa 精度0.075% 4-20mA HART 压力变送器", "compat", "量程0~100kPa 精度0.5% RS485"),
    Reference("重庆恒储电力装备集团有限公司", "传感器及仪器仪表", "关键零部件", "PLC可编程控制器", "西门子", "6ES7 215-1AG40-0XB0",
              "S7-1200 CPU 1215C DC/DC/DC 14入10出 PROFINET", "台", 2000, "汇川", "H5U-1614MTD",
              "小型PLC 14入10出 PROFINET", "xref", "AC/DC/RLY 40入24出", True),
    Reference("重庆锂峰动力电池有限公司", "动力电池", "关键零部件", "贴片电容", "村田", "GRM31CR71H106KA12L",
              "10μF 50V X7R 1206", "只", 20000000, "风华高科", "1206B106K500NT",
              "10μF 50V X7R 1206 贴片电容 多层陶瓷", "compat", "100nF 16V X5R 0402"),
    Reference("重庆澜拓智能终端有限公司", "电子元器件及电路板", "关键零部件", "功率电感", "TDK", "SPM6530T-2R2M",
              "2.2μH 8.6A 一体成型 6.5x6.0mm", "只", 5000000, "顺络", "WPN6530H2R2MT",
              "一体成型电感 大电流 低损耗", "xref", "100μH 0.5A 绕线 3x3mm"),
    Reference("重庆康屿医疗器械有限公司", "电子元器件及电路板", "关键零部件", "航空插头", "泰科", "776164-1",
              "35芯 IP67 汽车级防水连接器", "只", 60000, "中航光电", "JONHON-HDC35",
              "35芯 IP67 汽车级防水连接器 插头", "compat", "8芯 IP44 民用连接器"),
    Reference("重庆智衍工业软件有限公司", "工业软件", "关键软件", "PLM产品生命周期管理系统", "西门子", "Teamcenter",
              "BOM管理 变更管理 CAD集成 私有化部署", "套", 1, "华天软件", "InforCenter PLM",
              "BOM管理 变更管理 私有化部署 PLM产品生命周期管理系统", "compat", "", False),
    Reference("重庆鼎岳新能源汽车有限公司", "工业软件", "关键软件", "三维CAD设计软件", "达索", "CATIA V5",
              "三维建模 曲面设计 装配 工程图", "套", 200, "中望", "ZW3D 2025",
              "三维建模 曲面设计 装配 工程图 三维CAD设计软件", "compat", ""),
    Reference("重庆渝辰汽车股份有限公司", "工业软件", "关键软件", "ERP企业资源计划系统", "思爱普", "SAP S/4HANA",
              "财务 供应链 生产计划 多工厂", "套", 1, "用友", "YonBIP",
              "财务 供应链 生产计划 多工厂 ERP企业资源计划系统", "compat", ""),
)
# fmt: on


def _leaders() -> dict[str, list[object]]:
    """The enterprise cells (the first eight columns) of each chain leader of the main demand list."""
    rows = list(load_workbook(DEMAND_LIST, read_only=True).active.iter_rows(values_only=True))[1:]
    out: dict[str, list[object]] = {}
    for row in rows:
        out.setdefault(str(row[0]).strip(), [str(row[0]).strip(), str(row[1]).strip(), *row[2:8]])
    return out


def build() -> tuple[list[list[object]], list[list[object]], list[list[object]], list[list[object]]]:
    rng = random.Random(SEED)
    leaders = _leaders()
    demand_rows, supply_rows, xref_rows, truth_rows = [], [], [], []
    smes: dict[str, list[object]] = {}

    def sme(name: str, district: str) -> list[object]:
        if name not in smes:
            code = make_credit_code(f"915001{len(smes) + 700:06d}GT")
            smes[name] = [name, code, "小型", "重庆市", "重庆市", district, "重庆市专精特新（2024年）", "王工",
                          f"023-6{rng.randint(1000000, 9999999)}", f"sales{len(smes) + 1}@gtdemo.cn"]
        return smes[name]

    districts = ("两江新区", "璧山区", "沙坪坝区", "九龙坡区", "江津区", "巴南区")
    for n, ref in enumerate(CATALOGUE, start=1):
        leader = leaders[ref.leader]
        demand_code = f"GT-XQ-{n:03d}"
        wording = rng.choice(("{p} {b} {c} 或同等", "{p} 替代进口 {b} {c}", "{p}（对标{b} {c}，国产替代）",
                              "国产{p} 替代 {b} {c}"))
        demand_rows.append([*leader, demand_code, ref.category, wording.format(p=ref.product, b=ref.brand, c=ref.code),
                            f"{ref.spec}；现用{ref.brand} {ref.code}，寻求国产替代，需提供样品验证", ref.code,
                            ref.quantity, ref.unit, None, None, "不限", ref.chain, "2027-06-30", "开放", "否"])
        district = districts[n % len(districts)]
        maker = f"重庆{ref.domestic_brand}{ref.product}配套有限公司"
        equivalent_code = f"GT-GY-{n:03d}A"
        supply_rows.append([*sme(maker, district), equivalent_code, ref.category, f"{ref.product} {ref.domestic_code}",
                            f"{ref.domestic_brand} {ref.domestic_spec}", ref.domestic_code, "年产10万件", None, None,
                            ref.chain, "有效"])
        truth_rows.append([leader[1], demand_code, smes[maker][1], equivalent_code, ref.basis])
        if ref.basis == "xref":
            xref_rows.append([ref.brand, ref.code, ref.domestic_brand, ref.domestic_code,
                              f"{ref.domestic_brand}官方选型对照表"])
        if ref.competitor_spec:
            rival = f"重庆渝{'东南西北中'[n % 5]}{ref.product}科技有限公司"
            supply_rows.append([*sme(rival, districts[(n + 2) % len(districts)]), f"GT-GY-{n:03d}B", ref.category,
                                ref.product, f"国产 {ref.competitor_spec}", f"YD-{n:03d}-{rng.randint(10, 99)}",
                                "年产5万件", None, None, ref.chain, "有效"])
        if ref.distributor:
            agent = f"重庆{ref.brand}产品代理有限公司"
            supply_rows.append([*sme(agent, "渝中区"), f"GT-GY-{n:03d}C", ref.category,
                                f"{ref.brand} {ref.product} 代理", f"原装进口 {ref.spec}", ref.code, None, None, None,
                                ref.chain, "有效"])
    return demand_rows, supply_rows, xref_rows, truth_rows


def write() -> None:
    demand_rows, supply_rows, xref_rows, truth_rows = build()
    _write_xlsx(SUBSTITUTION_DEMAND, "需求清单", DEMAND_HEADERS, demand_rows)
    _write_xlsx(SUBSTITUTION_SUPPLY, "供给清单", SUPPLY_HEADERS, supply_rows)
    _write_xlsx(SUBSTITUTION_CROSS_REFERENCES, "替代型号对照", XREF_HEADERS, xref_rows)
    with SUBSTITUTION_TRUTH.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TRUTH_HEADERS)
        writer.writerows(truth_rows)
    print(f"国产替代演示：{len(demand_rows)} 条需求，{len(supply_rows)} 条供给，{len(xref_rows)} 行替代型号对照，"
          f"{len(truth_rows)} 行真值")


if __name__ == "__main__":
    write()
