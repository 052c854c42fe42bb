"""A small supply list written the way SMEs fill in spreadsheets, shared by the engine tests."""

from __future__ import annotations

import pytest

from matching import ItemRecord, SupplyMatcher

SUPPLY = (
    ItemRecord("s-igbt", "英飞凌 FF450R12-ME4 功率模块", "1200V 450A 半桥IGBT模块", brand="英飞凌", category="component"),
    ItemRecord("s-igbt-ke3", "IGBT模块 FF450R12KE3", "1200V 450A 上一代模块", brand="英飞凌", category="component"),
    ItemRecord("s-igbt-fuji", "富士 2MBI450VN-120 IGBT模块", brand="富士电机", category="component"),
    ItemRecord("s-mcu", "意法半导体 STM32F103C8T6 单片机", part_numbers=("STM32F103C8T6",), brand="ST", category="component"),
    ItemRecord("s-mcu-rb", "STM32F103RBT6 微控制器 LQFP64", brand="ST", category="component"),
    ItemRecord("s-bearing-b0", "深沟球轴承 6205-2RS-0XB0", brand="SKF", category="component"),
    ItemRecord("s-bearing-b1", "深沟球轴承 6205-2RS-0XB1", brand="SKF", category="component"),
    ItemRecord("s-alu", "6061T6 铝合金型材 工业铝型材", "挤压成型, 阳极氧化", category="raw_material"),
    ItemRecord("s-alu-7075", "7075-T651 铝板", category="raw_material"),
    ItemRecord("s-servo", "交流伺服马达 750W 带编码器", brand="汇川", category="component"),
    ItemRecord("s-stepper", "两相步进马达 57mm", category="component"),
    ItemRecord("s-plc", "西门子可编程控制器 S7-1200 CPU1214C", brand="西门子", category="component"),
    ItemRecord("s-battery", "磷酸铁锂离子电池 3.2V 100Ah 储能电芯", category="component"),
    ItemRecord("s-lead", "铅酸蓄电池 12V 100Ah", category="component"),
    ItemRecord("s-molding", "塑料注射件 汽车内饰件 来图定制", category="component"),
    ItemRecord("s-mes", "MES 制造执行系统 软件", "离散制造 生产管理", category="software"),
    ItemRecord("s-mes-hw", "MES 工位终端 工业平板电脑", category="component"),
    ItemRecord("s-pcb", "四层印制电路板 FR-4 打样", category="component"),
    ItemRecord("s-ptfe", "聚四氟乙烯 PTFE 棒材", category="raw_material"),
    ItemRecord("s-bolt", "外六角螺栓 M8×20 8.8级 镀锌", category="component"),
)


@pytest.fixture(scope="module")
def supply() -> tuple[ItemRecord, ...]:
    return SUPPLY


@pytest.fixture(scope="module")
def matcher() -> SupplyMatcher:
    return SupplyMatcher().fit(SUPPLY)
