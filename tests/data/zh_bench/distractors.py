"""Supply-only families that make the pool look like a real 供给清单: fasteners, valves, cables, tools,
consumables and near relatives of the demanded products. No demand row points at them. Standard library only.
"""

from __future__ import annotations

from catalog import Family, V


def _grid(*axes: list[str]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    for axis in axes:
        out = [prev + (item,) for prev in out for item in axis]
    return out


def distractor_families() -> list[Family]:
    fams: list[Family] = []

    def add(key, domain, category, names, en, unit, variants):
        fams.append(Family(key, domain, category, names, en, unit, ("通用",), variants, role="distractor"))

    bolts = []
    for i, (size, length, grade, finish) in enumerate(_grid(
            ["M6", "M8", "M10", "M12", "M16", "M20"], ["20", "30", "40", "50", "60"], ["8.8级", "10.9级"],
            ["镀锌", "发黑", "达克罗"])):
        if i % 3 == 0:
            bolts.append(V(f"GB/T5782 {size}×{length}", f"{size}×{length} {grade} {finish} 外六角"))
    add("bolt", "equipment", "component", ("六角头螺栓", "外六角螺栓", "螺栓"), "hex bolt", "千件", bolts)

    screws = [V(f"GB/T70.1 {s}×{length}", f"{s}×{length} 12.9级 发黑 内六角")
              for s, length in _grid(["M3", "M4", "M5", "M6", "M8", "M10", "M12"], ["10", "16", "20", "25", "30", "40"])]
    add("socket_screw", "equipment", "component", ("内六角圆柱头螺钉", "内六角螺丝", "杯头螺丝"), "socket cap screw", "千件",
        screws)

    nuts = [V(f"GB/T6170 {s}", f"{s} {g}级 {f}") for s, g, f in _grid(
        ["M6", "M8", "M10", "M12", "M16", "M20", "M24"], ["8", "10"], ["镀锌", "发黑"])]
    add("nut", "equipment", "component", ("六角螺母", "螺母", "螺帽"), "hex nut", "千件", nuts)

    valves = [V(f"{t}-{p} DN{d}", f"DN{d} PN{p[:2]} {m}")
              for t, p, d, m in _grid(["Q41F", "Q11F", "D71X"], ["16C", "16P"], ["15", "25", "50", "80", "100"],
                                       ["法兰连接"]) if not (t == "Q11F" and int(d) > 50)]
    add("ball_valve", "equipment", "component", ("球阀", "手动球阀", "阀门"), "ball valve", "台", valves)

    pumps = [V(f"ISG{a}-{b}", f"立式管道离心泵 流量{q}m³/h 扬程{h}m")
             for (a, b, q, h) in [("50", "160", "12.5", "32"), ("65", "160", "25", "32"), ("65", "200", "25", "50"),
                                  ("80", "160", "50", "32"), ("80", "200", "50", "50"), ("100", "200", "100", "50"),
                                  ("100", "250", "100", "80"), ("125", "250", "160", "80"), ("50", "125", "12.5", "20"),
                                  ("40", "160", "6.3", "32")]]
    add("pump", "equipment", "component", ("离心泵", "管道泵", "水泵"), "centrifugal pump", "台", pumps)

    cables = [V(f"{t} 0.6/1kV {c}", f"{t} {c} 铜芯 交联聚乙烯绝缘")
              for t, c in _grid(["YJV", "YJV22", "YJLV"], ["3×25+1×16", "3×35+1×16", "3×50+1×25", "3×70+1×35",
                                                            "3×95+1×50", "3×120+1×70", "4×25", "4×50", "5×16"])]
    add("power_cable", "equipment", "component", ("电力电缆", "电缆", "动力电缆"), "power cable", "米", cables)

    wires = [V(f"{t} {s}mm²", f"{t} {s}mm² {c} 450/750V")
             for t, s, c in _grid(["BV", "BVR", "RVV"], ["1.5", "2.5", "4", "6", "10"], ["红色", "蓝色", "黄绿双色"])]
    add("wire", "equipment", "component", ("电线", "布电线", "BV线"), "building wire", "卷", wires)

    mills = [V(f"HRC{h}-{f}F-D{d}", f"硬质合金立铣刀 {f}刃 直径{d}mm HRC{h}")
             for h, f, d in _grid(["45", "55", "65"], ["2", "4"], ["3", "4", "6", "8", "10", "12", "16"])]
    add("end_mill", "equipment", "component", ("硬质合金铣刀", "立铣刀", "钨钢铣刀"), "end mill", "支", mills)

    comp = [V(f"LG-{k}A", f"螺杆空压机 {k}kW {p}bar {c}")
            for k, p, c in _grid(["7.5", "11", "15", "22", "37", "55", "75"], ["8", "10"], ["工频", "永磁变频"])]
    add("compressor", "equipment", "component", ("螺杆空压机", "空压机", "空气压缩机"), "screw compressor", "台", comp)

    trans = [V(f"SCB{g}-{k}/10", f"干式变压器 {k}kVA 10kV/0.4kV {g}能效")
             for g, k in _grid(["13", "14"], ["315", "400", "500", "630", "800", "1000", "1250", "1600", "2000", "2500"])]
    add("transformer", "equipment", "component", ("干式变压器", "变压器", "电力变压器"), "dry-type transformer", "台", trans)

    oils = [V(f"L-HM {v}", f"抗磨液压油 {v}号 {p} {b}") for v, p, b in _grid(
        ["32", "46", "68"], ["18L", "200L"], ["长城", "昆仑", "美孚"])]
    add("hyd_oil", "chemicals", "raw_material", ("抗磨液压油", "液压油"), "hydraulic oil", "桶", oils)

    cutting = [V(f"QX-{k}", f"{t} 稀释{r}倍 {p}") for k, (t, r, p) in enumerate(_grid(
        ["乳化型切削液", "半合成切削液", "全合成切削液"], ["10", "20"], ["18L", "200L"]), start=100)]
    add("cutting_fluid", "chemicals", "raw_material", ("切削液", "切削油", "冷却液"), "cutting fluid", "桶", cutting)

    forklifts = [V(f"{t}{k}", f"{d} 额定载荷{k[:-1] if k.endswith('0') else k}吨 {m}")
                 for t, k, d, m in [("CPD", "15", "电动叉车", "铅酸"), ("CPD", "20", "电动叉车", "锂电"),
                                    ("CPD", "30", "电动叉车", "锂电"), ("CPCD", "30", "内燃叉车", "柴油"),
                                    ("CPCD", "50", "内燃叉车", "柴油"), ("CPD", "35", "电动叉车", "锂电"),
                                    ("CPQD", "25", "内燃叉车", "液化气")]]
    add("forklift", "equipment", "component", ("叉车", "平衡重叉车"), "forklift", "台", forklifts)

    gloves = [V(f"LB-{i:03d}", f"{t} {s}") for i, (t, s) in enumerate(_grid(
        ["丁腈浸胶手套", "PU涂掌手套", "防割手套 5级", "劳保棉纱手套", "电焊手套 牛皮"], ["M码", "L码", "XL码"]), start=1)]
    add("gloves", "equipment", "component", ("劳保手套", "防护手套", "手套"), "work gloves", "打", gloves)

    boxes = [V("", f"{layers} 瓦楞纸箱 {size} {grade}") for layers, size, grade in _grid(
        ["三层", "五层", "七层"], ["400×300×250mm", "600×400×400mm", "500×350×300mm", "800×600×500mm"],
        ["B瓦", "BC瓦"]) if not (layers == "三层" and grade == "BC瓦")]
    add("carton", "equipment", "component", ("瓦楞纸箱", "纸箱", "包装箱"), "carton", "只", boxes)

    pallets = [V(f"TP-{s}-{t}", f"塑料托盘 {s} {t} {load}") for s, t, load in _grid(
        ["1200×1000", "1200×800", "1300×1100", "1100×1100"], ["川字", "九脚", "田字"], ["动载1吨"])]
    add("pallet", "equipment", "component", ("塑料托盘", "托盘", "卡板"), "plastic pallet", "个", pallets)

    switches = [V(f"IES-{p}{g}", f"工业以太网交换机 {p}口 {sp} {m}") for p, g, sp, m in _grid(
        ["5", "8", "16"], ["00", "G0"], ["百兆", "千兆"], ["非网管", "网管型"]) if (g == "G0") == (sp == "千兆")]
    add("switch", "electronics", "component", ("工业交换机", "以太网交换机", "交换机"), "industrial switch", "台", switches)

    relays = [V(m, s, b) for m, s, b in [
        ("MY2N-J DC24V", "中间继电器 2组转换 DC24V 5A", "欧姆龙"), ("MY4N-J DC24V", "中间继电器 4组转换 DC24V 3A", "欧姆龙"),
        ("MY2N-J AC220V", "中间继电器 2组转换 AC220V 5A", "欧姆龙"), ("LY2N-J DC24V", "中间继电器 2组转换 DC24V 10A", "欧姆龙"),
        ("G2R-1-E DC24V", "功率继电器 1组转换 16A", "欧姆龙"), ("G5LE-1 DC12V", "PCB继电器 1组转换 10A", "欧姆龙"),
        ("HF115F-024-1ZS3", "PCB继电器 1组转换 16A DC24V", "宏发"), ("HF32F-012-HS", "小型继电器 1组常开 DC12V", "宏发"),
        ("JQX-13F DC24V", "中间继电器 2组转换 10A", "正泰"), ("NXJ-2Z DC24V", "小型中间继电器 2组转换 5A", "正泰")]]
    add("relay", "electronics", "component", ("继电器", "中间继电器", "电磁继电器"), "relay", "只", relays)

    resistors = [V(f"RC{p}FR-07{v}L", f"{p} {v.replace('K', 'kΩ').replace('R', 'Ω') if v != '0R' else '0Ω'} ±1% 贴片电阻",
                   "国巨") for p, v in _grid(["0402", "0603", "0805", "1206"], ["10K", "4K7", "100R", "1K", "0R", "47K"])]
    add("resistor", "electronics", "component", ("贴片电阻", "电阻", "片式电阻"), "chip resistor", "盘", resistors)

    psus = [V(m, s, "明纬") for m, s in [
        ("LRS-350-24", "开关电源 350W 24V 14.6A"), ("LRS-150-24", "开关电源 150W 24V 6.5A"),
        ("LRS-100-24", "开关电源 100W 24V 4.5A"), ("LRS-350-12", "开关电源 350W 12V 29A"),
        ("NDR-120-24", "导轨电源 120W 24V 5A"), ("NDR-240-24", "导轨电源 240W 24V 10A"),
        ("HDR-60-24", "导轨电源 60W 24V 2.5A"), ("RSP-500-24", "开关电源 500W 24V PFC"),
        ("SDR-480-24", "导轨电源 480W 24V 20A"), ("EDR-75-24", "导轨电源 75W 24V")]]
    add("psu", "electronics", "component", ("开关电源", "电源", "导轨电源"), "power supply", "台", psus)

    belts = [V(f"HTD{length}-{p}M-{w}", f"同步带 {p}M齿形 周长{length}mm 宽{w}mm 橡胶")
             for length, p, w in _grid(["450", "600", "800", "1000", "1200"], ["5", "8"], ["15", "25"])]
    add("timing_belt", "equipment", "component", ("同步带", "同步皮带", "齿形带"), "timing belt", "条", belts)

    orings = [V(f"{d}×{c} {m}", f"O型圈 内径{d}mm 线径{c}mm {m} {h}") for d, c, m, h in _grid(
        ["10", "20", "30", "50", "80"], ["1.9", "2.4", "3.1"], ["NBR", "FKM"], ["70度"])]
    add("oring", "equipment", "component", ("O型圈", "密封圈", "O形密封圈"), "O-ring", "包", orings)

    wire_weld = [V(f"ER50-6 Φ{d}", f"气保焊丝 Φ{d}mm {w}kg/盘 {b}") for d, w, b in _grid(
        ["0.8", "1.0", "1.2", "1.6"], ["15", "20"], ["大西洋", "金桥"])]
    add("weld_wire", "materials", "raw_material", ("焊丝", "气保焊丝", "二保焊丝"), "welding wire", "吨", wire_weld)

    ingots = [V(g, f"{d} {f}", b) for g, d, f, b in [
        ("A00", "铝锭 Al≥99.7%", "约20kg/块", "中铝"), ("ADC12", "压铸铝合金锭", "约8kg/块", "立中"),
        ("A356.2", "铸造铝合金锭 轮毂用", "约8kg/块", "立中"), ("AlSi10MnMg", "高真空压铸铝合金锭 免热处理", "约8kg/块", "立中"),
        ("ZL104", "铸造铝合金锭", "约10kg/块", "中铝"), ("Zn99.995", "0#锌锭", "约25kg/块", "株冶"),
        ("Cu-CATH-1", "A级电解铜 阴极铜 ≥99.99%", "约100kg/板", "江铜"), ("AZ91D", "镁合金锭 压铸用", "约7.5kg/块", "云海")]]
    add("ingot", "materials", "raw_material", ("金属锭", "铝锭", "合金锭"), "metal ingot", "吨", ingots)

    resins = [V(g, f"{d} {u}", b) for g, d, u, b in [
        ("T30S", "均聚PP 拉丝级 MFR3", "25kg/袋", "中石化"), ("K8303", "共聚PP 高抗冲", "25kg/袋", "燕山石化"),
        ("5000S", "HDPE 拉丝级", "25kg/袋", "扬子石化"), ("7042", "LLDPE 薄膜级", "25kg/袋", "镇海炼化"),
        ("EPS-301", "可发性聚苯乙烯 包装用", "25kg/袋", "龙江"), ("SG-5", "PVC树脂 悬浮法", "25kg/袋", "中泰"),
        ("BX6510", "HIPS 高抗冲聚苯乙烯", "25kg/袋", "台化"), ("PET-CZ302", "瓶级PET切片", "1100kg/吨包", "华润")]]
    add("resin", "materials", "raw_material", ("通用塑料", "塑料颗粒", "树脂"), "commodity resin", "吨", resins)

    software = [V(m, s, b, n) for m, s, b, n in [
        ("泛微e-cology 10", "协同办公 流程审批 500用户", "泛微", ("OA系统", "协同办公系统")),
        ("致远A8+", "协同办公 公文 200用户", "致远", ("OA系统", "协同办公系统")),
        ("WMS-Lite 2.0", "仓储管理 条码 PDA 立库对接", "川软", ("WMS系统", "仓储管理系统")),
        ("WMS-Pro 5.1", "多仓 波次拣货 AGV调度", "数擎", ("WMS系统", "仓储管理系统")),
        ("QMS Cloud 3.0", "来料检验 SPC 8D 质量追溯", "渝智", ("QMS系统", "质量管理系统")),
        ("SRM 2024", "供应商门户 询比价 对账", "匠云", ("SRM系统", "供应商关系管理")),
        ("纷享销客 CRM", "销售漏斗 客户管理 SaaS", "纷享销客", ("CRM系统", "客户关系管理")),
        ("中望3D 2024", "三维CAD 单机授权", "中望", ("三维CAD软件", "CAD软件")),
        ("中望CAD 2024", "二维CAD 网络授权", "中望", ("二维CAD软件", "CAD软件")),
        ("CAXA 3D实体设计 2024", "三维CAD 国产", "数码大方", ("三维CAD软件", "三维设计软件")),
        ("BarTender 2022 Automation", "条码标签打印 自动化版", "Seagull", ("条码打印软件", "标签软件")),
        ("EAM 6.0", "设备台账 点检 预防性维护", "川软", ("设备管理系统", "EAM系统")),
        ("APS-Plan 3.2", "高级排产 有限产能 插单模拟", "数擎", ("APS高级排产系统", "排产软件")),
        ("EMS 2.0", "能耗监测 水电气 分项计量", "云隼", ("能源管理系统", "能耗管理软件")),
        ("DT-Twin 1.5", "产线三维可视化 数字孪生", "渝智", ("数字孪生平台", "三维可视化软件")),
        ("IIoT-Hub 4.0", "设备联网 OPC UA MQTT 边缘采集", "匠云", ("工业互联网平台", "设备联网平台")),
        ("VisionMaster 4.2", "机器视觉算法平台 缺陷检测", "海康机器人", ("视觉检测软件", "机器视觉软件")),
        ("HALCON 23.05", "机器视觉库 开发授权", "MVTec", ("视觉算法库", "机器视觉软件")),
        ("e-HR 7.0", "人事 考勤 薪酬 1000人", "金蝶", ("人力资源系统", "HR系统")),
        ("Eplan Electric P8 2024", "电气原理图设计 单机", "Eplan", ("电气设计软件", "电气CAD")),
    ]]
    fams.append(Family("other_software", "software", "software", ("工业软件", "管理软件"), "software", "套", ("通用",),
                       software, role="distractor"))

    chemicals = [V(m, s, "", n) for m, s, n in [
        ("7647-01-0", "31% 工业级 槽车", ("工业盐酸", "盐酸")), ("7664-93-9", "98% 工业级 吨桶", ("硫酸", "浓硫酸")),
        ("1310-73-2", "片碱 99% 25kg/袋", ("氢氧化钠", "片碱", "烧碱")), ("7722-84-1", "27.5% 工业级 30kg/桶", ("双氧水", "过氧化氢")),
        ("LZ-306", "锌系磷化液 常温 25kg/桶", ("磷化液",)), ("TZ-105", "中温脱脂剂 粉状 25kg/袋", ("脱脂剂", "除油剂")),
        ("FY-2", "防锈油 薄膜型 工序间防锈 200L", ("防锈油",)), ("HY-883", "导热硅脂 3.0W/m·K 1kg", ("导热硅脂", "散热膏")),
        ("L-XBCHA 2", "锂基润滑脂 2号 15kg/桶", ("锂基脂", "润滑脂", "黄油")),
        ("L-XBCHA 3", "锂基润滑脂 3号 15kg/桶", ("锂基脂", "润滑脂", "黄油")),
        ("FD-35", "乙二醇型防冻液 -35℃ 4L", ("防冻液", "冷却液")), ("FD-45", "乙二醇型防冻液 -45℃ 4L", ("防冻液", "冷却液")),
        ("QX-901", "水基清洗剂 金属零件 20L", ("工业清洗剂", "清洗剂")), ("7727-37-9", "液氮 99.999% 杜瓦罐", ("液氮",)),
        ("CO2-99.9", "焊接用二氧化碳 40L钢瓶", ("二氧化碳", "CO2气体")), ("Ar-99.999", "高纯氩气 40L钢瓶", ("氩气", "高纯氩")),
        ("RX-620", "脱模剂 水性 压铸用 200L", ("脱模剂", "压铸脱模剂")), ("HL-3", "铝合金精炼剂 除气除渣", ("精炼剂", "铝液精炼剂")),
    ]]
    fams.append(Family("basic_chemicals", "chemicals", "raw_material", ("化工原料", "化学品"), "chemical", "吨", ("通用",),
                       chemicals, role="distractor"))

    fams.append(Family("needle_bearing", "equipment", "component", ("滚针轴承", "冲压外圈滚针轴承"), "needle bearing", "套",
                       ("通用",), [V(f"HK{d}{w}", f"内径{int(d)}mm 宽{int(w)}mm 冲压外圈", "INA")
                                   for d, w in _grid(["08", "10", "12", "15", "20", "25"], ["10", "12", "16"])],
                       role="distractor"))
    return fams

