"""Builders shared by the suggestion and live-index tests: a chain leader with a demand item, and suppliers
that are equal in every respect except the one a test varies."""

from __future__ import annotations

from typing import Any

from app.domain.identity import item_identity_key
from app.models import ApiRole, EnterpriseRole, ItemCategory, Qualification, QualificationKind, SupplyItem

LEADER_PLACE = {"province": "重庆市", "city": "重庆市", "district": "两江新区"}
DEMAND = {
    "category": "component",
    "product_name": "IGBT模块",
    "specification": "1200V 450A 半桥 用于电驱逆变器",
    "part_numbers": ["FF450R12ME4"],
    "annual_quantity": "20万件",
    "certifications": ["IATF 16949"],
}
SUPPLY = {
    "category": "component",
    "product_name": "IGBT功率模块",
    "description": "1200V 450A 半桥模块，电驱逆变器用",
    "part_numbers": ["FF450R12ME4"],
}


# Unrelated products. The engine skips features found in more than a fifth of the supply rows, so a test that
# compares several identical suppliers needs a catalogue around them, as any real list has.
BACKGROUND = [
    ("6061-T6铝合金型材", "挤压型材 阳极氧化", "6061-T6"), ("伺服电机", "400W 低惯量 编码器17位", "SM-400"),
    ("锂离子电池电芯", "磷酸铁锂 280Ah 方形铝壳", "LFP280"), ("PLC可编程控制器", "32点 以太网 运动控制", "CP1E-N30"),
    ("注塑件", "PA66+GF30 汽车门把手", "ZS-DB-01"), ("精密轴承", "深沟球轴承 P5级", "6205-2RS"),
    ("液压油缸", "工程机械 双作用 缸径80", "HSG80"), ("工业机器人减速器", "RV减速器 精度1弧分", "RV-40E"),
    ("MES制造执行系统", "离散制造 排产 质量追溯", "V3.2"), ("汽车线束", "高压线束 橙色 屏蔽", "HV-35"),
    ("碳纤维预浸料", "T700 环氧树脂基", "T700-12K"), ("不锈钢板", "304 冷轧 2B面", "304-2B"),
    ("光伏逆变器", "组串式 50kW", "SG50CX"), ("车载摄像头模组", "200万像素 环视", "CAM-200"),
    ("齿轮箱", "风电 行星齿轮", "FD-2000"), ("密封圈", "氟橡胶 O型圈", "FKM-O-20"),
    ("PCB电路板", "6层 沉金 FR-4", "PCB-6L"), ("工业相机", "500万像素 千兆网口", "MV-CA050"),
    ("电机控制器", "永磁同步 150kW", "MCU-150"), ("环氧树脂胶粘剂", "双组分 结构胶", "EP-2200"),
    ("高强钢冲压件", "B柱加强板 热成型", "B-PILLAR-01"), ("散热器", "铝制 水冷板", "LQB-300"),
    ("传感器", "压力传感器 0-10MPa", "PT-10M"), ("数控刀具", "硬质合金 铣刀", "EM-10"),
    ("连接器", "高压连接器 250A", "HVC-250"),
]


def add_background(db_session, make_enterprise) -> None:
    owner = make_enterprise(role=EnterpriseRole.SME, name="背景供应商有限公司")
    for name, description, part in BACKGROUND:
        db_session.add(SupplyItem(enterprise_id=owner.id, identity_key=item_identity_key(name, [part]),
                                  category=ItemCategory.COMPONENT, product_name=name, description=description,
                                  part_numbers=[part]))
    db_session.commit()


class World:
    """A chain leader, its demand item, and keys; suppliers are added one by one through the API."""

    def __init__(self, client, db_session, make_enterprise, make_key, **demand: Any) -> None:
        self.client, self.db_session, self.make_enterprise, self.make_key = client, db_session, make_enterprise, make_key
        add_background(db_session, make_enterprise)
        self.leader = make_enterprise(role=EnterpriseRole.CHAIN_LEADER, name="重庆长嘉汽车有限公司", **LEADER_PLACE)
        self.operator = make_key(ApiRole.OPERATOR)
        self.leader_key = make_key(ApiRole.CHAIN_LEADER, self.leader)
        response = client.post("/api/v1/demand-items", headers=self.operator,
                               json={"enterprise_id": self.leader.id, **DEMAND, **demand})
        assert response.status_code == 201, response.text
        self.demand_id = response.json()["id"]

    def supplier(self, *, qualifications: tuple[QualificationKind, ...] = (), place: dict | None = None,
                 **item: Any) -> int:
        """A new SME with one supply item (equal to every other supplier's unless ``item`` says otherwise)."""
        sme = self.make_enterprise(role=EnterpriseRole.SME, **(place if place is not None else
                                                                {"province": "广东省", "city": "深圳市",
                                                                 "district": "南山区"}))
        for kind in qualifications:
            self.db_session.add(Qualification(enterprise_id=sme.id, kind=kind, year=2023))
        self.db_session.commit()
        body = {"enterprise_id": sme.id, **SUPPLY, **item}
        response = self.client.post("/api/v1/supply-items", headers=self.operator, json=body)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def suggestions(self, headers: dict | None = None, **params: Any) -> list[dict]:
        response = self.client.get(f"/api/v1/demand-items/{self.demand_id}/suggestions",
                                   headers=headers or self.leader_key, params={"limit": 50, **params})
        assert response.status_code == 200, response.text
        return response.json()["suggestions"]

    def ranked_ids(self, **params: Any) -> list[int]:
        return [s["supply_item"]["id"] for s in self.suggestions(**params)]


def contribution(suggestion: dict, comparison: str) -> dict:
    return next(c for c in suggestion["contributions"] if c["comparison"] == comparison)


def by_id(suggestions: list[dict], supply_item_id: int) -> dict:
    return next(s for s in suggestions if s["supply_item"]["id"] == supply_item_id)
