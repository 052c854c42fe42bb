"""Hand-written catalogs behind the demo lists: product families, their variants, chain leaders, districts.

A *family* is one kind of product (IGBT模块, 6061铝型材, MES系统); its *variants* are the grades, part numbers
or application flavours that tell a right supplier from a near one. Demand items pick a variant; the true
suppliers of a demand item are the supply items that carry the same variant of the same family, and the other
variants of the family become same-family distractors. All enterprise names here are invented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    part: str  # part number, grade, or (software) the application qualifier
    spec: str  # technical phrase shared by both sides
    name: str | None = None  # product name stem when the variant has its own name (电子级氢氟酸)


@dataclass(frozen=True)
class Family:
    key: str
    domain: str  # the SME trade that makes it (drives names, districts)
    category: str  # 关键原材料 / 关键零部件 / 关键软件
    chain: str  # a seeded IndustryChain name
    unit: str  # base unit of quantities and capacities
    quantity: tuple[float, float]  # typical annual demand of one chain leader, in `unit`
    price: tuple[float, float]  # typical unit price in 元 per `unit`
    demand_names: tuple[str, ...]
    supply_names: tuple[str, ...]
    demand_spec: str  # template: {v} variant spec, {p} part/grade/qualifier
    supply_desc: str
    certs: tuple[str, ...]
    variants: tuple[Variant, ...]
    kind: str = "part"  # part | grade | soft


def _split(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split("、") if t.strip())


def _variants(text: str) -> tuple[Variant, ...]:
    out = []
    for line in text.strip().splitlines():
        cells = [c.strip() for c in line.split("|")]
        out.append(Variant(cells[0], cells[1], cells[2] if len(cells) > 2 and cells[2] else None))
    return tuple(out)


def F(key, domain, category, chain, unit, quantity, price, dn, sn, spec, desc, certs, variants, kind="part"):  # noqa: N802
    return Family(key, domain, category, chain, unit, quantity, price, _split(dn), _split(sn), spec, desc,
                  _split(certs), _variants(variants), kind)


RAW, PART, SOFT = "关键原材料", "关键零部件", "关键软件"

FAMILIES: tuple[Family, ...] = (
    # ---------------------------------------------------------------- power semiconductors
    F("igbt_module", "power_semi", PART, "功率半导体", "件", (2e4, 3e5), (600, 1600),
      "IGBT模块、IGBT功率模块", "IGBT模块、IGBT半桥模块、IGBT功率模块",
      "{v}，兼容英飞凌{p}；Tvj,op -40~150℃，需通过AQG 324可靠性验证并提供PPAP文件",
      "自主封装{v}，AMB氮化硅基板+银烧结工艺，可Pin-to-Pin替代{p}，已批量用于电驱与光伏逆变器",
      "IATF 16949、ISO 9001", """
      FF450R12ME4 | 1200V/450A 半桥，EconoDUAL3封装
      FF300R12ME4 | 1200V/300A 半桥，EconoDUAL3封装
      FF600R12ME4 | 1200V/600A 半桥，EconoDUAL3封装
      FF450R17ME4 | 1700V/450A 半桥，EconoDUAL3封装，轨道交通辅助变流
      FS820R08A6P2B | 750V/820A 六单元，HybridPACK Drive封装，车规
      FS380R12A6T4B | 1200V/380A 六单元，HybridPACK Drive封装
      FF200R12KT4 | 1200V/200A 半桥，62mm标准封装
      """),
    F("sic_mosfet", "power_semi", PART, "功率半导体", "颗", (5e4, 2e6), (25, 180),
      "碳化硅MOSFET、SiC MOSFET单管", "SiC MOSFET、碳化硅MOSFET、碳化硅功率器件",
      "{v}，可替代{p}，需AEC-Q101认证，提供HTRB/HTGB/H3TRB报告",
      "{v}，平面栅工艺，通过AEC-Q101考核，可替代{p}",
      "IATF 16949、AEC-Q101", """
      C3M0016120K | 1200V 16mΩ，TO-247-4封装
      C3M0040120D | 1200V 40mΩ，TO-247-3封装
      IMZA120R020M1H | 1200V 20mΩ，TO-247-4封装
      SCT3080KL | 1200V 80mΩ，TO-247N封装
      G3R30MT12K | 1200V 30mΩ，TO-247-4封装
      IMW65R027M1H | 650V 27mΩ，TO-247-3封装，OBC用
      """),
    F("sic_substrate", "power_semi", RAW, "功率半导体", "片", (2e4, 2e5), (2500, 6000),
      "碳化硅衬底、SiC衬底片", "碳化硅衬底、碳化硅单晶衬底、SiC晶片",
      "{v}；规格{p}，TTV≤10μm，Warp≤35μm，需提供每片检测报告",
      "{v}；PVT法长晶，规格{p}，月产能稳定",
      "ISO 9001、ISO 14001", """
      SiC-N6-350 | 6英寸N型4H-SiC导电型，厚度350±25μm，电阻率0.015~0.025Ω·cm，MPD≤0.5/cm²
      SiC-N6-500 | 6英寸N型4H-SiC导电型，厚度500±25μm
      SiC-N8-500 | 8英寸N型4H-SiC导电型，厚度500±25μm
      SiC-SI6-500 | 6英寸高纯半绝缘型，电阻率≥1E9Ω·cm
      SiC-SI4-500 | 4英寸高纯半绝缘型，射频器件用
      SiC-N8-350 | 8英寸N型导电型，厚度350μm
      """),
    F("ceramic_substrate", "power_semi", RAW, "功率半导体", "片", (5e4, 8e5), (30, 260),
      "陶瓷覆铜基板、AMB陶瓷基板", "陶瓷覆铜板、AMB活性金属钎焊基板、DBC陶瓷基板",
      "{v}（{p}），需通过-55~150℃温度循环1000次无分层",
      "{v}，型号{p}，真空钎焊，空洞率≤1%",
      "IATF 16949、ISO 9001", """
      AMB-Si3N4-0.32 | 氮化硅AMB，瓷片0.32mm，双面铜厚0.8mm
      AMB-Si3N4-0.25 | 氮化硅AMB，瓷片0.25mm，双面铜厚0.5mm
      AMB-AlN-0.635 | 氮化铝AMB，瓷片0.635mm，铜厚0.3mm
      DBC-Al2O3-0.38 | 氧化铝DBC，瓷片0.38mm，铜厚0.3mm
      DBC-ZTA-0.32 | ZTA增韧氧化铝DBC，瓷片0.32mm
      DBC-AlN-1.0 | 氮化铝DBC，瓷片1.0mm，激光器热沉
      """),
    # ---------------------------------------------------------------- integrated circuits
    F("mcu", "ic", PART, "集成电路", "颗", (2e5, 5e6), (3, 120),
      "MCU微控制器、32位MCU芯片", "MCU芯片、32位微控制器、单片机",
      "{v}，型号{p}或Pin-to-Pin兼容替代，供货周期≤12周",
      "{v}，可直接替换{p}，提供原厂/代理授权及可追溯批次",
      "ISO 9001", """
      STM32F103C8T6 | Cortex-M3 72MHz，64KB Flash，LQFP48
      STM32F407VGT6 | Cortex-M4 168MHz，1MB Flash，LQFP100
      GD32F303RCT6 | Cortex-M4 120MHz，256KB Flash，LQFP64
      S32K144HFT0VLLT | 车规Cortex-M4F 112MHz，512KB Flash，AEC-Q100 Grade1
      TC397XX256F300S | 车规TriCore六核300MHz，BGA292，ASIL-D
      STM32G431CBT6 | Cortex-M4 170MHz，128KB Flash，电机控制
      CH32V307VCT6 | RISC-V 144MHz，256KB Flash，LQFP100
      """),
    # ---------------------------------------------------------------- display
    F("polarizer", "display", RAW, "新型显示", "平方米", (5e4, 1.5e6), (60, 260),
      "偏光片、偏光膜", "偏光片、TFT-LCD偏光片、液晶偏光膜",
      "{v}，料号{p}，单体透过率≥42.5%，耐湿热85℃/85%RH 500h",
      "{v}，料号{p}，卷对卷涂布，最大幅宽2500mm",
      "ISO 9001、ISO 14001", """
      POL-TN-185 | TN型，厚度185μm，偏光度≥99.95%
      POL-VA-110 | VA型广视角补偿，厚度110μm
      POL-IPS-90 | IPS型超薄，厚度90μm
      CPOL-OLED-60 | OLED圆偏光片，厚度60μm，反射率≤4.5%
      POL-AG-150 | 防眩AG表面处理，雾度25%，车载
      POL-HC-120 | 硬化HC表面，铅笔硬度3H
      """),
    F("display_driver_ic", "display", PART, "新型显示", "颗", (5e5, 8e6), (2, 18),
      "显示驱动芯片、TDDI芯片", "显示驱动IC、触控显示驱动芯片、DDIC",
      "{v}，兼容{p}，COG/COF封装，需提供Gamma调试支持",
      "{v}，可替代{p}，已在多家面板厂导入",
      "ISO 9001", """
      NT36672A | TDDI，FHD+ 1080×2400，MIPI 4 lane
      HX83112B | TDDI，FHD+，120Hz
      FT8719 | TDDI，HD+，60Hz
      ILI9881C | 720×1280 MIPI DSI驱动
      RM69091 | AMOLED驱动，穿戴圆屏
      NV3051D | 车载480×800 RGB驱动，-40~85℃
      """),
    F("optical_film", "display", RAW, "新型显示", "平方米", (1e5, 2e6), (8, 45),
      "背光光学膜、增亮膜", "光学膜、增亮膜、背光模组光学膜片",
      "{v}（{p}），卷材或裁切片，洁净度千级",
      "{v}，型号{p}，精密涂布，可按图裁切",
      "ISO 9001", """
      BEF-T155 | 棱镜增亮膜，厚度155μm，增益≥1.6
      DBEF-Q | 反射式偏光增亮膜，增益≥1.7
      DF-188 | 扩散膜，雾度≥90%，厚度188μm
      QD-F210 | 量子点膜，色域≥110% NTSC
      REF-65 | 反射膜，厚度65μm，反射率≥97%
      MLF-250 | 微透镜复合膜，厚度250μm
      """),
    F("oca", "display", RAW, "新型显示", "平方米", (2e4, 4e5), (40, 160),
      "OCA光学胶、光学胶膜", "OCA光学胶膜、光学透明胶、OCA胶带",
      "{v}，兼容3M {p}，透光率≥99%，雾度≤1%",
      "{v}，型号{p}，离型力稳定，可模切",
      "ISO 9001", """
      8146-2 | 厚度50μm，全贴合
      8146-4 | 厚度100μm，全贴合
      8146-7 | 厚度175μm，车载曲面贴合
      OCA-250-UV | 厚度250μm，抗UV黄变
      OCA-25-FOLD | 厚度25μm，折叠屏用，耐弯折20万次
      """),
    F("backlight", "display", PART, "新型显示", "件", (5e4, 1e6), (35, 600),
      "背光模组、LED背光源", "背光模组、LED背光模组、Mini LED背光",
      "{v}，图号{p}，亮度均匀性≥80%，需通过高低温循环",
      "{v}，型号{p}，自动化组装线，可按客户图纸开发",
      "IATF 16949、ISO 9001", """
      BL-156-FHD | 15.6英寸侧入式，亮度300nit，笔记本
      BL-123-CAR | 12.3英寸车载，亮度1000nit，-40~85℃
      BL-27-MINI | 27英寸Mini LED，1152分区
      BL-101-IND | 10.1英寸工控，亮度800nit
      BL-14-NB | 14英寸笔记本，超薄3.0mm
      BL-65-DIR | 65英寸直下式，电视
      """),
    # ---------------------------------------------------------------- smart terminals
    F("adapter", "terminal", PART, "智能终端", "个", (1e5, 3e6), (25, 160),
      "电源适配器、笔记本电源适配器", "电源适配器、充电器、氮化镓快充适配器",
      "{v}，型号{p}，符合GB 4943.1-2022，能效六级",
      "{v}，型号{p}，全自动老化测试线",
      "CCC、UL、ISO 9001", """
      PA-65W-GaN | 65W USB-C PD3.0，氮化镓
      PA-100W-GaN | 100W PD3.1，双C口
      PA-45W-C | 45W USB-C
      PA-90W-DC | 90W 19.5V/4.62A DC圆口
      PA-140W-GaN | 140W PD3.1 EPR 28V
      PA-20W-PPS | 20W手机快充，支持PPS
      """),
    F("notebook_housing", "terminal", PART, "智能终端", "件", (2e5, 2e6), (18, 220),
      "笔记本结构件、笔记本外壳", "笔记本电脑外壳、CNC铝合金结构件、笔电结构件",
      "{v}，图号{p}，外观A级面无缺陷，需提供CPK≥1.33报告",
      "{v}，图号{p}，CNC+阳极氧化/喷涂一站式",
      "ISO 9001、ISO 14001", """
      NB14-A-AL | 14英寸A壳，6063铝合金CNC+阳极氧化
      NB14-C-AL | 14英寸C壳，铝合金一体CNC
      NB156-D-PC | 15.6英寸D壳，PC+ABS注塑
      NB16-A-MG | 16英寸A壳，镁合金压铸
      NB13-A-CF | 13.3英寸A壳，碳纤维复合
      NB14-B-PCGF | 14英寸B壳屏框，PC+GF注塑
      """),
    F("fpc", "terminal", PART, "电子元器件及电路板", "件", (2e5, 5e6), (1.5, 45),
      "FPC柔性线路板、柔性电路板", "FPC软板、柔性线路板、FPC",
      "{v}，图号{p}，符合IPC-6013，阻抗公差±10%",
      "{v}，图号{p}，卷对卷生产，LDI曝光",
      "IATF 16949、ISO 9001、UL", """
      FPC-2L-050 | 双层PI 25μm，线宽线距50/50μm
      FPC-4L-HDI | 4层HDI软板，激光盲孔
      FPC-1L-LCD | 单层显示屏排线
      RFPC-6L | 6层软硬结合板
      FPC-CCS-BMS | 动力电池CCS采集FPC，长度1.2m
      FPC-2L-CAM | 摄像头模组排线，双层
      """),
    F("camera_module", "terminal", PART, "智能终端", "个", (1e5, 2e6), (15, 320),
      "摄像头模组、摄像模组", "摄像头模组、车载摄像头模组、笔记本摄像头模组",
      "{v}，型号{p}，需满足AA主动对焦，MTF中心≥0.6",
      "{v}，型号{p}，AA制程+自动化测试",
      "ISO 9001、IATF 16949", """
      CM-OV5675 | 500万像素，OV5675传感器，笔记本前置
      CM-IMX766 | 5000万像素，IMX766，手机后置
      CM-AR0233-CAR | 车载200万像素，AR0233，GMSL2，IP67
      CM-OX08B-CAR | 车载800万像素，OX08B40，前视ADAS
      CM-GC2093 | 200万像素，GC2093，会议及安防
      CM-IR-HM1062 | 红外人脸识别模组，HM1062
      """),
    F("lipo_cell", "terminal", PART, "智能终端", "个", (1e5, 3e6), (8, 260),
      "聚合物锂电池、笔记本电池", "锂离子聚合物电池、聚合物锂电芯、锂电池",
      "{v}，型号{p}，循环≥800次容量保持≥80%，需UN38.3及GB 31241",
      "{v}，型号{p}，自动化叠片线",
      "UL、CCC、ISO 9001", """
      LP-5565100 | 3.87V 5000mAh软包
      LP-4865110 | 3.85V 4500mAh软包
      LP-3S1P-56WH | 笔记本电池包11.55V 56Wh 3S1P
      LP-4S1P-70WH | 笔记本电池包15.4V 70Wh 4S1P
      LP-402030 | 3.7V 180mAh，穿戴
      LP-606090 | 3.7V 4000mAh，平板
      """),
    # ---------------------------------------------------------------- PCB and components
    F("pcb", "pcb", PART, "电子元器件及电路板", "平方米", (2e4, 3e5), (350, 3200),
      "印制电路板、PCB多层板", "PCB线路板、多层印制电路板、HDI电路板",
      "{v}，规格{p}，符合IPC-A-600 Class 2以上",
      "{v}，规格{p}，样板48小时交付，批量7天",
      "IATF 16949、ISO 9001、UL", """
      PCB-4L-FR4-1.6 | 4层FR-4 Tg150，板厚1.6mm，沉金
      PCB-8L-HDI-2 | 8层二阶HDI，盲埋孔
      PCB-6L-HTG-AUTO | 6层高Tg170车规板，IPC-6012 Class 3
      PCB-2L-AL | 铝基板，导热2.0W/m·K，LED用
      PCB-4L-CU3OZ | 4层厚铜3oz电源板
      PCB-10L-RF | 10层高频混压，RO4350B
      """),
    F("mlcc", "pcb", PART, "电子元器件及电路板", "颗", (5e6, 2e8), (0.01, 0.6),
      "片式多层陶瓷电容、MLCC电容", "MLCC、贴片电容、片式陶瓷电容器",
      "{v}，可替代村田{p}，需提供可靠性验证报告",
      "{v}，对标{p}，编带包装",
      "ISO 9001、IATF 16949", """
      GRM155R71C104KA88D | 0402 X7R 100nF 16V
      GRM188R61A106KE69D | 0603 X5R 10μF 10V
      GCM21BR71H105KA03L | 0805 X7R 1μF 50V，车规
      GCM188R71H104KA57D | 0603 X7R 100nF 50V，车规
      GRM31CR71H475KA12L | 1206 X7R 4.7μF 50V
      GRM188R60J226MEA0D | 0603 X5R 22μF 6.3V
      """),
    F("film_capacitor", "pcb", PART, "电子元器件及电路板", "件", (2e4, 4e5), (60, 900),
      "DC-Link薄膜电容、薄膜电容器", "薄膜电容、金属化薄膜电容器、DC-Link电容",
      "{v}，型号{p}，寿命≥10万小时@70℃，ESL≤15nH",
      "{v}，型号{p}，安全膜结构，自愈性好",
      "IATF 16949、ISO 9001", """
      FC-800V-500UF | 800Vdc 500μF，电驱逆变器
      FC-500V-700UF | 500Vdc 700μF，电驱逆变器
      FC-1200V-300UF | 1200Vdc 300μF，储能变流器
      FC-450V-1200UF | 450Vdc 1200μF，A00车型
      FC-X2-275V-1UF | X2安规275Vac 1μF
      FC-1100V-150UF-PV | 1100Vdc 150μF，光伏逆变器
      """),
    F("hv_connector", "pcb", PART, "电子元器件及电路板", "件", (5e4, 8e5), (35, 480),
      "高压连接器、高压接插件", "新能源高压连接器、高压连接器、高压线束连接器",
      "{v}，型号{p}，符合QC/T 1067，IP67/IP6K9K",
      "{v}，型号{p}，360°屏蔽，带HVIL互锁",
      "IATF 16949、UL", """
      HVC-2P-250A | 2芯250A，1000V，屏蔽
      HVC-2P-125A | 2芯125A，1000V，屏蔽
      HVC-1P-350A | 单芯350A，电池包输出
      MSD-200A | 手动维修开关MSD，200A
      CCS-DC-250A | 直流充电插座，GB/T 20234.3，250A
      HVC-3P-40A | 3芯40A，电动压缩机
      """),
    # ---------------------------------------------------------------- sensors
    F("mmwave_radar", "sensor", PART, "智能座舱与自动驾驶", "件", (3e4, 5e5), (180, 1500),
      "毫米波雷达、77GHz毫米波雷达", "毫米波雷达、车载毫米波雷达、4D成像雷达",
      "{v}，型号{p}，满足ISO 26262 ASIL-B，CAN-FD输出",
      "{v}，型号{p}，自研天线与算法",
      "IATF 16949、ISO 26262", """
      MR-77-FCR | 77GHz前向雷达，探测距离250m
      MR-77-CR | 77GHz角雷达，探测距离80m，FOV±75°
      MR-4D-IMG | 4D成像雷达，12发16收
      MR-60-CABIN | 60GHz舱内活体检测
      MR-24-BSD | 24GHz盲区监测
      """),
    F("pressure_sensor", "sensor", PART, "传感器及仪器仪表", "件", (5e3, 2e5), (80, 1200),
      "压力传感器、压力变送器", "压力变送器、MEMS压力传感器、陶瓷电容压力传感器",
      "{v}，型号{p}，综合精度0.25%FS，需提供计量校准证书",
      "{v}，型号{p}，温补-40~125℃",
      "ISO 9001", """
      PT-1.6MPa-420 | 量程0~1.6MPa，4~20mA输出
      PT-60MPa-HYD | 液压0~60MPa，0.5~4.5V输出
      PT-35MPa-H2 | 氢气0~35MPa，316L防氢脆
      PT-70MPa-H2 | 氢气0~70MPa，316L防氢脆
      PT-100kPa-BATT | 电池包气压0~100kPa
      PT-DIFF-10kPa | 差压0~10kPa，HVAC
      """),
    F("current_sensor", "sensor", PART, "传感器及仪器仪表", "件", (2e4, 6e5), (25, 320),
      "电流传感器、霍尔电流传感器", "霍尔电流传感器、闭环电流传感器、电流传感器",
      "{v}，兼容LEM {p}，精度±1%，响应时间≤3μs",
      "{v}，可替代{p}，车规级",
      "IATF 16949、ISO 9001", """
      HAH3DR-800 | 三相±800A开环，电驱
      HAH1DV-500 | 单相±500A开环
      DHAB-S118 | 双量程±75/±500A，BMS
      CSM-300-FG | 闭环±300A，磁通门
      HLSR-50P | 50A PCB安装
      CAB-500 | ±500A，CAN输出
      """),
    F("ntc", "sensor", PART, "传感器及仪器仪表", "件", (1e5, 5e6), (0.3, 6),
      "NTC温度传感器、温度传感器", "NTC热敏电阻温度传感器、温度传感器、热敏电阻",
      "{v}，型号{p}，阻值精度±1%，B值精度±1%",
      "{v}，型号{p}，全自动封装",
      "ISO 9001、IATF 16949", """
      NTC-10K-3950 | 10kΩ B3950，环氧封装
      NTC-10K-3435-RING | 10kΩ B3435，环形端子，电池模组
      NTC-100K-3950 | 100kΩ B3950，玻封
      PT1000-A | PT1000 A级铂电阻
      NTC-5K-3470-MOTOR | 5kΩ，电机绕组埋入，耐温180℃
      NTC-47K-4050 | 47kΩ B4050，医疗探头
      """),
    F("resolver", "sensor", PART, "电驱动系统", "件", (5e4, 6e5), (60, 300),
      "旋转变压器、旋变传感器", "旋转变压器、磁阻式旋变、电机位置传感器",
      "{v}，型号{p}，角度误差≤±30′，耐温150℃",
      "{v}，型号{p}，可定制极对数",
      "IATF 16949", """
      TS2620N21E11 | 1对极，兼容多摩川
      RS-4P-86 | 4对极，外径86mm
      RS-8P-110 | 8对极，外径110mm
      RS-12P-152 | 12对极，外径152mm
      IPS-PCB-4P | 电感式位置传感器，PCB式
      RS-3P-76 | 3对极，外径76mm
      """),
    # ---------------------------------------------------------------- automotive chassis and body
    F("knuckle", "auto_parts", PART, "汽车底盘与车身零部件", "件", (5e4, 6e5), (120, 650),
      "转向节、铝合金转向节", "转向节、锻造铝合金转向节、铸铝转向节",
      "{v}，图号{p}，需100%荧光渗透及X光探伤，提供PPAP",
      "{v}，图号{p}，锻造+热处理+机加一体化",
      "IATF 16949、ISO 14001", """
      ZXJ-6082-FR | 前转向节，6082-T6锻铝
      ZXJ-A356-RR | 后转向节，A356低压铸造
      ZXJ-QT450-FR | 前转向节，QT450-10球铁
      ZXJ-42CrMo-HD | 重卡转向节，42CrMo锻钢
      ZXJ-6061-SUV | SUV前转向节，6061锻铝
      ZXJ-6082-RR | 后转向节，6082-T6锻铝
      """),
    F("subframe", "auto_parts", PART, "汽车底盘与车身零部件", "件", (3e4, 3e5), (600, 3200),
      "副车架、前副车架总成", "副车架总成、铝合金副车架、钢制副车架",
      "{v}，图号{p}，焊缝100%检测，电泳膜厚≥20μm",
      "{v}，图号{p}，机器人焊接线",
      "IATF 16949", """
      FCJ-AL-FR-EV | 前副车架，铸铝+型材焊接
      FCJ-ST-FR | 前副车架，钢制冲焊SAPH440
      FCJ-ST-RR-ML | 后副车架，多连杆钢制
      FCJ-AL-RR-EV | 后副车架，全铝
      FCJ-HF-FR | 前副车架，管件液压成型
      """),
    F("brake_caliper", "auto_parts", PART, "汽车底盘与车身零部件", "件", (5e4, 6e5), (160, 900),
      "制动卡钳、卡钳总成", "制动钳总成、刹车卡钳、电子驻车卡钳",
      "{v}，图号{p}，需满足GB 21670，台架耐久试验",
      "{v}，图号{p}，壳体铸造与装配自制",
      "IATF 16949", """
      ZDQ-EPB-38 | 后卡钳集成EPB，活塞φ38
      ZDQ-F57-FR | 前浮动钳，活塞φ57
      ZDQ-4P-FR | 前四活塞固定钳，铝合金
      ZDQ-F45-RR | 后浮动钳，活塞φ45
      ZDQ-F54-FR | 前浮动钳，活塞φ54
      ZDQ-MOTO-2P | 摩托车对向双活塞卡钳
      """),
    F("hub_bearing", "auto_parts", PART, "汽车底盘与车身零部件", "件", (1e5, 1.2e6), (45, 420),
      "轮毂轴承单元、轮毂轴承", "轮毂轴承单元、汽车轮毂轴承、第三代轮毂轴承",
      "{v}，型号{p}，寿命L10≥30万公里，游隙控制",
      "{v}，型号{p}，磨超自动线",
      "IATF 16949", """
      DAC40740042 | 第一代，40×74×42
      DAC42800045 | 第一代，42×80×45
      HUB3-512305 | 第三代，带ABS齿圈
      HUB3-513257 | 第三代，法兰式
      HUB2-BAR0042 | 第二代，凸缘
      HUB3-EV-FR | 第三代，电动车前轮低摩擦
      """),
    F("hv_harness", "auto_parts", PART, "汽车底盘与车身零部件", "套", (3e4, 4e5), (150, 1800),
      "高压线束、高压线束总成", "新能源汽车高压线束、高压线束总成、高压电缆组件",
      "{v}，图号{p}，符合QC/T 1037，屏蔽衰减≥60dB",
      "{v}，图号{p}，超声波焊接+自动压接",
      "IATF 16949、ISO 14001", """
      HVH-BAT-MCU-50 | 电池包至电机控制器，50mm²屏蔽
      HVH-OBC-6 | OBC/DCDC，6mm²
      HVH-AC-4 | 电动空调压缩机，4mm²
      HVH-PTC-2.5 | PTC加热器，2.5mm²
      HVH-CHG-70 | 直流充电，70mm²
      HVH-BAT-95AL | 电池包内部，95mm²铝导线
      """),
    F("sealing_strip", "auto_parts", PART, "汽车底盘与车身零部件", "米", (3e5, 5e6), (3, 28),
      "密封条、车门密封条", "EPDM密封条、汽车密封条、三元乙丙密封条",
      "{v}，断面图号{p}，符合GB 8410阻燃，低VOC",
      "{v}，断面{p}，微波硫化连续挤出",
      "IATF 16949", """
      MFT-DOOR-EPDM | 车门主密封，EPDM海绵+密实胶
      MFT-WIN-TPV | 玻璃导槽，TPV
      MFT-TRUNK | 尾门密封
      MFT-BELT-IN | 内水切
      MFT-BATT-FOAM | 电池包密封，发泡硅胶
      MFT-SUNROOF | 天窗密封
      """),
    F("stamping", "auto_parts", PART, "汽车底盘与车身零部件", "件", (1e5, 1.2e6), (12, 160),
      "白车身冲压件、冲压件", "汽车冲压件、车身冲压件、热成形冲压件",
      "{v}，图号{p}，尺寸合格率≥98%，需提供模具开发计划",
      "{v}，图号{p}，1000T~2500T压机线",
      "IATF 16949", """
      CY-BPILLAR-HS | B柱加强板，22MnB5热成形1500MPa
      CY-FLOOR-DC04 | 前地板，DC04
      CY-SILL-DP780 | 门槛梁，DP780
      CY-ROOF-BOW | 顶盖横梁，HC340LA
      CY-TUNNEL-DP590 | 中通道，DP590
      CY-BATBEAM-QP980 | 电池包横梁，QP980
      """),
    F("interior_molding", "auto_parts", PART, "汽车底盘与车身零部件", "件", (5e4, 6e5), (25, 900),
      "内饰注塑件、仪表板本体", "汽车内饰件、注塑件、仪表板总成",
      "{v}，图号{p}，VOC满足GB/T 27630，皮纹需样件确认",
      "{v}，图号{p}，1600T以下注塑机群",
      "IATF 16949、ISO 14001", """
      NS-IP-PPT20 | 仪表板本体，PP-T20
      NS-DOOR-PPEPDM | 门板，PP+EPDM-T15
      NS-CONSOLE-ABS | 副仪表板，ABS
      NS-PILLAR-PPT20 | 立柱护板，PP-T20低VOC
      NS-GLOVE-PCABS | 手套箱，PC+ABS
      NS-BUMPER-FR | 前保险杠，PP+EPDM-T20
      """),
    F("shock_absorber", "auto_parts", PART, "汽车底盘与车身零部件", "件", (5e4, 6e5), (80, 1200),
      "减震器、减振器总成", "汽车减震器、减振器、CDC可调阻尼减振器",
      "{v}，图号{p}，示功试验及100万次耐久",
      "{v}，图号{p}，全自动装配线",
      "IATF 16949", """
      JZQ-MCP-FR | 麦弗逊前减振器，双筒
      JZQ-TWIN-RR | 后减振器，双筒
      JZQ-CDC-FR | CDC连续可调阻尼，前
      JZQ-AIR-FR | 空气悬架减振器
      JZQ-MONO-RR | 单筒后减振器
      JZQ-MOTO-RR | 摩托车后减震，氮气式
      """),
    F("led_headlamp", "auto_parts", PART, "智能网联新能源汽车整车", "套", (3e4, 3e5), (300, 3500),
      "LED前照灯、LED大灯总成", "LED大灯、汽车前照灯总成、LED车灯模组",
      "{v}，图号{p}，配光符合GB 4599，需ECE认证",
      "{v}，图号{p}，自有光学设计团队",
      "IATF 16949、CCC", """
      DD-LED-ADB | 矩阵式ADB，84颗LED
      DD-LED-BIF | 双光透镜LED
      DD-LED-REF | 反射式LED
      DD-DLP | DLP像素大灯
      DD-TAIL-OLED | OLED尾灯
      DD-DRL-LINE | 贯穿式日行灯
      """),
    # ---------------------------------------------------------------- electric drive
    F("ndfeb", "edrive", RAW, "电驱动系统", "吨", (50, 1200), (3.2e5, 7.5e5),
      "钕铁硼磁钢、烧结钕铁硼", "烧结钕铁硼永磁体、钕铁硼磁钢、稀土永磁材料",
      "牌号{p}，{v}，需镀层耐盐雾≥240h，符合GB/T 13560",
      "牌号{p}，{v}，晶界扩散技术，可按图加工",
      "IATF 16949、ISO 14001", """
      N52 | Br≥1.43T，Hcj≥11kOe
      48SH | Hcj≥20kOe，工作温度150℃
      45UH | Hcj≥25kOe，工作温度180℃
      42EH | Hcj≥30kOe，工作温度200℃
      38AH | Hcj≥35kOe，工作温度230℃
      50SH-GBD | 晶界扩散低重稀土，Hcj≥21kOe
      """, kind="grade"),
    F("hairpin_stator", "edrive", PART, "电驱动系统", "件", (3e4, 3e5), (1500, 5500),
      "扁线电机定子、发卡定子总成", "扁线定子总成、Hairpin扁线定子、电机定子",
      "{v}，图号{p}，槽满率≥70%，局放起始电压≥1500V",
      "{v}，图号{p}，自动插线+激光焊接",
      "IATF 16949", """
      STA-220-8L | 外径220mm，8层扁线，峰值150kW
      STA-180-6L | 外径180mm，6层，峰值90kW
      STA-250-10L | 外径250mm，10层，峰值220kW
      STA-160-4L | 外径160mm，4层，峰值60kW
      STA-220-XPIN | 外径220mm，X-pin油冷
      STA-200-6L | 外径200mm，6层，峰值120kW
      """),
    F("reducer_gear", "edrive", PART, "电驱动系统", "套", (3e4, 3e5), (380, 1800),
      "减速器齿轮、电驱减速器齿轮副", "电驱减速器齿轮、齿轮轴、精密齿轮",
      "{v}，图号{p}，齿轮精度GB/T 10095 5级，NVH需台架验证",
      "{v}，图号{p}，渗碳淬火+强力喷丸+磨齿",
      "IATF 16949", """
      CL-I105 | 速比10.5，20CrMnTi，渗碳磨齿
      CL-I97 | 速比9.7，20MnCr5
      CL-I119 | 速比11.9，高速输入轴25000rpm
      CL-I89-SHAFT | 速比8.9，输入轴总成
      CL-2SPD | 两挡减速器齿轮组
      CL-I136-HD | 速比13.6，商用车
      """),
    F("motor_controller", "edrive", PART, "电驱动系统", "台", (2e4, 2e5), (1800, 9000),
      "电机控制器、驱动电机控制器", "电机控制器MCU、驱动电机控制器、电驱逆变器",
      "{v}，型号{p}，功能安全ASIL-C，CAN-FD通讯",
      "{v}，型号{p}，自研软件，支持OTA",
      "IATF 16949、ISO 26262", """
      MCU-400V-150KW | 400V平台，峰值150kW，IGBT
      MCU-800V-220KW | 800V平台，峰值220kW，SiC
      MCU-350V-60KW | 350V，峰值60kW，微型车
      MCU-48V-10KW | 48V低压，10kW，物流车
      MCU-800V-DUAL | 800V双电机控制器
      MCU-72V-5KW | 72V 5kW电动摩托车控制器
      """),
    # ---------------------------------------------------------------- motorcycles
    F("moto_ecu", "motorcycle", PART, "摩托车", "件", (3e4, 4e5), (120, 600),
      "摩托车电喷ECU、电喷控制单元", "摩托车EFI控制器、电喷ECU、发动机控制单元",
      "{v}，型号{p}，满足国四排放及OBD要求",
      "{v}，型号{p}，自主标定团队",
      "IATF 16949、ISO 9001", """
      EFI-150-1C | 单缸150cc，国四
      EFI-250-2C | 双缸250cc
      EFI-400-2C-ABS | 双缸400cc，集成ABS通讯
      EFI-125-SCT | 125cc踏板车
      EFI-650-2C | 双缸650cc
      EFI-800-3C | 三缸800cc
      """),
    F("moto_chain", "motorcycle", PART, "摩托车", "套", (5e4, 6e5), (25, 260),
      "摩托车链条、传动链条", "摩托车传动链、O型圈密封链条、摩托车链条套件",
      "{v}，型号{p}，抗拉强度需满足GB/T 14212",
      "{v}，型号{p}，热处理及预拉伸",
      "ISO 9001", """
      428H-132L | 428H，132节
      520-120L-O | 520 O型圈，120节
      525-118L-X | 525 X型圈，118节
      428-116L | 428标准，116节
      530-120L-X | 530 X型圈，120节
      415-110L | 415，110节，助力车
      """),
    F("moto_wheel", "motorcycle", PART, "摩托车", "件", (3e4, 4e5), (90, 650),
      "摩托车铝轮毂、摩托车轮毂", "摩托车铝合金轮毂、摩托车轮辋、铸铝轮毂",
      "{v}，规格{p}，动平衡及冲击试验符合QC/T 717",
      "{v}，规格{p}，低压铸造+旋压",
      "ISO 9001、IATF 16949", """
      LG-17X350 | 17×MT3.50，铸铝前轮
      LG-17X550 | 17×MT5.50，铸铝后轮
      LG-12X275 | 12×MT2.75，踏板车
      LG-18X185-SP | 18×1.85，钢丝辐条轮
      LG-21X160-SP | 21×1.60，越野辐条轮
      LG-17X450-FG | 17×4.50，锻造轮
      """),
    F("moto_cylinder", "motorcycle", PART, "摩托车", "件", (3e4, 5e5), (60, 420),
      "摩托车缸体、气缸体", "摩托车气缸、铝合金缸体、气缸体总成",
      "{v}，图号{p}，缸孔圆柱度≤0.005mm",
      "{v}，图号{p}，压铸+珩磨",
      "ISO 9001、IATF 16949", """
      GT-150-NISIC | 150cc铝合金电镀缸，NiSiC镀层，φ62
      GT-250-NISIC | 250cc铝合金电镀缸，φ72
      GT-125-CI | 125cc铸铁缸套，φ52.4
      GT-400-2C | 400cc双缸水冷
      GT-200-WC | 200cc水冷
      GT-110-CI | 110cc铸铁缸套，φ50
      """),
    # ---------------------------------------------------------------- robots
    F("harmonic_reducer", "robot", PART, "工业机器人", "台", (5e3, 8e4), (900, 4500),
      "谐波减速器、精密谐波减速机", "谐波减速器、谐波减速机、精密谐波传动",
      "{v}，兼容{p}，背隙≤20arcsec，寿命≥10000h",
      "{v}，可替代{p}，柔轮自制",
      "ISO 9001", """
      CSF-17-100-2UH | 17型，减速比100，单元型
      CSF-20-80-2UH | 20型，减速比80，单元型
      CSF-25-100-2UH | 25型，减速比100
      CSG-32-120-2A | 32型高转矩，减速比120
      SHF-14-50-2UJ | 14型中空，减速比50
      CSF-40-160-2UH | 40型，减速比160
      """),
    F("rv_reducer", "robot", PART, "工业机器人", "台", (3e3, 5e4), (3500, 15000),
      "RV减速器、摆线针轮减速器", "RV减速器、精密RV减速机、机器人关节减速器",
      "{v}，兼容{p}，回差≤1arcmin，扭转刚度满足样本值",
      "{v}，可替代{p}，摆线轮磨齿自制",
      "ISO 9001", """
      RV-20E-121 | 20E，额定扭矩167Nm
      RV-40E-153 | 40E，额定扭矩412Nm
      RV-80E-101 | 80E，额定扭矩784Nm
      RV-110E-161 | 110E，额定扭矩1078Nm
      RV-160E-129 | 160E，额定扭矩1568Nm
      RV-320E-185 | 320E，额定扭矩3136Nm
      """),
    F("servo_motor", "robot", PART, "工业机器人", "台", (1e4, 2e5), (350, 3500),
      "交流伺服电机、伺服电机", "交流永磁伺服电机、伺服电机、伺服电动机",
      "{v}，兼容{p}，23位绝对值编码器",
      "{v}，型号对标{p}，配套驱动器",
      "ISO 9001、CE", """
      SGM7J-04AFC6S | 400W，60法兰，3000rpm
      SGM7J-08AFC6S | 750W，80法兰，3000rpm
      MS1H3-13C15CD | 1.3kW，130法兰，1500rpm
      1FL6042-1AF61 | 0.4kW，V90配套
      SV-2K0-180 | 2kW，180法兰
      SV-100W-40 | 100W，40法兰
      """),
    F("plc", "robot", PART, "工业机器人", "台", (2e3, 5e4), (800, 9000),
      "可编程控制器、PLC控制器", "PLC、可编程逻辑控制器、小型PLC",
      "{v}，订货号{p}或完全兼容，支持PROFINET",
      "{v}，兼容{p}，国产化替代，提供编程软件",
      "ISO 9001、CE", """
      6ES7214-1AG40-0XB0 | CPU 1214C DC/DC/DC，兼容S7-1200
      6ES7214-1HG40-0XB0 | CPU 1214C DC/DC/RLY，兼容S7-1200
      6ES7215-1AG40-0XB0 | CPU 1215C DC/DC/DC
      6ES7511-1AK02-0AB0 | CPU 1511-1 PN，兼容S7-1500
      FX5U-32MT-ES | 32点晶体管输出，兼容FX5U
      AM600-CPU1608TP | 中型PLC，EtherCAT主站
      """),
    F("ball_screw", "robot", PART, "数控机床", "套", (5e3, 8e4), (200, 3500),
      "滚珠丝杠、精密滚珠丝杠副", "滚珠丝杠副、研磨滚珠丝杠、滚珠丝杆",
      "{v}，型号{p}，导程精度按GB/T 17587.3",
      "{v}，型号{p}，旋风铣+精磨",
      "ISO 9001", """
      SFU1605-C7 | φ16导程5，C7级
      SFU2510-C5 | φ25导程10，C5级研磨
      SFU3210-C3 | φ32导程10，C3级
      DFU4010-C5 | φ40导程10，双螺母预压
      SFU1616-C5 | φ16导程16，高速
      SFU5010-C3 | φ50导程10，C3级
      """),
    F("linear_guide", "robot", PART, "数控机床", "套", (8e3, 1e5), (120, 2600),
      "直线导轨、线性滑轨", "直线导轨副、滚珠直线导轨、线性导轨",
      "{v}，兼容{p}，精度等级按样本，需预压可选",
      "{v}，型号对标{p}，全长磨削",
      "ISO 9001", """
      HGH25CA | 25规格方形滑块，P级
      HGW30CC | 30规格法兰滑块，H级
      HGH20CA | 20规格，N级
      MGN12H | 微型12规格
      RGH35CA | 35规格滚柱型，SP级
      HGH45HA | 45规格加长滑块，P级
      """),
    # ---------------------------------------------------------------- CNC machines
    F("spindle", "cnc", PART, "数控机床", "台", (500, 8000), (1.5e4, 1.2e5),
      "电主轴、机床主轴", "高速电主轴、机械主轴、主轴单元",
      "{v}，型号{p}，径向跳动≤2μm，需提供动平衡G1.0报告",
      "{v}，型号{p}，陶瓷轴承，油气润滑",
      "ISO 9001", """
      ZZ-BT40-12000 | BT40，12000rpm，15kW
      ZZ-HSKA63-18000 | HSK-A63，18000rpm，25kW
      ZZ-BT30-24000 | BT30，24000rpm，钻攻中心
      ZZ-HSKE40-40000 | HSK-E40，40000rpm，精雕
      ZZ-BT50-6000 | BT50，6000rpm，齿轮主轴
      ZZ-A2-8-4500 | 车床主轴A2-8，4500rpm
      """),
    F("machine_casting", "cnc", RAW, "数控机床", "吨", (800, 1.2e4), (9000, 2.2e4),
      "机床铸件、床身铸件", "机床床身铸件、灰铁铸件、球墨铸铁件",
      "材质{p}，{v}，需去应力退火并提供超声探伤报告",
      "材质{p}，{v}，树脂砂造型，单件最大25吨",
      "ISO 9001、ISO 14001", """
      HT300 | 灰铸铁床身，时效处理
      HT250 | 灰铸铁立柱、滑座
      HT350 | 高强度灰铸铁，龙门横梁
      QT600-3 | 球墨铸铁，主轴箱
      QT450-10 | 球墨铸铁，工作台
      MC-EPOXY | 矿物铸件，环氧花岗岩
      """, kind="grade"),
    F("cnc_system", "cnc", PART, "数控机床", "套", (500, 6000), (1.2e4, 1.5e5),
      "数控系统、CNC数控系统", "数控系统、CNC控制系统、五轴数控系统",
      "{v}，型号{p}，需支持国产化替代并提供二次开发接口",
      "{v}，型号{p}，总线式伺服配套",
      "ISO 9001、CE", """
      CNC-5AX-RTCP | 五轴联动，RTCP功能
      CNC-3AX-MILL | 三轴铣削，对标0i-MF Plus
      CNC-2AX-LATHE | 车床两轴
      CNC-GRIND | 磨床专用
      CNC-LASER | 激光切割专用
      CNC-ECAT-8AX | EtherCAT总线8轴
      """),
    F("carbide_insert", "cnc", PART, "数控机床", "件", (5e4, 1e6), (12, 60),
      "硬质合金刀片、数控刀片", "数控刀片、硬质合金可转位刀片、涂层刀片",
      "型号{p}，{v}，需提供切削试验报告",
      "型号{p}，{v}，PVD/CVD涂层",
      "ISO 9001", """
      CNMG120408-PM | 钢件半精加工，CVD涂层
      WNMG080408-MA | 不锈钢加工
      TNMG160404-MS | 耐热合金精加工
      DCMT11T304-PF | 小零件精车
      APMT1604PDER | 面铣刀片，铝合金
      SNMG120408-MR | 铸铁粗加工
      """),
    # ---------------------------------------------------------------- rail transit
    F("rail_brake_pad", "rail", PART, "轨道交通装备", "套", (2e3, 3e4), (1500, 9000),
      "粉末冶金闸片、制动闸片", "高速列车粉末冶金闸片、制动闸片、轨道交通闸片",
      "{v}，型号{p}，需取得CRCC认证，1:1台架试验",
      "{v}，型号{p}，铜基粉末冶金",
      "ISO 22163、CRCC", """
      ZP-350-PM | 350km/h动车组粉末冶金闸片
      ZP-250-PM | 250km/h动车组粉末冶金闸片
      ZP-160-SUB | 地铁160km/h合成闸片
      ZP-120-MONO | 跨座式单轨闸片
      ZP-TRAM-70 | 有轨电车闸片
      ZP-SHOE-COMP | 合成闸瓦，货车
      """),
    F("air_spring", "rail", PART, "轨道交通装备", "件", (1e3, 2e4), (3500, 18000),
      "空气弹簧、二系空气弹簧", "轨道车辆空气弹簧、空气弹簧、橡胶空气弹簧",
      "{v}，图号{p}，疲劳试验300万次",
      "{v}，图号{p}，自有胶料配方",
      "ISO 22163", """
      KH-SUB-B | 地铁B型车二系空簧
      KH-SUB-A | 地铁A型车二系空簧
      KH-MONO | 跨座式单轨空簧
      KH-EMU-350 | 动车组空簧
      KH-LRT | 轻轨空簧
      """),
    F("bogie_frame", "rail", PART, "轨道交通装备", "件", (300, 5000), (6e4, 2.2e5),
      "转向架构架、构架焊接件", "转向架构架、焊接构架、轨道车辆焊接件",
      "{v}，图号{p}，焊接需EN 15085-2 CL1资质",
      "{v}，图号{p}，机器人焊接+整体退火",
      "ISO 22163、EN 15085-2 CL1", """
      GJ-B-SUB | B型地铁构架，Q345E
      GJ-A-SUB | A型地铁构架
      GJ-MONO | 跨座式单轨构架
      GJ-TRAM | 有轨电车构架
      GJ-FREIGHT | 货车构架
      """),
    # ---------------------------------------------------------------- power equipment
    F("vacuum_interrupter", "power_equip", PART, "输变电及电力装备", "件", (5e3, 1e5), (300, 3500),
      "真空灭弧室、真空开关管", "真空灭弧室、中压真空灭弧室、陶瓷真空开关管",
      "{v}，型号{p}，机械寿命≥3万次，需型式试验报告",
      "{v}，型号{p}，一次封排工艺",
      "ISO 9001、CCC", """
      TD-12-1250-31.5 | 12kV 1250A 31.5kA
      TD-12-630-20 | 12kV 630A 20kA
      TD-40.5-1250-31.5 | 40.5kV 1250A 31.5kA
      TD-12-4000-40 | 12kV 4000A 40kA，发电机出口
      TD-24-1250-25 | 24kV 1250A 25kA
      TD-1.14-630 | 1.14kV 630A，真空接触器
      """),
    F("epoxy_insulator", "power_equip", PART, "输变电及电力装备", "件", (1e4, 2e5), (80, 2500),
      "环氧树脂绝缘件、绝缘子", "环氧浇注绝缘件、APG绝缘件、复合绝缘子",
      "{v}，图号{p}，局放≤5pC，需出厂试验报告",
      "{v}，图号{p}，APG自动压力凝胶工艺",
      "ISO 9001", """
      JY-12-POST | 12kV支柱绝缘子
      JY-40.5-BUSH | 40.5kV穿墙套管
      JY-126-GIS | 126kV GIS盆式绝缘子
      JY-252-GIS | 252kV GIS盆式绝缘子
      JY-12-CONTACT | 12kV触头盒
      JY-SIL-110 | 110kV硅橡胶复合绝缘子
      """),
    F("power_cable", "power_equip", PART, "输变电及电力装备", "米", (5e4, 2e6), (25, 900),
      "电力电缆、交联电缆", "交联聚乙烯绝缘电力电缆、中压电力电缆、电缆",
      "型号{p}，{v}，符合GB/T 12706，需CCC",
      "型号{p}，{v}，三层共挤干式交联",
      "CCC、ISO 9001", """
      YJV22-3×240 | 8.7/15kV，铜芯钢带铠装
      YJV-4×185+1×95 | 0.6/1kV，铜芯
      YJLV22-3×300 | 8.7/15kV，铝芯铠装
      YJV62-1×400 | 26/35kV，单芯非磁性铠装
      ZC-YJV-5×16 | 0.6/1kV，C级阻燃
      YJLW03-1×800 | 64/110kV，皱纹铝护套
      """),
    # ---------------------------------------------------------------- light alloys
    F("al_profile", "aluminium", RAW, "轻合金材料", "吨", (300, 8000), (2.3e4, 3.8e4),
      "铝合金型材、工业铝型材", "铝合金挤压型材、工业铝型材、铝型材",
      "牌号{p}，{v}，化学成分符合GB/T 3190，力学性能按GB/T 6892",
      "牌号{p}，{v}，挤压机1800T~5500T，可深加工",
      "ISO 9001、IATF 16949", """
      6061-T6 | 抗拉强度≥260MPa，结构件
      6063-T5 | 建筑及散热器型材
      6082-T6 | 高强度结构件，防撞梁
      6005A-T6 | 电池托盘边框，轨道车体
      6060-T66 | 导轨及框架
      7003-T5 | 轨道车辆车体大型材
      """, kind="grade"),
    F("al_sheet", "aluminium", RAW, "轻合金材料", "吨", (200, 6000), (2.4e4, 6.5e4),
      "铝合金板带、铝板", "铝合金板材、铝板带、铝卷",
      "牌号{p}，{v}，表面无划伤，符合GB/T 3880",
      "牌号{p}，{v}，热连轧+冷轧",
      "ISO 9001、IATF 16949", """
      5052-H32 | 厚度1.0~6.0mm，电池箱盖
      5083-H111 | 厚度3~50mm，船舶及罐体
      3003-H14 | 厚度0.3~3mm，散热器
      6016-T4P | 汽车外覆盖件
      5182-O | 汽车内板
      7075-T7351 | 航空预拉伸厚板
      """, kind="grade"),
    F("al_ingot", "aluminium", RAW, "轻合金材料", "吨", (500, 12000), (1.85e4, 2.6e4),
      "铸造铝合金锭、压铸铝合金", "再生铸造铝合金锭、压铸铝合金锭、铝合金锭",
      "牌号{p}，{v}，化学成分符合GB/T 8733，含气量低",
      "牌号{p}，{v}，再生铝保级利用",
      "ISO 9001、ISO 14001", """
      A356.2 | 低压铸造轮毂及转向节
      ADC12 | 高压压铸壳体
      AlSi10MnMg | 真空压铸结构件
      AlSi7MnMg-NHT | 免热处理一体化压铸
      ZL101A | 砂型及金属型铸造
      AlSi9Cu3 | 发动机缸体
      """, kind="grade"),
    F("al_die_casting", "aluminium", PART, "轻合金材料", "件", (3e4, 6e5), (60, 2500),
      "铝合金压铸件、压铸壳体", "铝合金压铸件、精密压铸件、一体化压铸件",
      "{v}，图号{p}，X光检测ASTM E505 2级，气密性≤5ml/min",
      "{v}，图号{p}，800T~6000T压铸岛",
      "IATF 16949、ISO 14001", """
      YZ-MOTOR-HSG | 电机壳体，AlSi10MnMg
      YZ-GBX-HSG | 减速器壳体，ADC12
      YZ-BATT-TRAY | 电池托盘，一体压铸
      YZ-REAR-FLOOR | 后地板，一体化压铸
      YZ-SHOCK-TOWER | 减振塔，真空压铸
      YZ-INV-HSG | 逆变器壳体
      YZ-MOTO-CRANK | 摩托车曲轴箱，ADC12
      """),
    F("al_master_alloy", "aluminium", RAW, "轻合金材料", "吨", (50, 1200), (1.8e4, 9e4),
      "铝中间合金、晶粒细化剂", "铝中间合金、铝钛硼细化剂、铝合金添加剂",
      "牌号{p}，{v}，符合YS/T 282",
      "牌号{p}，{v}，感应熔炼",
      "ISO 9001", """
      AlTi5B1 | 铝钛硼丝，φ9.5mm
      AlSr10 | 铝锶变质剂
      AlMn10 | 铝锰中间合金
      AlCu50 | 铝铜中间合金
      AlB3 | 铝硼中间合金，电工铝
      AlZr10 | 铝锆中间合金
      """, kind="grade"),
    F("extrusion_die", "aluminium", PART, "轻合金材料", "套", (300, 3000), (4000, 6e4),
      "铝型材挤压模具、挤压模具", "铝型材挤压模具、挤压模具、分流模",
      "{v}，规格{p}，材质H13，氮化处理，首试合格率≥85%",
      "{v}，规格{p}，慢走丝+CNC",
      "ISO 9001", """
      MJ-1800T-FL | 1800T分流模，散热器型材
      MJ-3600T-BATT | 3600T，电池托盘型材
      MJ-5500T-RAIL | 5500T，轨道车体大型材
      MJ-1250T-DOOR | 1250T，门窗型材
      MJ-2500T-PV | 2500T，光伏边框
      """),
    # ---------------------------------------------------------------- steel
    F("silicon_steel", "steel", RAW, "先进钢材", "吨", (2000, 4e4), (7500, 1.6e4),
      "无取向硅钢、电工钢", "新能源汽车用无取向电工钢、无取向硅钢片、冷轧无取向电工钢带",
      "牌号{p}，{v}，符合GB/T 2521.1，需提供爱泼斯坦方圈测试报告",
      "牌号{p}，{v}，可纵剪分条",
      "IATF 16949、ISO 9001", """
      35WW300 | 厚度0.35mm，P1.5/50≤3.00W/kg
      30WW250 | 厚度0.30mm，P1.5/50≤2.50W/kg
      27WW1500 | 厚度0.27mm，P1.0/400≤15W/kg，高频
      25WW1300 | 厚度0.25mm，P1.0/400≤13W/kg
      20WW1200 | 厚度0.20mm，P1.0/400≤12W/kg
      50WW470 | 厚度0.50mm，通用电机
      """, kind="grade"),
    F("grain_oriented", "steel", RAW, "先进钢材", "吨", (1000, 2e4), (1.2e4, 2.4e4),
      "取向硅钢、变压器硅钢片", "取向电工钢、冷轧取向硅钢、高磁感取向硅钢",
      "牌号{p}，{v}，符合GB/T 2521.2",
      "牌号{p}，{v}，激光刻痕",
      "ISO 9001", """
      23QG085 | 0.23mm，P1.7/50≤0.85W/kg，高磁感
      27QG100 | 0.27mm，P1.7/50≤1.00W/kg
      30QG120 | 0.30mm，P1.7/50≤1.20W/kg
      27Q110 | 0.27mm普通取向
      35Q145 | 0.35mm普通取向
      """, kind="grade"),
    F("auto_sheet", "steel", RAW, "先进钢材", "吨", (5000, 8e4), (5200, 9800),
      "汽车用冷轧钢板、汽车板", "冷轧汽车钢板、高强钢板、汽车用钢",
      "牌号{p}，{v}，符合GB/T 20564，表面等级FC",
      "牌号{p}，{v}，酸轧+连退，可开平落料",
      "IATF 16949、ISO 9001", """
      DC04 | 深冲用冷轧板
      DC06 | 超深冲IF钢
      HC340LA | 低合金高强钢
      DP780 | 双相钢780MPa
      QP980 | 淬火配分钢980MPa
      22MnB5-AS150 | 热成形钢，铝硅镀层
      DP590 | 双相钢590MPa
      """, kind="grade"),
    F("gear_steel", "steel", RAW, "先进钢材", "吨", (800, 2e4), (5500, 1.3e4),
      "齿轮钢、渗碳齿轮钢", "齿轮钢、合金结构钢棒材、特殊钢棒材",
      "牌号{p}，{v}，淬透性带宽≤4HRC，氧含量≤15ppm",
      "牌号{p}，{v}，电炉+LF+VD冶炼，连铸连轧",
      "IATF 16949、ISO 9001", """
      20CrMnTiH | 渗碳齿轮钢，窄淬透性
      20CrMoH | 渗碳齿轮钢
      20MnCr5 | 欧标渗碳钢，电驱齿轮
      42CrMo | 调质钢，轴类及转向节
      18CrNiMo7-6 | 风电齿轮箱大齿轮
      GCr15 | 高碳铬轴承钢
      """, kind="grade"),
    F("stainless", "steel", RAW, "先进钢材", "吨", (200, 5000), (1.4e4, 4.5e4),
      "不锈钢板、不锈钢卷", "不锈钢冷轧卷板、不锈钢板材、不锈钢",
      "牌号{p}，{v}，符合GB/T 3280",
      "牌号{p}，{v}，可定尺开平",
      "ISO 9001", """
      304-2B | 通用奥氏体，2B表面
      316L-2B | 耐蚀低碳奥氏体
      430-BA | 铁素体，BA光亮
      321 | 含钛耐热
      2205 | 双相不锈钢
      304L-NO1 | 热轧NO.1，中厚板
      """, kind="grade"),
    F("refractory", "steel", RAW, "先进钢材", "吨", (500, 8000), (4000, 1.2e4),
      "耐火材料、转炉耐火砖", "耐火材料、镁碳砖、定型耐火制品",
      "{v}（{p}），理化指标符合YB/T 4074",
      "{v}（{p}），高压成型",
      "ISO 9001、ISO 14001", """
      MT-14A | 转炉用镁碳砖，C≥14%
      LMT-10 | 钢包用铝镁碳砖
      GL-80 | 高铝砖，Al2O3≥80%
      CSK-AZC | 连铸长水口，铝锆碳
      HZ-MgO-CaO | 镁钙砖，RH精炼炉
      """),
    F("ferroalloy", "steel", RAW, "先进钢材", "吨", (1000, 2e4), (6000, 2.5e5),
      "铁合金、合金添加剂", "铁合金、炼钢合金、合金料",
      "牌号{p}，{v}，粒度10~50mm",
      "牌号{p}，{v}，矿热炉冶炼",
      "ISO 9001", """
      FeMn68Si18 | 硅锰合金 | 硅锰合金
      FeCr55C1000 | 高碳铬铁 | 高碳铬铁
      VN16 | 钒氮合金 | 钒氮合金
      FeSi75-B | 硅铁 | 硅铁
      FeMo60 | 钼铁 | 钼铁
      FeNb60 | 铌铁 | 铌铁
      """, kind="grade"),
    # ---------------------------------------------------------------- chemicals and composites
    F("eng_plastic", "chemical", RAW, "合成材料", "吨", (200, 5000), (1.4e4, 6.5e4),
      "改性工程塑料、工程塑料粒子", "改性尼龙、工程塑料、改性塑料粒子",
      "牌号{p}，{v}，需UL黄卡，颜色按色板",
      "牌号{p}，{v}，双螺杆改性，可配色",
      "ISO 9001、IATF 16949、UL", """
      PA66-GF30 | 30%玻纤增强尼龙66
      PA6-GF30 | 30%玻纤增强尼龙6
      PBT-GF30 | 30%玻纤增强PBT
      PPS-GF40 | 40%玻纤增强PPS
      PC+ABS | PC/ABS合金，低温冲击
      PP-T20 | 20%滑石粉填充PP
      PA66-GF30-FR | 阻燃尼龙66，UL94 V-0
      """, kind="grade"),
    F("thermal_adhesive", "chemical", RAW, "化工新材料", "吨", (100, 3000), (2.5e4, 1.2e5),
      "导热结构胶、动力电池结构胶", "双组分导热结构胶、聚氨酯结构胶、导热胶",
      "{v}（{p}），剪切强度≥10MPa，需UL94 V-0",
      "{v}（{p}），自动点胶适配",
      "IATF 16949、ISO 9001", """
      PU-TC1.5 | 双组分聚氨酯，导热系数1.5W/m·K
      PU-TC3.0 | 双组分聚氨酯，导热系数3.0W/m·K
      EP-TC1.0 | 环氧结构胶，导热1.0W/m·K
      SIL-GAP-3.5 | 有机硅导热凝胶，3.5W/m·K
      ACR-SF | 丙烯酸结构胶，免底涂
      PU-POT-0.8 | 聚氨酯灌封胶
      """),
    F("electronic_chem", "chemical", RAW, "化工新材料", "吨", (200, 6000), (6000, 4.5e4),
      "湿电子化学品、电子级化学品", "湿电子化学品、电子级化学品、超净高纯试剂",
      "{v}，等级{p}，需提供每批次COA",
      "{v}，等级{p}，百级灌装",
      "ISO 9001、ISO 14001", """
      UP-SSS-HF | 49%氢氟酸，SEMI C12，金属杂质≤10ppt | 电子级氢氟酸
      UP-SS-H2SO4 | 96%硫酸，SEMI C8 | 电子级硫酸
      EL-IPA-G4 | 异丙醇，SEMI G4 | 电子级异丙醇
      UP-S-NH4OH | 29%氨水，SEMI G3 | 电子级氨水
      EL-H2O2-G5 | 31%过氧化氢，SEMI G5 | 电子级双氧水
      BOE-7-1 | 缓冲氧化物刻蚀液7:1 | BOE蚀刻液
      """),
    F("specialty_gas", "chemical", RAW, "化工新材料", "千克", (5000, 2e5), (60, 1800),
      "电子特气、高纯电子气体", "电子特种气体、高纯电子气体、电子特气",
      "{v}，规格{p}，需提供气瓶管理及杂质分析报告",
      "{v}，规格{p}，精馏提纯",
      "ISO 9001、ISO 14001", """
      NF3-5N | 三氟化氮，纯度≥99.999% | 高纯三氟化氮
      WF6-6N | 六氟化钨，纯度≥99.9999% | 六氟化钨
      SiH4-6N | 硅烷，纯度6N | 电子级硅烷
      N2O-5N5 | 一氧化二氮，纯度5N5 | 高纯笑气
      C4F8-5N | 八氟环丁烷，纯度5N | 八氟环丁烷
      NH3-7N | 超纯氨，纯度7N | 高纯氨
      """),
    F("ed_coating", "chemical", RAW, "化工新材料", "吨", (200, 3000), (1.8e4, 4.2e4),
      "电泳涂料、阴极电泳漆", "阴极电泳涂料、电泳漆、汽车涂料",
      "{v}（{p}），耐盐雾≥1000h，需主机厂涂料认可",
      "{v}（{p}），可提供槽液维护服务",
      "IATF 16949、ISO 14001", """
      CED-HE | 高泳透力阴极电泳漆
      CED-LT-150 | 低温固化150℃
      CED-LT-160 | 低温固化160℃
      CED-AL | 铝件专用电泳漆
      CED-EDGE | 边角防护型
      CED-LVOC | 低VOC无锡
      """),
    F("glass_fiber", "composite", RAW, "纤维及复合材料", "吨", (500, 2e4), (4500, 1.2e4),
      "玻璃纤维、无碱玻纤", "玻璃纤维直接纱、无碱玻璃纤维、玻纤短切纱",
      "规格{p}，{v}，浸润剂与树脂体系匹配",
      "规格{p}，{v}，池窑拉丝",
      "ISO 9001", """
      ECR-2400TEX | 2400tex直接无捻粗纱，风电叶片
      E-4800TEX | 4800tex直接纱，拉挤
      CS-4.5-PA | 短切纱4.5mm，增强PA
      CS-3-PBT | 短切纱3mm，增强PBT
      HM-1200TEX | 高模量1200tex
      EC9-68TEX | 电子纱，覆铜板用
      """),
    F("carbon_fiber", "composite", RAW, "纤维及复合材料", "吨", (20, 800), (1.2e5, 6e5),
      "碳纤维、碳纤维丝束", "碳纤维、PAN基碳纤维、碳纤维丝束",
      "牌号{p}，{v}，需提供批次力学性能报告",
      "牌号{p}，{v}，干喷湿纺",
      "ISO 9001、AS9100D", """
      T700SC-12K | 拉伸强度≥4900MPa，12K
      T300-3K | 3K小丝束
      T800HB-12K | 拉伸强度≥5490MPa
      T1000G-12K | 拉伸强度≥6370MPa
      48K-LT | 48K大丝束，风电
      M40J-6K | 高模量
      """, kind="grade"),
    F("prepreg", "composite", RAW, "纤维及复合材料", "平方米", (2e4, 3e5), (120, 900),
      "碳纤维预浸料、预浸料", "环氧碳纤维预浸料、预浸料、热熔预浸料",
      "{v}，型号{p}，树脂含量38±2%",
      "{v}，型号{p}，热熔法",
      "ISO 9001、AS9100D", """
      PP-T700-UD150 | T700单向带，面重150g/m²，120℃固化
      PP-T300-3K-PW | T300 3K平纹
      PP-T800-UD-180 | T800单向带，180℃固化
      PP-CF-FR | 阻燃预浸料，轨道交通内饰
      PP-T700-TW | T700斜纹
      """),
    # ---------------------------------------------------------------- batteries
    F("cathode", "battery", RAW, "动力电池", "吨", (2000, 4e4), (4.5e4, 1.6e5),
      "正极材料、三元正极材料", "锂电正极材料、正极材料、三元材料",
      "{v}（{p}），磁性异物≤50ppb，需提供批次一致性数据",
      "{v}（{p}），高温固相烧结",
      "IATF 16949、ISO 14001", """
      NCM811 | 单晶高镍，比容量≥200mAh/g
      NCM523 | 单晶高电压4.4V
      NCM613 | 中镍高电压
      LFP-P | 动力型磷酸铁锂，压实密度≥2.5g/cm³ | 磷酸铁锂正极材料
      LFP-ES | 储能型磷酸铁锂，循环≥8000次 | 磷酸铁锂正极材料
      LMFP-64 | 磷酸锰铁锂，Mn:Fe=6:4 | 磷酸锰铁锂
      """, kind="grade"),
    F("anode", "battery", RAW, "动力电池", "吨", (2000, 3e4), (2.5e4, 1.2e5),
      "负极材料、人造石墨负极", "锂电负极材料、人造石墨、石墨负极材料",
      "{v}（{p}），首效≥93%，需提供扣电数据",
      "{v}（{p}），石墨化自供",
      "IATF 16949、ISO 14001", """
      AG-355-P | 人造石墨，355mAh/g，动力快充
      AG-360-ES | 人造石墨，360mAh/g，储能长循环
      NG-365 | 球化天然石墨，365mAh/g
      SiC-450 | 硅碳负极，450mAh/g
      SiO-1500 | 氧化亚硅，1500mAh/g
      HC-300-NA | 硬碳，300mAh/g，钠离子电池
      """),
    F("separator", "battery", RAW, "动力电池", "平方米", (5e7, 6e8), (0.8, 2.5),
      "锂电池隔膜、湿法隔膜", "锂离子电池隔膜、湿法隔膜、涂覆隔膜",
      "{v}（{p}），热收缩130℃/1h≤3%",
      "{v}（{p}），在线涂覆",
      "IATF 16949、ISO 9001", """
      W9+3C | 湿法9μm基膜+3μm陶瓷涂覆
      W7+2C | 湿法7μm基膜+2μm陶瓷涂覆
      W12 | 湿法12μm基膜
      D16-PP | 干法16μm PP
      W9+2C+1P | 9μm基膜+陶瓷+PVDF涂覆
      D20-PP-ES | 干法20μm PP，储能
      """),
    F("electrolyte", "battery", RAW, "动力电池", "吨", (1000, 2e4), (1.8e4, 5e4),
      "电解液、锂电池电解液", "锂离子电池电解液、电解液、六氟磷酸锂电解液",
      "{v}（{p}），水分≤20ppm，游离酸≤50ppm",
      "{v}（{p}），配方可定制",
      "IATF 16949、ISO 14001", """
      EL-LFP-P | 磷酸铁锂动力型，LiPF6 1.1M
      EL-NCM-HV | 高电压三元4.45V
      EL-LFP-ES | 储能长循环型
      EL-LIFSI | LiFSI复合锂盐体系
      EL-NA | 钠离子电池NaPF6体系
      EL-LT-30 | 低温型-30℃
      """),
    F("copper_foil", "battery", RAW, "动力电池", "吨", (2000, 2.5e4), (8.5e4, 1.2e5),
      "锂电铜箔、电解铜箔", "锂电池用电解铜箔、双面光铜箔、铜箔",
      "规格{p}，{v}，抗拉强度≥300MPa",
      "规格{p}，{v}，幅宽1400mm",
      "IATF 16949、ISO 9001", """
      CU-6UM | 6μm双面光
      CU-4.5UM | 4.5μm极薄
      CU-8UM | 8μm
      CU-4.5-HS | 4.5μm高抗拉≥500MPa
      CU-PET-4.5 | 4.5μm PET复合铜箔
      CU-10UM | 10μm储能用
      """),
    F("battery_cell", "battery", PART, "新型储能", "个", (5e4, 1e6), (120, 1200),
      "磷酸铁锂电芯、储能电芯", "锂离子电池电芯、磷酸铁锂电池、锂电池电芯",
      "{v}，型号{p}，循环≥6000次，需GB/T 36276型式试验",
      "{v}，型号{p}，方形铝壳叠片",
      "UL、CCC、ISO 9001", """
      LF280K | 3.2V 280Ah，储能
      LF314 | 3.2V 314Ah，储能
      LF105 | 3.2V 105Ah
      NCM-VDA-60 | 三元VDA355，3.65V 60Ah，动力
      BLADE-138 | 长薄刀片型，3.2V 138Ah
      NA-160 | 钠离子3.1V 160Ah
      """),
    F("bms", "battery", PART, "动力电池", "套", (2e4, 3e5), (300, 4500),
      "电池管理系统、BMS主控板", "BMS电池管理系统、电池管理系统、BMS从控板",
      "{v}，型号{p}，SOC误差≤3%，功能安全ASIL-C",
      "{v}，型号{p}，主从架构，支持菊花链",
      "IATF 16949、ISO 26262", """
      BMS-800V-BMU | 800V主控BMU，ASIL-C
      BMS-CSC-16S | 从控CSC，16串
      BMS-ESS-3L | 储能三级架构
      BMS-48V-LV | 48V低压系统
      BMS-2W-20S | 两轮车20串
      BMS-ESS-RACK | 储能簇级BCU
      """),
    F("battery_case", "battery", PART, "动力电池", "件", (5e5, 6e6), (6, 60),
      "电池壳体、方形电池铝壳", "电池铝壳、动力电池结构件、方形铝壳盖板",
      "{v}，规格{p}，壁厚公差±0.02mm，氦检漏",
      "{v}，规格{p}，多工位拉伸",
      "IATF 16949", """
      KT-71173 | 71173方形铝壳，3003铝
      KT-CB-280 | 280Ah电芯顶盖组件
      KT-72174 | 72174方形铝壳
      KT-50160118 | 50160118方形铝壳
      KT-21700-ST | 21700圆柱钢壳
      KT-BLADE-960 | 长薄刀片铝壳，长960mm
      """),
    # ---------------------------------------------------------------- energy storage
    F("pcs", "storage", PART, "新型储能", "台", (200, 5000), (3e4, 6e5),
      "储能变流器、PCS", "储能变流器PCS、双向变流器、储能逆变器",
      "{v}，型号{p}，满足GB/T 34120，具备构网能力",
      "{v}，型号{p}，三电平拓扑",
      "CCC、ISO 9001、CE", """
      PCS-100KW | 100kW工商业
      PCS-215KW | 215kW工商业一体柜
      PCS-1725KW | 1725kW集中式
      PCS-2500KW-MV | 2.5MW升压一体机
      PCS-125KW-STR | 125kW组串式
      PCS-6KW-HOME | 6kW户用
      """),
    F("liquid_cooling", "storage", PART, "新型储能", "台", (500, 8000), (8000, 4.5e4),
      "储能液冷机组、液冷温控系统", "液冷机组、储能液冷温控、电池热管理机组",
      "{v}，型号{p}，温差控制≤3℃，R134a或R1234yf",
      "{v}，型号{p}，变频压缩机",
      "ISO 9001、CE", """
      YL-5KW | 制冷量5kW，215kWh柜
      YL-8KW | 制冷量8kW
      YL-12KW | 制冷量12kW，20尺集装箱
      YL-3KW | 制冷量3kW，工商业
      YL-60KW-CENT | 制冷量60kW，集中式
      """),
    F("ess_container", "storage", PART, "新型储能", "套", (100, 2000), (4e5, 3.5e6),
      "储能集装箱、储能预制舱", "储能集装箱箱体、预制舱、储能电池舱",
      "{v}，型号{p}，防护IP55，C4防腐",
      "{v}，型号{p}，可集成消防",
      "ISO 9001、UL", """
      BOX-20FT-3.44 | 20尺，3.44MWh
      BOX-20FT-5 | 20尺，5MWh
      BOX-40FT | 40尺电池舱
      BOX-10FT | 10尺
      BOX-CAB-215 | 215kWh工商业柜体
      """),
    # ---------------------------------------------------------------- hydrogen
    F("pem", "hydrogen", RAW, "氢能", "平方米", (2000, 5e4), (1500, 6000),
      "质子交换膜、全氟磺酸质子交换膜", "质子交换膜、增强型全氟磺酸膜、燃料电池质子交换膜",
      "{v}（{p}），质子电导率≥0.1S/cm",
      "{v}（{p}），连续涂布",
      "ISO 9001", """
      PEM-15 | 增强型15μm，燃料电池
      PEM-12 | 增强型12μm
      PEM-8 | 增强型8μm
      PEM-50-E | 50μm，PEM电解水
      PEM-125-E | 125μm，电解水，兼容N117
      PEM-18-HT | 18μm高温型
      """),
    F("gdl", "hydrogen", RAW, "氢能", "平方米", (2000, 6e4), (300, 1500),
      "气体扩散层、碳纸", "燃料电池碳纸、气体扩散层GDL、碳纸",
      "{v}（{p}），透气率与电阻满足样品测试",
      "{v}（{p}），连续卷材",
      "ISO 9001", """
      GDL-190-MPL | 190μm，含微孔层
      GDL-230 | 230μm
      CP-120 | 碳纸基材120μm
      GDL-280-E | 280μm，电解槽
      GDL-160 | 160μm超薄
      CC-330 | 碳布330μm
      """),
    F("bipolar_plate", "hydrogen", PART, "氢燃料电池汽车", "件", (2e4, 6e5), (60, 450),
      "双极板、金属双极板", "燃料电池双极板、金属双极板、石墨双极板",
      "{v}，图号{p}，接触电阻≤10mΩ·cm²，腐蚀电流≤1μA/cm²",
      "{v}，图号{p}，精密冲压+激光焊接+PVD涂层",
      "IATF 16949、ISO 9001", """
      BP-316L-0.1 | 316L不锈钢0.1mm，碳涂层
      BP-TI-0.1 | 钛板0.1mm
      BP-GR-2.0 | 石墨板2.0mm
      BP-COMP-1.2 | 复合石墨1.2mm
      BP-SS-E | 电解槽用不锈钢极板
      BP-316L-0.075 | 316L不锈钢0.075mm
      """),
    F("h2_tank", "hydrogen", PART, "氢燃料电池汽车", "个", (2000, 4e4), (8000, 6e4),
      "车载储氢瓶、储氢气瓶", "IV型储氢瓶、III型储氢气瓶、碳纤维缠绕储氢瓶",
      "{v}，型号{p}，符合GB/T 35544",
      "{v}，型号{p}，湿法缠绕",
      "ISO 9001、TS认证", """
      CH-IV-70-52 | IV型70MPa 52L
      CH-III-35-140 | III型35MPa 140L
      CH-III-35-320 | III型35MPa 320L
      CH-IV-70-162 | IV型70MPa 162L
      CH-IV-35-385 | IV型35MPa 385L
      CH-III-70-52 | III型70MPa 52L
      """),
    F("fc_compressor", "hydrogen", PART, "氢燃料电池汽车", "台", (1000, 2e4), (1.5e4, 8e4),
      "燃料电池空压机、离心式空压机", "空气压缩机、燃料电池空气压缩机、离心空压机",
      "{v}，型号{p}，无油，噪音≤80dB(A)",
      "{v}，型号{p}，高速电机自制",
      "IATF 16949", """
      KYJ-30KW-AB | 30kW空气轴承离心式
      KYJ-60KW-AB | 60kW空气轴承离心式
      KYJ-120KW-2S | 120kW两级增压
      KYJ-20KW-ROOTS | 20kW罗茨式
      KYJ-15KW-SCREW | 15kW螺杆式
      """),
    F("catalyst", "hydrogen", RAW, "氢能", "千克", (20, 800), (1.5e5, 4.5e5),
      "燃料电池催化剂、铂碳催化剂", "铂碳催化剂、Pt/C催化剂、燃料电池电催化剂",
      "{v}（{p}），ECSA≥60m²/g",
      "{v}（{p}），批次10kg级",
      "ISO 9001", """
      PtC-40 | 40% Pt/C
      PtC-60 | 60% Pt/C
      PtCo-50 | 50% PtCo合金
      IrO2-E | 氧化铱，电解水阳极
      PtC-20 | 20% Pt/C
      PtRu-50 | 50% PtRu
      """),
    # ---------------------------------------------------------------- aviation and medical
    F("titanium", "aviation", RAW, "通用航空", "吨", (20, 600), (1.6e5, 4.5e5),
      "钛合金棒材、航空钛合金", "钛合金棒材、钛及钛合金棒、航空钛合金",
      "牌号{p}，{v}，符合GB/T 2965，需第三方复验",
      "牌号{p}，{v}，真空自耗电弧炉三次熔炼",
      "AS9100D、GJB 9001C、ISO 9001", """
      TC4 | Ti-6Al-4V，φ20~200mm
      TC4-ELI | 低间隙，紧固件用
      TA15 | 近α钛合金，结构件
      TC11 | 压气机盘件
      TA2 | 工业纯钛
      TC18 | 高强钛合金，起落架
      """, kind="grade"),
    F("superalloy", "aviation", RAW, "通用航空", "吨", (10, 300), (3e5, 9e5),
      "高温合金、镍基高温合金", "高温合金棒材、变形高温合金、镍基合金",
      "牌号{p}，{v}，真空感应+电渣重熔",
      "牌号{p}，{v}，三联冶炼",
      "AS9100D、GJB 9001C", """
      GH4169 | 对标Inconel 718，涡轮盘
      GH3030 | 燃烧室板材
      GH4738 | 对标Waspaloy
      GH3625 | 对标Inconel 625
      K418 | 铸造高温合金，涡轮叶片
      GH2132 | 铁基高温合金，紧固件
      """, kind="grade"),
    F("aero_fastener", "aviation", PART, "通用航空", "件", (5e4, 2e6), (3, 120),
      "航空紧固件、高锁螺栓", "航空紧固件、钛合金高锁螺栓、航空标准件",
      "{v}，件号{p}，需提供材料及热处理追溯",
      "{v}，件号{p}，滚压螺纹",
      "AS9100D、GJB 9001C", """
      HST11-6-8 | 钛合金高锁螺栓，φ4.8
      NAS1149F0363P | 垫圈
      MS21042L3 | 自锁螺母
      HB1-521-5 | 十字槽沉头螺钉
      NAS6204-8 | 六角头螺栓
      HST79-5 | 高锁螺母
      """),
    F("medical_polymer", "medical", RAW, "医疗器械", "千克", (2000, 8e4), (40, 3500),
      "医用高分子材料、医用级原料", "医用级原料、医用高分子粒料、医用级材料",
      "{v}，牌号{p}，需提供生物相容性报告及DMF",
      "{v}，牌号{p}，万级洁净车间生产",
      "ISO 13485、ISO 9001", """
      PEEK-IMP | 植入级PEEK，ASTM F2026 | 医用PEEK
      PC-MED-2458 | 医用级PC，可伽马灭菌 | 医用聚碳酸酯
      LSR-MED-50A | 医用液体硅胶，邵氏50A，USP Class VI | 医用液体硅橡胶
      PVC-MED-NDEHP | 无DEHP医用PVC | 医用PVC粒料
      TPU-MED-85A | 医用TPU，邵氏85A | 医用TPU
      PP-MED-RCP | 医用透明PP | 医用聚丙烯
      """),
    # ---------------------------------------------------------------- industrial software
    F("mes", "software", SOFT, "工业软件", "套", (1, 30), (3e5, 3.5e6),
      "制造执行系统（MES）、MES系统", "MES系统、制造执行系统、智能工厂MES",
      "{p}场景：{v}；需与SAP/用友ERP集成，支持私有化部署",
      "{p}行业方案：{v}；已交付多家规上企业",
      "ISO 9001、CMMI 3级、ISO 27001", """
      汽车总装 | 焊装/涂装/总装车间，JIT/JIS排序拉动，AVI车辆识别，Andon
      SMT电子 | SMT/DIP产线，MSD湿敏管理，首件检验，SPI/AOI数据采集
      化工流程 | 批次配方管理，DCS数据集成，LIMS接口
      机加工离散 | 工序派工，刀具寿命管理，DNC程序下发
      锂电电芯 | 极片追溯，涂布/卷绕/化成工序数据采集
      半导体封测 | 晶圆/批次追溯，Recipe管理，EAP设备自动化
      """, kind="soft"),
    F("plm", "software", SOFT, "工业软件", "套", (1, 20), (5e5, 4e6),
      "PLM产品生命周期管理系统、PLM系统", "PLM系统、产品生命周期管理软件、PDM/PLM平台",
      "{p}：{v}；需支持与CAD/ERP集成",
      "{p}解决方案：{v}",
      "ISO 9001、CMMI 3级", """
      整车研发 | 多视图BOM（EBOM/MBOM），工程变更，APQP项目管理
      电子产品 | 元器件库，ECAD集成，合规管理
      装备制造 | 项目制研发，工艺规划，配置管理
      航空构型 | 构型管理，适航符合性，AS9100
      医疗器械 | DHF/DMR管理，UDI，设计控制
      """, kind="soft"),
    F("cae", "software", SOFT, "工业软件", "套", (2, 40), (8e4, 1.5e6),
      "CAE仿真软件、仿真分析软件", "CAE仿真软件、多物理场仿真软件、有限元分析软件",
      "{p}：{v}；需提供与商业软件的对标算例",
      "{p}：{v}；自主求解器",
      "ISO 9001、CMMI 3级", """
      结构有限元 | 线性/非线性静力，模态，疲劳
      流体CFD | 电池包热管理，外流场
      电磁场 | 电机电磁设计，效率MAP
      碰撞安全 | 显式动力学，整车碰撞
      注塑模流 | 填充保压翘曲分析
      电子散热 | 板级及系统级热仿真
      """, kind="soft"),
    F("cad", "software", SOFT, "工业软件", "套", (10, 300), (8000, 8e4),
      "三维CAD设计软件、三维CAD", "三维CAD软件、国产三维CAD、参数化三维设计软件",
      "{p}：{v}；兼容STEP/Parasolid/DWG",
      "{p}：{v}；自主几何内核",
      "ISO 9001", """
      机械零件建模 | 参数化特征建模，工程图
      钣金设计 | 钣金展开，折弯工艺
      大型装配 | 万级零件装配，轻量化显示
      模具设计 | 分模，模架库
      二维制图 | 兼容DWG，国标图框
      电气设计 | 原理图，线束布线
      """, kind="soft"),
    F("scada", "software", SOFT, "工业软件", "套", (2, 50), (5e4, 1.2e6),
      "SCADA监控系统、组态软件", "SCADA组态软件、工业组态软件、数据采集与监视控制系统",
      "{p}：{v}；需支持国产操作系统",
      "{p}：{v}；支持OPC UA/Modbus/IEC 104",
      "ISO 9001、ISO 27001", """
      变电站监控 | IEC 61850，五防联锁
      产线设备监控 | OPC UA/Modbus采集，OEE分析
      光伏电站 | 逆变器与汇流箱监控
      轨道交通综合监控 | ISCS，环控与电力监控
      水务调度 | 泵站远程监控
      冶金流程 | 高炉及连铸过程监控
      """, kind="soft"),
    F("ems", "software", SOFT, "工业软件", "套", (2, 60), (5e4, 1.5e6),
      "能量管理系统（EMS）、能源管理系统", "能量管理系统EMS、储能EMS、能源管理平台",
      "{p}：{v}；需通过等保2.0三级",
      "{p}：{v}；云边协同",
      "ISO 9001、ISO 27001", """
      工商业储能 | 峰谷套利，需量控制，防逆流
      电网侧储能 | AGC/AVC，一次调频
      微电网 | 光储柴协调控制
      工厂能耗管理 | 能耗监测，碳排放核算
      虚拟电厂 | 可调负荷聚合，需求响应
      """, kind="soft"),
    F("autosar", "software", SOFT, "智能座舱与自动驾驶", "套", (1, 20), (3e5, 3e6),
      "AUTOSAR基础软件、汽车基础软件", "AUTOSAR CP基础软件、车用基础软件、AUTOSAR工具链",
      "{p}：{v}；需ASPICE CL2",
      "{p}：{v}；已量产搭载",
      "ISO 26262、ASPICE CL2", """
      Classic Platform | CP 4.4，MCAL/BSW/RTE全栈
      Adaptive Platform | AP R22-11，SOA服务
      功能安全OS | ASIL-D认证实时操作系统
      诊断协议栈 | UDS/DoIP诊断
      OTA升级 | 差分升级，A/B分区
      信息安全 | SecOC/HSM，符合R155
      """, kind="soft"),
    F("wms", "software", SOFT, "工业软件", "套", (1, 20), (1e5, 1.2e6),
      "WMS仓储管理系统、仓储管理系统", "WMS系统、智能仓储管理软件、仓库管理系统",
      "{p}：{v}；需与MES/ERP集成",
      "{p}：{v}",
      "ISO 9001", """
      立体库 | 堆垛机WCS联动，AGV调度
      线边物流 | 看板拉动，线边库管理
      危化品仓储 | 分区隔离，双人复核
      备品备件 | 安全库存，领用审批
      电子料仓 | 智能料架，MSD管控
      """, kind="soft"),
    F("qms", "software", SOFT, "工业软件", "套", (1, 20), (8e4, 8e5),
      "质量管理系统（QMS）、质量管理软件", "QMS质量管理软件、质量管理系统、SPC质量分析系统",
      "{p}：{v}",
      "{p}：{v}；支持移动端",
      "ISO 9001、CMMI 3级", """
      汽车行业 | APQP/PPAP/FMEA/8D
      电子行业 | SPC，MSA，来料检验
      医疗器械 | ISO 13485，CAPA，投诉管理
      航空质量 | AS9102首件检验，不合格品审理
      化工实验室 | LIMS样品管理
      """, kind="soft"),
    F("sw_component", "software", SOFT, "工业软件", "套", (1, 10), (2e5, 3e6),
      "工业软件核心组件、软件开发组件", "工业软件核心组件、软件开发包SDK、基础软件组件",
      "{p}：{v}；需源码级授权或长期技术支持",
      "{p}：{v}；提供SDK及示例",
      "ISO 9001、CMMI 3级", """
      几何建模内核 | B-Rep实体建模，布尔运算，倒角 | 三维几何建模内核
      约束求解器 | 二维/三维几何约束求解 | 几何约束求解器
      网格剖分引擎 | 四面体/六面体网格自动剖分 | 有限元网格剖分引擎
      工业时序数据库 | 百万点秒级写入，压缩比10:1 | 工业时序数据库
      OPC UA协议栈 | 服务端/客户端，信息模型 | OPC UA通信协议栈
      三维渲染引擎 | Web端轻量化渲染 | 三维轻量化渲染引擎
      """, kind="soft"),
)

FAMILY_BY_KEY = {f.key: f for f in FAMILIES}


@dataclass(frozen=True)
class ChainLeader:
    name: str
    short: str  # how SMEs write it in 拟配套对象
    province: str
    city: str
    district: str
    chain: str
    admin_code: str  # the 6-digit area code inside the credit code
    demands: tuple[str, ...]  # family keys, optionally "family:part" to pin a variant
    item_code_prefix: str | None  # None: this leader's list has no 需求编码 column values


def L(name, short, district, chain, admin, demands, prefix=None, province="重庆市", city="重庆市"):  # noqa: N802
    return ChainLeader(name, short, province, city, district, chain, admin, tuple(demands.split()), prefix)


CHAIN_LEADERS: tuple[ChainLeader, ...] = (
    L("重庆渝辰汽车股份有限公司", "渝辰汽车", "两江新区", "智能网联新能源汽车整车", "500112",
      "knuckle subframe brake_caliper hub_bearing hv_harness sealing_strip stamping interior_molding "
      "led_headlamp auto_sheet mes:汽车总装 plm:整车研发", "YC-WL-"),
    L("重庆鼎岳新能源汽车有限公司", "鼎岳汽车", "渝北区", "智能网联新能源汽车整车", "500112",
      "al_die_casting thermal_adhesive hv_connector stamping led_headlamp mmwave_radar camera_module "
      "autosar cae:碰撞安全 interior_molding", "DY"),
    L("重庆骁川摩托车制造有限公司", "骁川摩托", "巴南区", "摩托车", "500113",
      "moto_ecu moto_chain moto_wheel moto_cylinder al_ingot:ADC12 gear_steel brake_caliper:ZDQ-MOTO-2P "
      "motor_controller:MCU-72V-5KW shock_absorber:JZQ-MOTO-RR qms:汽车行业"),
    L("重庆锦驰动力科技有限公司", "锦驰动力", "璧山区", "电驱动系统", "500120",
      "silicon_steel ndfeb hairpin_stator reducer_gear igbt_module film_capacitor resolver current_sensor "
      "al_die_casting:YZ-MOTOR-HSG cae:电磁场", "JC-"),
    L("重庆乾辕汽车底盘系统有限公司", "乾辕底盘", "江津区", "汽车底盘与车身零部件", "500116",
      "knuckle subframe brake_caliper shock_absorber gear_steel al_profile al_ingot:A356.2 ed_coating "
      "mes:机加工离散 qms:汽车行业", "QY-"),
    L("重庆芯岳半导体有限公司", "芯岳半导体", "沙坪坝区", "功率半导体", "500106",
      "sic_substrate ceramic_substrate specialty_gas electronic_chem sic_mosfet igbt_module mes:半导体封测 "
      "qms:电子行业", "XY"),
    L("重庆晶曜光电显示有限公司", "晶曜光电", "巴南区", "新型显示", "500113",
      "polarizer display_driver_ic optical_film oca backlight electronic_chem specialty_gas wms:电子料仓", "JY-"),
    L("重庆澜拓智能终端有限公司", "澜拓智能", "沙坪坝区", "智能终端", "500106",
      "adapter notebook_housing fpc camera_module lipo_cell pcb mlcc mes:SMT电子 wms:电子料仓"),
    L("重庆曜石智能座舱科技有限公司", "曜石座舱", "两江新区", "智能座舱与自动驾驶", "500112",
      "mmwave_radar camera_module mcu pcb mlcc backlight:BL-123-CAR autosar fpc", "YS"),
    L("重庆翼博机器人有限公司", "翼博机器人", "两江新区", "工业机器人", "500112",
      "harmonic_reducer rv_reducer servo_motor plc ball_screw linear_guide mcu current_sensor:CSM-300-FG "
      "cae:结构有限元", "YB-"),
    L("重庆锐铣数控机床股份有限公司", "锐铣机床", "九龙坡区", "数控机床", "500107",
      "spindle machine_casting cnc_system ball_screw linear_guide carbide_insert servo_motor plc cad:机械零件建模",
      "RX"),
    L("重庆轨峰轨道交通装备有限公司", "轨峰装备", "江北区", "轨道交通装备", "500105",
      "rail_brake_pad air_spring bogie_frame al_profile:7003-T5 al_profile:6005A-T6 igbt_module:FF450R17ME4 "
      "prepreg:PP-CF-FR scada:轨道交通综合监控 plm:装备制造", "GF-"),
    L("重庆恒储电力装备集团有限公司", "恒储电力", "沙坪坝区", "输变电及电力装备", "500106",
      "vacuum_interrupter epoxy_insulator power_cable grain_oriented scada:变电站监控 stainless:304-2B "
      "current_sensor"),
    L("重庆铝岳轻合金科技有限公司", "铝岳轻合金", "九龙坡区", "轻合金材料", "500107",
      "al_master_alloy extrusion_die refractory:GL-80 mes:机加工离散 wms:立体库 scada:冶金流程", "LY"),
    L("重庆钢鼎特钢有限公司", "钢鼎特钢", "长寿区", "先进钢材", "500115",
      "refractory ferroalloy scada:冶金流程 ems:工厂能耗管理 mes:化工流程 electronic_chem:UP-SS-H2SO4", "GD-"),
    L("重庆涪岚化工新材料有限公司", "涪岚化工", "涪陵区", "化工新材料", "500102",
      "glass_fiber:CS-4.5-PA glass_fiber:CS-3-PBT stainless pressure_sensor mes:化工流程 scada:产线设备监控 "
      "qms:化工实验室 ems:工厂能耗管理 wms:危化品仓储"),
    L("重庆锂峰动力电池有限公司", "锂峰电池", "璧山区", "动力电池", "500120",
      "cathode anode separator electrolyte copper_foil battery_case bms fpc:FPC-CCS-BMS thermal_adhesive "
      "mes:锂电电芯 ntc:NTC-10K-3435-RING", "LF-"),
    L("重庆峡储新能源科技有限公司", "峡储新能源", "长寿区", "新型储能", "500115",
      "battery_cell pcs liquid_cooling ess_container bms:BMS-ESS-3L ems film_capacitor:FC-1200V-300UF power_cable",
      "XC"),
    L("重庆氢途能源科技有限公司", "氢途能源", "九龙坡区", "氢燃料电池汽车", "500107",
      "pem gdl bipolar_plate h2_tank fc_compressor catalyst pressure_sensor:PT-70MPa-H2 "
      "pressure_sensor:PT-35MPa-H2 stainless:316L-2B", "QT-"),
    L("重庆智衍工业软件有限公司", "智衍软件", "渝北区", "工业软件", "500112",
      "sw_component cae cad scada:产线设备监控", "ZY"),
    L("成都蓉曦航空装备有限公司", "蓉曦航空", "双流区", "通用航空", "510116",
      "titanium superalloy aero_fastener al_sheet:7075-T7351 carbon_fiber prepreg qms:航空质量 plm:航空构型",
      "RXH-", province="四川省", city="成都市"),
    L("重庆康屿医疗器械有限公司", "康屿医疗", "巴南区", "医疗器械", "500113",
      "medical_polymer stainless:316L-2B pcb mcu:STM32G431CBT6 qms:医疗器械 plm:医疗器械 ntc:NTC-47K-4050 "
      "pressure_sensor:PT-DIFF-10kPa"),
    L("重庆风衡新能源装备有限公司", "风衡装备", "涪陵区", "光伏与风电装备", "500102",
      "glass_fiber:ECR-2400TEX carbon_fiber:48K-LT gear_steel:18CrNiMo7-6 film_capacitor:FC-1100V-150UF-PV "
      "pcs power_cable scada:光伏电站 al_profile:6063-T5 extrusion_die:MJ-2500T-PV", "FH"),
    L("重庆岳川商用车有限公司", "岳川商用车", "大足区", "智能网联新能源汽车整车", "500111",
      "gear_steel:20CrMoH auto_sheet knuckle:ZXJ-42CrMo-HD reducer_gear:CL-I136-HD h2_tank hv_harness "
      "ed_coating mes:汽车总装 shock_absorber", "YCC-"),
)

# Chongqing districts with the 6-digit area codes used inside credit codes.
CHONGQING_DISTRICTS: dict[str, str] = {
    "两江新区": "500112", "九龙坡区": "500107", "沙坪坝区": "500106", "渝北区": "500112", "江津区": "500116",
    "璧山区": "500120", "永川区": "500118", "长寿区": "500115", "涪陵区": "500102", "北碚区": "500109",
    "巴南区": "500113", "大渡口区": "500104", "綦江区": "500110", "铜梁区": "500151", "荣昌区": "500153",
    "合川区": "500117", "江北区": "500105", "南岸区": "500108", "大足区": "500111", "潼南区": "500152",
    "万州区": "500101", "渝中区": "500103", "梁平区": "500155",
}

# Where each trade clusters in Chongqing (first ones most likely).
DOMAIN_DISTRICTS: dict[str, tuple[str, ...]] = {
    "auto_parts": ("两江新区", "渝北区", "璧山区", "江津区", "九龙坡区", "巴南区", "綦江区", "大足区", "铜梁区"),
    "motorcycle": ("巴南区", "九龙坡区", "璧山区", "江津区", "永川区", "渝北区"),
    "edrive": ("璧山区", "两江新区", "江津区", "北碚区", "渝北区"),
    "power_semi": ("沙坪坝区", "北碚区", "两江新区", "璧山区"),
    "ic": ("沙坪坝区", "两江新区", "渝北区", "南岸区"),
    "display": ("巴南区", "北碚区", "璧山区", "铜梁区"),
    "terminal": ("沙坪坝区", "璧山区", "铜梁区", "永川区", "合川区"),
    "pcb": ("铜梁区", "璧山区", "合川区", "永川区", "沙坪坝区"),
    "sensor": ("北碚区", "两江新区", "南岸区", "渝北区"),
    "robot": ("两江新区", "九龙坡区", "渝北区", "永川区", "北碚区"),
    "cnc": ("九龙坡区", "沙坪坝区", "綦江区", "江津区", "永川区"),
    "rail": ("九龙坡区", "大渡口区", "江北区", "沙坪坝区"),
    "power_equip": ("沙坪坝区", "九龙坡区", "长寿区", "永川区", "江津区"),
    "aluminium": ("九龙坡区", "南岸区", "綦江区", "江津区", "长寿区"),
    "steel": ("长寿区", "大渡口区", "綦江区", "江津区"),
    "chemical": ("长寿区", "涪陵区", "万州区", "合川区"),
    "composite": ("大渡口区", "长寿区", "北碚区", "永川区"),
    "battery": ("璧山区", "两江新区", "铜梁区", "涪陵区", "潼南区"),
    "storage": ("长寿区", "两江新区", "璧山区", "万州区"),
    "hydrogen": ("九龙坡区", "两江新区", "长寿区"),
    "software": ("渝北区", "两江新区", "渝中区", "南岸区", "沙坪坝区"),
    "aviation": ("两江新区", "北碚区", "梁平区"),
    "medical": ("巴南区", "北碚区", "两江新区", "渝北区"),
}

# Places outside Chongqing: (province, city, district, area code, phone prefix).
SICHUAN_PLACES = (
    ("四川省", "成都市", "双流区", "510116", "028"),
    ("四川省", "成都市", "龙泉驿区", "510112", "028"),
    ("四川省", "成都市", "郫都区", "510117", "028"),
    ("四川省", "成都市", "新都区", "510114", "028"),
    ("四川省", "德阳市", "旌阳区", "510603", "0838"),
    ("四川省", "绵阳市", "涪城区", "510703", "0816"),
    ("四川省", "宜宾市", "翠屏区", "511502", "0831"),
)
OTHER_PLACES = (
    ("江苏省", "苏州市", "吴江区", "320509", "0512"),
    ("江苏省", "苏州市", "昆山市", "320583", "0512"),
    ("浙江省", "宁波市", "北仑区", "330206", "0574"),
    ("广东省", "深圳市", "宝安区", "440306", "0755"),
    ("陕西省", "西安市", "长安区", "610116", "029"),
    ("湖南省", "株洲市", "天元区", "430211", "0731"),
)

# Words an SME of each trade puts in its name.
DOMAIN_NAME_WORDS: dict[str, tuple[str, ...]] = {
    "auto_parts": ("汽车零部件", "汽车配件", "机械制造", "精密机械", "汽车部件", "精工"),
    "motorcycle": ("摩托车配件", "机车部件", "动力机械", "摩配", "机械"),
    "edrive": ("电机", "动力科技", "磁材科技", "传动科技", "电驱科技"),
    "power_semi": ("半导体", "微电子", "电子科技", "功率器件"),
    "ic": ("微电子", "集成电路", "芯片科技", "电子科技"),
    "display": ("光电", "显示科技", "光学材料", "光电科技"),
    "terminal": ("电子", "智能科技", "精密电子", "电子科技"),
    "pcb": ("电路", "电子元件", "电子科技", "电子"),
    "sensor": ("传感技术", "仪器仪表", "测控技术", "传感器"),
    "robot": ("智能装备", "传动科技", "自动化", "机器人科技", "精密传动"),
    "cnc": ("机床附件", "精密机械", "铸造", "数控科技", "工具"),
    "rail": ("轨道交通设备", "机车车辆配件", "减振技术", "轨道科技"),
    "power_equip": ("电气", "电力设备", "绝缘材料", "电缆", "开关"),
    "aluminium": ("铝业", "铝材", "轻合金", "铝合金科技", "模具"),
    "steel": ("钢铁", "特钢", "金属材料", "冶金材料", "耐火材料"),
    "chemical": ("化工", "新材料", "高分子材料", "精细化工", "涂料"),
    "composite": ("复合材料", "纤维科技", "新材料"),
    "battery": ("新能源材料", "锂电科技", "能源科技", "新能源科技"),
    "storage": ("储能科技", "电力电子", "能源技术", "热管理科技"),
    "hydrogen": ("氢能科技", "燃料电池", "能源装备", "氢能源"),
    "software": ("软件", "信息技术", "数字科技", "网络科技", "软件技术"),
    "aviation": ("航空零部件", "航空材料", "精密制造", "航空科技"),
    "medical": ("医疗器械", "医用材料", "生物材料", "医疗科技"),
}

# Syllables for invented brand names; pairs containing a BANNED fragment are skipped.
BRAND_FIRST = "渝川锦恒鑫瑞泓弘晟昊澜翰睿宸骏铭拓耀峰岚钧凯德盛丰振宏立捷博源海江山峡巴缙歌朝天聚汇星辉蓝致明远启航臻卓嘉"
BRAND_SECOND = "辰锐茂岳通达诚信创晖禾泰邦新驰宇腾森越阳航翔恩润朗科威昇泽鸿澄途睿锋晨熙桓屹湛"
BANNED_FRAGMENTS = (
    "长安", "赛力", "京东", "华为", "宁德", "隆鑫", "宗申", "西门", "力帆", "庆铃", "嘉陵", "建设", "川仪",
    "重钢", "西南", "太极", "小康", "金康", "智飞", "恒通", "青山", "望江", "大江", "渝丰", "泰山", "银翔",
    "海装", "博世", "德力", "鸿海", "天马", "蓝思", "星宇", "拓普", "宏发", "立讯", "航天", "江山",
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆汪范廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_NAMES = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
    "霞", "平", "刚", "桂英", "建华", "建国", "小红", "志强", "海燕", "晓东", "文博", "雪梅", "俊杰", "思远", "宇航",
    "欣怡", "子涵", "梓萱", "浩然", "婷", "亮", "鹏", "飞", "鑫", "倩", "琳", "雨", "晨", "凯", "佳", "昊",
)

CITY_OFFICE_EMAIL_DOMAINS = ("163.com", "126.com", "qq.com", "sina.com", "foxmail.com")
